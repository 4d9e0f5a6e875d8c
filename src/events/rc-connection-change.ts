import type { ConnectionState } from '../core/states.js';

export interface RcConnectionChangeDetail {
  readonly state: ConnectionState;
}
/** The signalling connection changed (`disconnected | connecting | connected | reconnecting`). */
export type RcConnectionChangeEvent = CustomEvent<RcConnectionChangeDetail>;

declare global {
  interface HTMLElementEventMap {
    'rc-connection-change': RcConnectionChangeEvent;
  }
}
