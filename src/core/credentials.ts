/**
 * Where a phone's SIP credentials come from. A static object for a plain SIP server; a
 * {@link CredentialSource} for providers that fetch (and refresh) them: RingCentral,
 * an app server's token endpoint.
 */
export interface SipCredentials {
  /** `wss://` URL of the SIP-over-WebSocket server (RFC 7118). */
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
}

/** A provider of credentials. `load` is called on start and again whenever fresh ones are needed. */
export interface CredentialSource {
  /** A short name for logs and errors: 'sip', 'ringcentral', 'token'… */
  readonly kind: string;
  load(signal: AbortSignal): Promise<SipCredentials>;
  /** Extra call features this provider offers (shown by elements only when present). */
  readonly capabilities?: readonly string[];
  /** Releases anything the source holds (timers, listeners). */
  dispose?(): void;
}

export const isCredentialSource = (value: SipCredentials | CredentialSource): value is CredentialSource =>
  typeof (value as CredentialSource).load === 'function';

/** Wraps fixed credentials as a source. */
export const staticCredentials = (credentials: SipCredentials): CredentialSource => ({
  kind: 'sip',
  load: () => Promise.resolve(credentials),
});
