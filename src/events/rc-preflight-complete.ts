import type { PreflightReport } from '../core/preflight/preflight.js';

export interface RcPreflightCompleteDetail {
  /** Every check, pass/warn/fail/skipped, with what to do. */
  readonly report: PreflightReport;
}
/** `<rc-preflight>` finished its test. */
export type RcPreflightCompleteEvent = CustomEvent<RcPreflightCompleteDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-preflight-complete': RcPreflightCompleteEvent;
  }
}
