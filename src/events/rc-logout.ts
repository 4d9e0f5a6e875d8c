export interface RcLogoutDetail {
  /** The address of record that signed out; undefined means every account of this browser. */
  readonly uri: string | undefined;
}
/**
 * The user signed out. Providers and apps dispatch it (bubbling, composed) on sign-out;
 * `<rc-call-list>` hears it on `window` and deletes that account's recent-calls log.
 */
export type RcLogoutEvent = CustomEvent<RcLogoutDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-logout': RcLogoutEvent;
  }
  interface WindowEventMap {
    'rc-logout': RcLogoutEvent;
  }
}
