import { RcCallQuality } from './rc-call-quality.component.js';

RcCallQuality.define('rc-call-quality');

declare global {
  interface HTMLElementTagNameMap {
    'rc-call-quality': RcCallQuality;
  }
}
