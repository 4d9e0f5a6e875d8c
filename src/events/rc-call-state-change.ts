import type { CallSnapshot } from '../core/call.js';
import type { CallState } from '../core/states.js';

export interface RcCallStateChangeDetail {
  readonly callId: string;
  readonly state: CallState;
  readonly previous: CallState;
  readonly call: CallSnapshot;
}
/** A call moved to another state (`dialing | ringing | answering | established | ended`). */
export type RcCallStateChangeEvent = CustomEvent<RcCallStateChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-state-change': RcCallStateChangeEvent;
  }
}
