export interface RcDtmfDetail {
  readonly callId: string;
  /** The tones sent: one key, or several when pasted (0-9, *, #). */
  readonly tones: string;
}
/** Keypad tones were sent on a call (after the phone accepted them). */
export type RcDtmfEvent = CustomEvent<RcDtmfDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-dtmf': RcDtmfEvent;
  }
}
