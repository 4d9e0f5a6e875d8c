import { RcPhoneProvider } from './rc-phone-provider.component.js';

RcPhoneProvider.define('rc-phone-provider');

declare global {
  interface HTMLElementTagNameMap {
    'rc-phone-provider': RcPhoneProvider;
  }
}
