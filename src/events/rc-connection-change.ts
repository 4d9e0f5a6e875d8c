import type { ConnectionState } from '../core/states.js';

export interface RcConnectionChangeDetail {
  readonly state: ConnectionState;
  /**
   * Reconnection attempts since the connection was lost: 1, 2… while `reconnecting`; on
   * `connected`, the attempts it took (0 for the first connection); 0 otherwise.
   */
  readonly attempt: number;
}
/** The signalling connection changed (`disconnected | connecting | connected | reconnecting`). */
export type RcConnectionChangeEvent = CustomEvent<RcConnectionChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-connection-change': RcConnectionChangeEvent;
  }
}
