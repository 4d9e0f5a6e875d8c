/**
 * What the SIP layer rewrote in the messages of a call, remembered by Call-ID so that what
 * the kit sends in that call can be written back: per call, a text as the kit writes it → the
 * text the peer sent. Kept for the `limit` most recently seen calls: a flood of calls from a
 * peer cannot grow it without bound. Plain strings, no sip.js.
 */
export class CallRewrites {
  private readonly calls = new Map<string, Map<string, string>>();

  constructor(private readonly limit = 64) {}

  /** The rewrites of the call `message` belongs to. */
  of(message: string): ReadonlyMap<string, string> | undefined {
    const callId = callIdOf(message);
    return callId === undefined ? undefined : this.calls.get(callId);
  }

  /** Adds `rewrites` to the call `received` belongs to, now the most recent call, forgetting the oldest beyond the limit. */
  add(received: string, rewrites: Iterable<readonly [string, string]>): void {
    const callId = callIdOf(received);
    if (callId === undefined) return;
    const known = new Map([...(this.calls.get(callId) ?? []), ...rewrites]);
    if (known.size === 0) return;
    this.calls.delete(callId);
    this.calls.set(callId, known);
    for (const oldest of this.calls.keys()) {
      if (this.calls.size <= this.limit) break;
      this.calls.delete(oldest);
    }
  }
}

const CALL_ID = /^(?:call-id|i)[ \t]*:[ \t]*(\S+)/im;

/** The Call-ID of a message's text (RFC 3261 §20.8, compact form `i`). */
const callIdOf = (text: string): string | undefined => CALL_ID.exec(text)?.[1];
