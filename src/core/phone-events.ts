/**
 * What a phone publishes: its snapshot and its events. Both `Phone` and `SharedPhone` (a tab
 * mirroring another tab's phone) publish them, and elements render them, so they live apart
 * from the engine that fires them.
 */
import type { CallSnapshot } from './call.js';
import type { PhoneError } from './errors.js';
import type { CallQualityDetail, CallWarningDetail } from './quality/quality.js';
import type { CallEndReason, CallState, ConnectionState, RegistrationState } from './states.js';

/** An immutable view of the whole phone: what elements render. */
export interface PhoneSnapshot {
  readonly connection: ConnectionState;
  /** The reconnection attempt, as in the `connection-change` event (absent before the phone starts). */
  readonly connectionAttempt?: number;
  /**
   * While `reconnecting` and waiting out the backoff: when the next attempt starts (ms since
   * epoch), for a countdown; `start()` (the context's `commands.start()`) tries at once.
   */
  readonly reconnectAt?: number | undefined;
  readonly registration: RegistrationState;
  /** Live calls, oldest first (ended calls are removed). */
  readonly calls: readonly CallSnapshot[];
  /** The call the controls act on: the one talking, else the one being set up, else the ringing one. */
  readonly currentCallId: string | undefined;
  /** Our own address of record, once credentials are loaded. */
  readonly uri: string | undefined;
  /** Extra features of the credential provider (e.g. RingCentral's 'record', 'park'). */
  readonly capabilities: readonly string[];
}

export interface CallEndedDetail {
  readonly call: CallSnapshot;
  readonly reason: CallEndReason;
  readonly error: PhoneError | undefined;
}

/**
 * Events of a `Phone` (and of a `SharedPhone`). Each `detail` is an object so it can grow.
 * Each fires after the `change` that publishes its snapshot, so `snapshot()` is current in
 * every listener (a page can answer a call from its `call-incoming` listener).
 */
export interface PhoneEventMap {
  /**
   * The signalling connection changed. `attempt` counts reconnection attempts since the
   * connection was lost: 1, 2… while `reconnecting`; on `connected`, the attempts it took
   * (0 for the first connection). Absent where the phone is another tab's (a mirror).
   */
  'connection-change': CustomEvent<{ state: ConnectionState; attempt?: number }>;
  'registration-change': CustomEvent<{ state: RegistrationState }>;
  'call-incoming': CustomEvent<{ call: CallSnapshot }>;
  'call-state-change': CustomEvent<{ call: CallSnapshot; previous: CallState }>;
  /** A call changed without changing state: hold, remote hold, mute, recording, early media, the remote party's name, a quality warning raised or cleared. */
  'call-update': CustomEvent<{ call: CallSnapshot }>;
  'call-ended': CustomEvent<CallEndedDetail>;
  /** A measurement of an answered call's audio path, every `quality.eventInterval` (default 5 s). */
  'call-quality': CustomEvent<CallQualityDetail>;
  /** A call's quality crossed a threshold (docs/quality.md); `call-warning-cleared` follows once it recovers. */
  'call-warning': CustomEvent<CallWarningDetail>;
  'call-warning-cleared': CustomEvent<CallWarningDetail>;
  /** The peer sent a DTMF tone by SIP INFO (application/dtmf-relay). */
  'dtmf-received': CustomEvent<{ callId: string; tone: string }>;
  /**
   * The credentials expire at `expiresAt` (ms since epoch) and the phone is fetching new
   * ones from the credential source; it re-registers with them without touching calls.
   */
  'credentials-expiring': CustomEvent<{ expiresAt: number }>;
  /** Something failed outside any method call (registration lost, a call's media failed…). */
  error: CustomEvent<{ error: PhoneError; callId: string | undefined }>;
  /** Anything in {@link PhoneSnapshot} changed. */
  change: CustomEvent<{ snapshot: PhoneSnapshot }>;
}
