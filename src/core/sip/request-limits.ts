/**
 * Bounds on the in-dialog INFO and MESSAGE requests a peer sends (RFC 6086, RFC 3428): the
 * kit answers each, and hands the body to the core (DTMF, a provider's call control) only
 * within these. Whatever the peer sends, the work per call stays bounded: a body is read
 * only when small, and a flood is answered without being handed on.
 */
const REQUEST_LIMITS = {
  /** A body larger than this is refused with 413 (RFC 3261 §21.4.11): DTMF and JSON commands are a few hundred bytes. */
  bytes: 8_192,
  /**
   * More requests than this within one second are refused with 480 and Retry-After
   * (RFC 3261 §21.4.18): not 503, which a proxy must turn into 500 without the Retry-After
   * (§16.7 item 6).
   */
  perSecond: 20,
} as const;

/** How a request beyond the limits is answered. */
interface Refusal {
  readonly statusCode: number;
  readonly extraHeaders: readonly string[];
}

/** Counts one call's INFO and MESSAGE requests from its peer. */
export class InDialogRequestLimiter {
  /** Arrival times within the last second, oldest first. */
  private readonly recent: number[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** undefined when the request may be handed on, else how to refuse it. */
  refusal(body: string): Refusal | undefined {
    if (body.length > REQUEST_LIMITS.bytes) return { statusCode: 413, extraHeaders: [] };
    const now = this.now();
    while (this.recent.length > 0 && now - (this.recent[0] ?? now) >= 1_000) this.recent.shift();
    if (this.recent.length >= REQUEST_LIMITS.perSecond) return { statusCode: 480, extraHeaders: ['Retry-After: 1'] };
    this.recent.push(now);
    return undefined;
  }
}
