import type { CallQuality, QualityWarning } from '../core/quality/quality.js';

export interface RcCallWarningDetail {
  readonly callId: string;
  readonly warning: QualityWarning;
  /** The measurement that raised (or cleared) it. */
  readonly quality: CallQuality;
}
/** A call's quality crossed a threshold (docs/quality.md). `rc-call-warning-cleared` follows when it recovers. */
export type RcCallWarningEvent = CustomEvent<RcCallWarningDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-warning': RcCallWarningEvent;
  }
}
