import type { RcCallWarningDetail } from './rc-call-warning.js';

/** A warning of `rc-call-warning` cleared: the call's quality is back inside the threshold (with hysteresis). */
export type RcCallWarningClearedEvent = CustomEvent<RcCallWarningDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-warning-cleared': RcCallWarningClearedEvent;
  }
}
