/**
 * What the SIP layer remembers about the calls of received messages, by Call-ID, for the
 * `limit` most recently seen calls: a flood of calls from a peer cannot grow it without bound.
 * Plain strings, no sip.js.
 */
export class PerCall<V> {
  private readonly calls = new Map<string, V>();

  constructor(private readonly limit = 64) {}

  get(callId: string | undefined): V | undefined {
    return callId === undefined ? undefined : this.calls.get(callId);
  }

  /** Stores `value` for `callId` as the most recent call, forgetting the oldest beyond the limit. */
  set(callId: string, value: V): void {
    this.calls.delete(callId);
    this.calls.set(callId, value);
    for (const oldest of this.calls.keys()) {
      if (this.calls.size <= this.limit) break;
      this.calls.delete(oldest);
    }
  }
}

const CALL_ID = /^(?:call-id|i)[ \t]*:[ \t]*(\S+)/im;

/** The Call-ID of a message's text (RFC 3261 §20.8, compact form `i`). */
export const callIdOf = (text: string): string | undefined => CALL_ID.exec(text)?.[1];
