/** `{}` today; an object so it can grow. */
export type RcRequestLoginDetail = Record<string, never>;
/** The user asked to sign in (`<rc-login>`), fired before the sign-in starts. Cancelable. */
export type RcRequestLoginEvent = CustomEvent<RcRequestLoginDetail>;
/** The user asked to sign out (`<rc-login>`), fired before signing out. Cancelable. */
export type RcRequestLogoutEvent = CustomEvent<RcRequestLoginDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-request-login': RcRequestLoginEvent;
    'rc-request-logout': RcRequestLogoutEvent;
  }
}
