import type { CallSnapshot } from '../core/call.js';

export interface RcCallUpdateDetail {
  readonly callId: string;
  /** The call as it is now. */
  readonly call: CallSnapshot;
}
/**
 * A call changed without changing state: held or resumed (`held`), held by the other side
 * (`remoteHeld`), muted (`muted`), early media started (`earlyMedia`), or the other party's
 * name became known (`remote`). Compare with the snapshot you kept to see which.
 */
export type RcCallUpdateEvent = CustomEvent<RcCallUpdateDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-update': RcCallUpdateEvent;
  }
}
