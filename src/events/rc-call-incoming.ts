import type { CallSnapshot } from '../core/call.js';

export interface RcCallIncomingDetail {
  readonly callId: string;
  readonly call: CallSnapshot;
}
/** A call is ringing. `call.remote.displayName` is untrusted text. */
export type RcCallIncomingEvent = CustomEvent<RcCallIncomingDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-incoming': RcCallIncomingEvent;
  }
}
