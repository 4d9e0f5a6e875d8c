import { RcPreflight } from './rc-preflight.component.js';

RcPreflight.define('rc-preflight');

declare global {
  interface HTMLElementTagNameMap {
    'rc-preflight': RcPreflight;
  }
}
