export interface RcRequestTransferDetail {
  /** The call the request came in. */
  readonly callId: string;
  /** Where the other party wants the phone to call: a `sip:` or `sips:` URI. */
  readonly target: string;
  /** Who asks: the call's remote party (only as true as the SIP server's checks of From). */
  readonly from: string;
  /** An attended transfer: the new call replaces one the target has (RFC 3891). */
  readonly attended: boolean;
}
/**
 * The other party of a call asked the phone to call someone else (REFER, RFC 3515), and the
 * `transfer-policy` allows it. Cancelable: `preventDefault()` refuses it (the peer gets 403,
 * the page `rc-error` `transfer-refused`). Decided synchronously; to ask the user first, give
 * `transferPolicy` a function instead.
 */
export type RcRequestTransferEvent = CustomEvent<RcRequestTransferDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-request-transfer': RcRequestTransferEvent;
  }
}
