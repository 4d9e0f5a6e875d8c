import type { CallSnapshot } from '../core/call.js';
import type { PhoneError } from '../core/errors.js';
import type { CallEndReason } from '../core/states.js';

export interface RcCallEndedDetail {
  readonly callId: string;
  readonly reason: CallEndReason;
  readonly call: CallSnapshot;
  /** Set when the call failed (busy and declined calls carry one too, for their message). */
  readonly error: PhoneError | undefined;
}
/** A call ended; `reason` says why (`remote-hangup`, `busy`, `answered-elsewhere`…). */
export type RcCallEndedEvent = CustomEvent<RcCallEndedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-ended': RcCallEndedEvent;
  }
}
