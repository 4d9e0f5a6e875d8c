export interface RcCredentialsExpiringDetail {
  /** When the current credentials stop working (ms since the epoch). */
  readonly expiresAt: number;
}
/**
 * Short-lived credentials (`provider="token"`) are about to expire and the phone is fetching
 * new ones. Informational: a failure to renew follows as `rc-error` (`token-fetch-failed`).
 */
export type RcCredentialsExpiringEvent = CustomEvent<RcCredentialsExpiringDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-credentials-expiring': RcCredentialsExpiringEvent;
  }
}
