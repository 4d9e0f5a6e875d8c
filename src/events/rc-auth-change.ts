import type { AuthSnapshot } from '../core/auth.js';

export interface RcAuthChangeDetail {
  /** The provider that signs in ('ringcentral'). */
  readonly provider: string;
  readonly status: AuthSnapshot['status'];
  /**
   * Why a session ended, on `signed-out`: the user signed out, the session was over
   * (7 days unused, revoked, refresh refused — `rc-error` says which), or another tab signed out.
   */
  readonly reason: 'user' | 'session-ended' | 'elsewhere' | undefined;
}
/** The sign-in state of the phone's provider changed (signing in, signed in, signed out). */
export type RcAuthChangeEvent = CustomEvent<RcAuthChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-auth-change': RcAuthChangeEvent;
  }
}
