import type { DtmfMethod } from '../core/call-options.js';

export interface RcRequestDialDetail {
  /**
   * What will be called: the normalised number (E.164 when it could be), extension, user
   * name or `sip:` URI. A listener may rewrite it (add a prefix, route through a gateway).
   */
  target: string;
  /** What the user typed or pasted. */
  readonly input: string;
  /** Extra INVITE headers for this call, `Name: value` each; a listener may set them (checked as `call()`'s `headers`). */
  headers?: string[];
  /** How this call sends DTMF; a listener may set it. */
  dtmf?: DtmfMethod;
}
/**
 * The user asked to place a call. Cancelable: `preventDefault()` stops the call (the app
 * may place it itself); changing `detail.target` calls that instead; `detail.headers` and
 * `detail.dtmf` set the call's options.
 */
export type RcRequestDialEvent = CustomEvent<RcRequestDialDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-request-dial': RcRequestDialEvent;
  }
}
