import type { ErrorCode, PhoneError } from '../core/errors.js';

export interface RcErrorDetail {
  readonly code: ErrorCode;
  readonly error: PhoneError;
  /** The call the error belongs to, if any. */
  readonly callId: string | undefined;
}
/** Something failed; `code` is stable, `error.solutions` says what to do. */
export type RcErrorEvent = CustomEvent<RcErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-error': RcErrorEvent;
  }
}
