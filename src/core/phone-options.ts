/**
 * What a phone is configured with, and how those options and the credentials become the SIP
 * stack's settings: a new option is added here, next to where it takes effect, and the
 * checks of a configuration that cannot work are in one place.
 */
import type { AutoAnswerPolicy } from './auto-answer.js';
import type { CredentialSource, SipCredentials } from './credentials.js';
import { ErrorCode, PhoneError } from './errors.js';
import { instanceId } from './instance-id.js';
import type { Logger } from './log.js';
import type { QualityOptions } from './quality/quality.js';
import { checkServer, parseServers, RECONNECT_DEFAULTS, type ReconnectOptions } from './reconnect.js';
import type { SessionTimerSettings, SipStackFactory, SipStackOptions } from './sip/types.js';
import type { TransferPolicy } from './transfer-policy.js';

export interface PhoneOptions {
  credentials: SipCredentials | CredentialSource;
  /** STUN/TURN servers. Default none: calls on one network need none, and a public default leaks addresses. */
  iceServers?: readonly RTCIceServer[];
  /**
   * Which ICE candidates calls may use (W3C webrtc-pc `RTCIceTransportPolicy`): 'all' (default)
   * or 'relay', to send media only through the TURN servers of `iceServers` (hides this
   * computer's addresses from the far end; needs a TURN server).
   */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Register as soon as connected (default true). */
  autoRegister?: boolean;
  /** 'rfc4733' (default; falls back to INFO when not negotiated) or 'info'. */
  dtmfTransport?: 'rfc4733' | 'info';
  /** Upper bound for ICE candidate gathering before an offer/answer is sent (ms, default 400). */
  iceGatheringTimeout?: number;
  /** RFC 5626 instance id; default: a UUID kept per browser profile and address of record. */
  instanceId?: string;
  userAgentString?: string;
  /** Microphone device id for calls ('' = default). */
  audioInputId?: string;
  /** Speaker device id for call audio ('' = default). */
  audioOutputId?: string;
  /** The SIP stack (default: sip.js). */
  stackFactory?: SipStackFactory;
  mediaDevices?: Pick<MediaDevices, 'getUserMedia'>;
  /** Where the instance id is kept (default localStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  logger?: Logger;
  /** Reconnection, keep-alive and failover settings (backoff, failover codes, timeouts…). */
  reconnect?: ReconnectOptions;
  /** Allows `ws://` to hosts other than this computer (default false: `wss://` is required). */
  allowInsecure?: boolean;
  /** Logs every SIP message, redacted, at debug level (default false: SIP carries personal data). */
  traceSip?: boolean;
  /**
   * Which transfers requested by the other party (REFER) this phone follows: `'same-domain'`
   * (default: `sip:`/`sips:` addresses in the phone's own SIP domain), `'never'`, or a
   * function deciding each request. Refused requests are answered 403 and reported as
   * `transfer-refused`.
   */
  transferPolicy?: TransferPolicy;
  /**
   * Believe a CANCEL's `Reason: SIP;cause=200` ("answered elsewhere", RFC 3326), which keeps
   * the call out of the missed calls. Only safe when the SIP server strips the Reason of the
   * CANCELs callers send (Kamailio: `modparam("tm", "e2e_cancel_reason", 0)`): otherwise any
   * caller can hide a missed call. Default: the credential source's `trustsCancelReason`
   * (RingCentral: yes), else false.
   */
  trustCancelReason?: boolean;
  /**
   * Session timers (RFC 4028, seconds): `expires`, the interval the phone asks for on its
   * calls (default 1800, RFC 4028 §4), and `minExpires`, the smallest interval it accepts from
   * a peer (default 90, the RFC's floor; a smaller one is answered 422). The phone refreshes
   * at half the interval when it is the refresher, and ends a call nobody refreshed in time
   * (`session-expired`).
   */
  sessionTimers?: { expires?: number; minExpires?: number };
  /**
   * Auto-answer (intercom): decides, per incoming call whose INVITE asks for it
   * (`Call-Info: <…>;answer-after=N`, an intercom `Alert-Info`, `Answer-Mode: Auto`),
   * whether the phone answers it by itself after the delay asked for. Without a policy
   * (the default) such calls ring like any other. See src/core/auto-answer.ts.
   */
  autoAnswer?: AutoAnswerPolicy;
  /** Call quality monitoring: warning thresholds, how often `call-quality` fires (docs/quality.md). */
  quality?: QualityOptions;
}

const USER_AGENT = 'rc-phone-kit/0.1';

/** RFC 4028 §4: 1800 s recommended, and no interval below 90 s. */
const SESSION_TIMER_DEFAULTS = { expires: 1800, minExpires: 90 };

function sessionTimerSettings(options: PhoneOptions): SessionTimerSettings {
  const settings = { ...SESSION_TIMER_DEFAULTS, ...options.sessionTimers };
  for (const [name, value] of Object.entries(settings))
    if (!Number.isInteger(value) || value < 1)
      throw new PhoneError(ErrorCode.InvalidConfiguration, { message: `sessionTimers.${name} must be a whole number of seconds, got ${String(value)}.` });
  return settings;
}

/** STUN/TURN servers for calls: the provider's, else the app's. */
export const iceServers = (credentials: SipCredentials, options: PhoneOptions): readonly RTCIceServer[] => credentials.iceServers ?? options.iceServers ?? [];

/** The SIP stack's settings but its callbacks; throws `invalid-configuration` for a configuration that cannot work. */
export function stackSettings(credentials: SipCredentials, options: PhoneOptions): Omit<SipStackOptions, 'delegate' | 'log'> {
  const { uri } = credentials;
  const [server, ...backups] = parseServers(credentials.server);
  if (server === undefined) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'No server is configured.' });
  for (const each of [server, ...backups]) checkServer(each, options.allowInsecure ?? false);
  if (!/^sips?:[^\s@]+@[^\s@]+$/i.test(uri))
    throw new PhoneError(ErrorCode.InvalidConfiguration, { message: `The uri must look like sip:user@domain, got "${uri}".` });
  const servers = iceServers(credentials, options);
  const iceTransportPolicy = options.iceTransportPolicy ?? 'all';
  // With no TURN server a relay-only call gathers no candidate at all: it could never carry audio.
  if (iceTransportPolicy === 'relay' && !servers.some((server) => [server.urls].flat().some((url) => /^turns?:/i.test(url))))
    throw new PhoneError(ErrorCode.InvalidConfiguration, { message: "iceTransportPolicy 'relay' needs a TURN server in iceServers." });
  return {
    server,
    uri,
    authorizationUsername: credentials.authorizationUsername,
    password: credentials.password,
    displayName: credentials.displayName,
    iceServers: servers,
    iceTransportPolicy,
    instanceId: instanceId(uri, options.instanceId, options.storage),
    userAgentString: options.userAgentString ?? USER_AGENT,
    registerHeaders: credentials.registerHeaders ?? [],
    iceGatheringTimeout: options.iceGatheringTimeout ?? 400,
    responseTimeout: options.reconnect?.responseTimeout ?? RECONNECT_DEFAULTS.responseTimeout,
    traceSip: options.traceSip ?? false,
    sessionTimer: sessionTimerSettings(options),
  };
}
