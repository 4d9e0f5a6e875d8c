/**
 * What a user can ask of a call from the elements. The provider-specific ones run only
 * when the snapshot's `capabilities` include them: 'record', 'park', 'flip', 'forward',
 * 'voicemail', 'reply'.
 */
export type RcCallAction =
  | 'answer'
  | 'decline'
  | 'hangup'
  | 'hold'
  | 'unhold'
  | 'mute'
  | 'unmute'
  /** Blind transfer to `target`. */
  | 'transfer'
  /** Warm transfer, step 1: call `target` while this call waits on hold. */
  | 'consult'
  /** Warm transfer, step 2: connect this call's party with the consultation call's (`consultCallId`). */
  | 'complete-transfer'
  /** Warm transfer abandoned: hang up the consultation call (`consultCallId`) and resume this one. */
  | 'cancel-transfer'
  /** A call that answers by itself (auto-answer, `autoAnswerAt`) rings on instead. */
  | 'cancel-auto-answer'
  | 'record'
  | 'stop-record'
  | 'park'
  | 'flip'
  | 'forward'
  | 'voicemail'
  | 'reply';

export interface RcRequestCallActionDetail {
  readonly callId: string;
  readonly action: RcCallAction;
  /** Number or address for 'transfer', 'consult', 'flip', 'forward'; a listener may rewrite it. */
  target?: string;
  /** The text of a 'reply'; a listener may rewrite it. */
  message?: string;
  /** The consultation call of 'complete-transfer' and 'cancel-transfer'. */
  readonly consultCallId?: string;
}
/**
 * The user asked for something on a call (answer, hold, transfer, park…), fired before the
 * phone is told. Cancelable: `preventDefault()` stops it.
 */
export type RcRequestCallActionEvent = CustomEvent<RcRequestCallActionDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-request-call-action': RcRequestCallActionEvent;
  }
}
