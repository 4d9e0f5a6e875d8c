export interface RcDtmfReceivedDetail {
  readonly callId: string;
  /** One of 0-9, *, #, A-D. */
  readonly tone: string;
}
/** The other party pressed a key and it arrived by SIP INFO (application/dtmf-relay). */
export type RcDtmfReceivedEvent = CustomEvent<RcDtmfReceivedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-dtmf-received': RcDtmfReceivedEvent;
  }
}
