import type { Call } from './call.js';
import type { ProviderRequest } from './sip/types.js';

// Declared beside the SIP stack's interfaces, so that call.ts (which hands requests on)
// need not import this module, which imports call.ts.
export type { ProviderRequest };

/**
 * Where a phone's SIP credentials come from. A static object for a plain SIP server; a
 * {@link CredentialSource} for providers that fetch (and refresh) them: RingCentral,
 * an app server's token endpoint.
 */
export interface SipCredentials {
  /**
   * `wss://` URL of the SIP-over-WebSocket server (RFC 7118), or several separated by spaces
   * or commas: the first is used, the others are backups in order (failover).
   */
  readonly server: string;
  /** Address of record, `sip:user@domain`. */
  readonly uri: string;
  /** Digest user name when it differs from the URI's user. */
  readonly authorizationUsername?: string | undefined;
  readonly password?: string | undefined;
  readonly displayName?: string | undefined;
  /** STUN/TURN servers the provider hands out; used instead of the phone's own `iceServers`. */
  readonly iceServers?: readonly RTCIceServer[] | undefined;
  /** When these credentials stop working (ms since epoch); sources that set it are asked again before. */
  readonly expiresAt?: number | undefined;
  /** Extra headers on REGISTER. */
  readonly registerHeaders?: readonly string[] | undefined;
  /** REGISTER answers that move to the next server of `server` (RingCentral's `sipErrorCodes`). */
  readonly failoverCodes?: readonly number[] | undefined;
  /** On a backup server, how long to stay before checking whether the first one is back, plus jitter (ms; RingCentral's `switchBackInterval`). */
  readonly failbackInterval?: number | undefined;
}

/** A provider of credentials. `load` is called on start and again whenever fresh ones are needed. */
export interface CredentialSource {
  /** A short name for logs and errors: 'sip', 'ringcentral', 'token'… */
  readonly kind: string;
  load(signal: AbortSignal): Promise<SipCredentials>;
  /**
   * Names the device before {@link load} runs, for sources whose address of record is known
   * only once loaded but is the same in every tab of a browser profile (RingCentral: one
   * signed-in session per profile; an app server's token endpoint: one app session per
   * profile). Tabs whose sources have the same key share one phone (see `SharedPhone`), so
   * only one of them loads credentials and registers. Undefined: the source cannot tell.
   */
  readonly shareKey?: string | undefined;
  /** Extra call features this provider offers (shown by elements only when present). */
  readonly capabilities?: readonly string[];
  /**
   * Runs one of {@link capabilities} on a call (RingCentral: 'record', 'park', 'flip',
   * 'forward', 'voicemail', 'reply'). Resolves with the provider's result (e.g. the park location).
   */
  callAction?(call: Call, action: string, args?: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** Hooks into the phone's SIP traffic, for providers that speak their own dialect on top of SIP. */
  readonly hooks?: ProviderHooks;
  /**
   * The SIP server this source connects to strips the `Reason` of CANCELs it forwards, so a
   * CANCEL with `cause=200` is its own word that another device answered (RingCentral's
   * platform is the only party that talks to the phone). See `PhoneOptions.trustCancelReason`.
   */
  readonly trustsCancelReason?: boolean;
  /** Releases anything the source holds (timers, listeners). */
  dispose?(): void;
}

/** What the phone lets a credential source's hooks do. */
export interface ProviderHost {
  /**
   * Sends an out-of-dialog MESSAGE (RFC 3428) to `target`, a `sip:` URI, through the
   * phone's connection. Resolves on a 2xx; rejects with a `PhoneError` otherwise.
   */
  sendMessage(target: string, contentType: string, body: string, extraHeaders?: readonly string[]): Promise<void>;
  /** The phone's live calls, oldest first. */
  calls(): readonly Call[];
}

/**
 * Optional hooks of a {@link CredentialSource} into the phone, for providers that add
 * their own signalling to SIP (RingCentral: the `P-rc` header of incoming calls, the
 * call-control MESSAGE and INFO bodies). Every hook is optional and called synchronously;
 * an exception it throws is reported as the phone's `error` event, never thrown at the app.
 */
export interface ProviderHooks {
  /** The phone created its SIP stack (before connecting). Keep `host` to send requests later. */
  attach?(host: ProviderHost): void;
  /** Extra headers for an outgoing INVITE to `targetUri` (RingCentral: P-Asserted-Identity for the caller ID). */
  outgoingHeaders?(targetUri: string): readonly string[];
  /** A call started ringing, before `call-incoming` fires: read headers, set the caller's name, confirm receipt. */
  incoming?(call: Call): void;
  /** An outgoing call got a provisional or 2xx response: read its headers with `call.header()`. */
  response?(call: Call): void;
  /** An out-of-dialog MESSAGE from the server (RingCentral: "answered elsewhere", "session closed"). */
  message?(request: ProviderRequest): void;
  /** An in-dialog INFO or MESSAGE on `call` that the core does not handle itself (RingCentral: command responses). */
  callRequest?(call: Call, request: ProviderRequest): void;
  /** `call` changed state (`call.state` is the new one): answered, ended… (RingCentral: follows the platform's recordings while answered). */
  callState?(call: Call): void;
}

export const isCredentialSource = (value: SipCredentials | CredentialSource): value is CredentialSource =>
  typeof (value as CredentialSource).load === 'function';

/** Wraps fixed credentials as a source. */
export const staticCredentials = (credentials: SipCredentials): CredentialSource => ({
  kind: 'sip',
  load: () => Promise.resolve(credentials),
});
