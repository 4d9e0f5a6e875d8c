import { RcDialpad } from './rc-dialpad.component.js';

RcDialpad.define('rc-dialpad');

declare global {
  interface HTMLElementTagNameMap {
    'rc-dialpad': RcDialpad;
  }
}
