export interface RcRequestDialDetail {
  /**
   * What will be called: the normalised number (E.164 when it could be), extension, user
   * name or `sip:` URI. A listener may rewrite it (add a prefix, route through a gateway).
   */
  target: string;
  /** What the user typed or pasted. */
  readonly input: string;
}
/**
 * The user asked to place a call. Cancelable: `preventDefault()` stops the call (the app
 * may place it itself); changing `detail.target` calls that instead.
 */
export type RcRequestDialEvent = CustomEvent<RcRequestDialDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-request-dial': RcRequestDialEvent;
  }
}
