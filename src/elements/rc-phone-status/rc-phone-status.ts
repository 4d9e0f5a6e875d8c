import { RcPhoneStatus } from './rc-phone-status.component.js';

RcPhoneStatus.define('rc-phone-status');

declare global {
  interface HTMLElementTagNameMap {
    'rc-phone-status': RcPhoneStatus;
  }
}
