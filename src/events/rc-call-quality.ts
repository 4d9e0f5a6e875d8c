import type { CallQuality } from '../core/quality/quality.js';

export interface RcCallQualityDetail {
  readonly callId: string;
  /** The latest measurement: MOS, RTT, jitter, loss, levels, route, codec (docs/quality.md). */
  readonly quality: CallQuality;
}
/** A measurement of an answered call's audio path, every `quality.eventInterval` (default 5 s). */
export type RcCallQualityEvent = CustomEvent<RcCallQualityDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-call-quality': RcCallQualityEvent;
  }
}
