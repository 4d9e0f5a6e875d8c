import { RcIncomingCall } from './rc-incoming-call.component.js';

RcIncomingCall.define('rc-incoming-call');

declare global {
  interface HTMLElementTagNameMap {
    'rc-incoming-call': RcIncomingCall;
  }
}
