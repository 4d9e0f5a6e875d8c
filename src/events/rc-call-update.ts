import type { CallSnapshot } from '../core/call.js';

export interface RcCallUpdateDetail {
  readonly callId: string;
  /** The call as it is now. */
  readonly call: CallSnapshot;
}
/**
 * A call changed without changing state: held or resumed (`held`), held by the other side
 * (`remoteHeld`), muted (`muted`), recording started or stopped (`recording`), early media
 * started (`earlyMedia`), the other party's name became known (`remote`), or a quality warning
 * was raised or cleared (`warnings`; each measurement alone is `rc-call-quality`). Compare
 * with the snapshot you kept to see which.
 */
export type RcCallUpdateEvent = CustomEvent<RcCallUpdateDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-update': RcCallUpdateEvent;
  }
}
