import { RcCallList } from './rc-call-list.component.js';

RcCallList.define('rc-call-list');

declare global {
  interface HTMLElementTagNameMap {
    'rc-call-list': RcCallList;
  }
}
