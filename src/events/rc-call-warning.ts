import type { CallQuality, CallWarning } from '../core/quality/quality.js';

export interface RcCallWarningDetail {
  readonly callId: string;
  readonly warning: CallWarning;
  /** The measurement that raised (or cleared) it; for `microphone-waiting`, the last one (undefined before the first). */
  readonly quality: CallQuality | undefined;
}
/**
 * A call's quality crossed a threshold, or its microphone waits for its hidden tab to be
 * selected (`microphone-waiting`; docs/quality.md). `rc-call-warning-cleared` follows when it recovers.
 */
export type RcCallWarningEvent = CustomEvent<RcCallWarningDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-warning': RcCallWarningEvent;
  }
}
