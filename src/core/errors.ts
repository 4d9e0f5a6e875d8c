/**
 * One error type for the whole kit. Every failure a user can meet is an entry of
 * {@link ERROR_CATALOGUE}: a stable `code` (what apps switch on), a human message, the
 * likely causes and what to do about them. Apps show `message`/`solutions`; logs use `code`.
 */
import { SipRequestError } from './sip/types.js';

/** Stable error codes. Never renamed: apps and the `rc-error` event detail depend on them. */
export const ErrorCode = {
  InvalidTarget: 'invalid-target',
  InvalidConfiguration: 'invalid-configuration',
  InvalidState: 'invalid-state',
  Disposed: 'disposed',
  MicrophoneDenied: 'microphone-denied',
  NoMicrophone: 'no-microphone',
  MediaFailed: 'media-failed',
  AudioPlaybackBlocked: 'audio-playback-blocked',
  RegistrationRejected: 'registration-rejected',
  RegistrationFailed: 'registration-failed',
  ServerUnreachable: 'server-unreachable',
  InsecureServer: 'insecure-server',
  Busy: 'busy',
  Declined: 'declined',
  NotFound: 'not-found',
  Unavailable: 'unavailable',
  RequestTimeout: 'request-timeout',
  Cancelled: 'cancelled',
  IceFailed: 'ice-failed',
  CallFailed: 'call-failed',
  HoldFailed: 'hold-failed',
  SessionExpired: 'session-expired',
  DtmfFailed: 'dtmf-failed',
  TransferFailed: 'transfer-failed',
  TransferRefused: 'transfer-refused',
  CallActionFailed: 'call-action-failed',
  CredentialsFailed: 'credentials-failed',
  TokenExpired: 'token-expired',
  TokenFetchFailed: 'token-fetch-failed',
  TooManyDevices: 'too-many-devices',
  LoginFailed: 'login-failed',
  LoginCancelled: 'login-cancelled',
  PopupBlocked: 'popup-blocked',
  RedirectUriMismatch: 'redirect-uri-mismatch',
  SessionEnded: 'session-ended',
  VoipPermissionMissing: 'voip-permission-missing',
  VoipUnavailable: 'voip-unavailable',
  RateLimited: 'rate-limited',
  InvalidHeader: 'invalid-header',
  StorageUnavailable: 'storage-unavailable',
  InvalidMessage: 'invalid-message',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

interface CatalogueEntry {
  readonly message: string;
  readonly causes: readonly string[];
  readonly solutions: readonly string[];
}

/** The single table every {@link PhoneError} is made from. */
export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, CatalogueEntry>> = {
  'invalid-target': {
    message: 'The number or address to call is not valid.',
    causes: ['A typo, an empty string, spaces or characters that cannot appear in a SIP address.'],
    solutions: ['Check the number; use digits, "+", or a SIP address such as sip:bob@example.com.'],
  },
  'invalid-configuration': {
    message: 'The phone is not configured correctly.',
    causes: ['A missing or malformed server URL, SIP URI or option.'],
    solutions: ['Check the `server` (ws:// or wss:// URL) and `uri` (sip:user@domain) settings.'],
  },
  'invalid-state': {
    message: 'That action is not possible in the current call state.',
    causes: ['The call already ended, or is not yet answered.'],
    solutions: ['Act on the call once it is in a state that allows it.'],
  },
  disposed: {
    message: 'The phone has been shut down.',
    causes: ['The provider element was removed from the page or dispose() was called.'],
    solutions: ['Create a new phone (reconnect the provider element).'],
  },
  'microphone-denied': {
    message: 'Microphone access was denied.',
    causes: ['The user or a browser policy blocked the microphone for this site.', 'The page is inside an iframe without allow="microphone".'],
    solutions: ['Allow the microphone in the browser’s site settings and try again.', 'Add allow="microphone" to the iframe that hosts the phone.'],
  },
  'no-microphone': {
    message: 'No microphone was found.',
    causes: ['No audio input device is connected, or the chosen device was unplugged.'],
    solutions: ['Connect a microphone or choose another input device.'],
  },
  'media-failed': {
    message: 'The microphone could not be started.',
    causes: ['Another application holds the device, or the device failed.'],
    solutions: ['Close other apps using the microphone, or choose another device.'],
  },
  'audio-playback-blocked': {
    message: 'The browser blocked call audio from playing.',
    causes: ['Autoplay policy: no user gesture on the page yet.'],
    solutions: ['Let the user click anything on the page (for example the answer button) before audio starts.'],
  },
  'registration-rejected': {
    message: 'The server rejected the sign-in.',
    causes: ['Wrong user name or password (401/403).', 'The credentials expired or were revoked.'],
    solutions: ['Check the SIP user name and password, or fetch fresh credentials.'],
  },
  'registration-failed': {
    message: 'The phone could not register with the server.',
    causes: ['The server answered with an error, or did not answer in time.'],
    solutions: ['Try again later; check the server’s logs.'],
  },
  'server-unreachable': {
    message: 'The phone server cannot be reached.',
    causes: ['The server is down, the URL is wrong, or a firewall blocks WebSocket connections.'],
    solutions: ['Check the server URL and that the server accepts WebSocket (ws/wss) connections.'],
  },
  'insecure-server': {
    message: 'The phone server address is not encrypted (ws://).',
    causes: [
      'The `server` setting uses ws:// for a host other than this computer: passwords, call data and media keys would cross the network readable by anyone on the path.',
    ],
    solutions: ['Use the server’s wss:// address.', 'For a test server on a private network only, set `allow-insecure` (the `allowInsecure` phone option).'],
  },
  busy: {
    message: 'The person you called is busy.',
    causes: ['The callee answered 486 Busy Here or 600 Busy Everywhere.'],
    solutions: ['Try again later.'],
  },
  declined: {
    message: 'The call was declined.',
    causes: ['The callee declined (603).'],
    solutions: ['Try again later.'],
  },
  'not-found': {
    message: 'That number or user does not exist or is not online.',
    causes: ['A typo in the number (404).', 'The user is not signed in anywhere (480).'],
    solutions: ['Check the number and try again.'],
  },
  unavailable: {
    message: 'The service is temporarily unavailable.',
    causes: ['The server or the callee’s side answered 5xx.'],
    solutions: ['Try again in a moment.'],
  },
  'request-timeout': {
    message: 'The request timed out.',
    causes: ['No answer from the server or the callee in time (408).'],
    solutions: ['Check the network and try again.'],
  },
  cancelled: {
    message: 'The call was cancelled before it was answered.',
    causes: ['The caller hung up before the call was answered.'],
    solutions: [],
  },
  'ice-failed': {
    message: 'The audio connection could not be established.',
    causes: ['No network path between the two sides (ICE failed): a firewall, or missing STUN/TURN servers.'],
    solutions: ['Configure `iceServers` with a TURN server reachable by both sides.'],
  },
  'call-failed': {
    message: 'The call failed.',
    causes: ['The server or the other side answered with an error.'],
    solutions: ['Try again; if it keeps failing, check the server’s logs.'],
  },
  'hold-failed': {
    message: 'The call could not be put on hold or resumed.',
    causes: ['The other side rejected the re-INVITE, or the connection to the server is down.'],
    solutions: ['Try again once the phone is connected.'],
  },
  'session-expired': {
    message: 'The call ended because its session timer ran out.',
    causes: [
      'The other side stopped refreshing the call (RFC 4028 session timer): its device or network went away without hanging up.',
      'The refresh this phone sent was refused or not answered (the other side no longer knows the call).',
    ],
    solutions: ['Call again. If it happens on every long call, check that the other side or the SIP server supports session timers (RFC 4028).'],
  },
  'dtmf-failed': {
    message: 'The keypad tones could not be sent.',
    causes: ['Tones must be 0-9, *, #, A-D; or the call has no audio yet.'],
    solutions: ['Send valid tones on an answered call.'],
  },
  'transfer-failed': {
    message: 'The call could not be transferred.',
    causes: ['The transfer target is invalid, or the other side refused the transfer.'],
    solutions: ['Check the target and try again.'],
  },
  'transfer-refused': {
    message: 'The other party asked to transfer this call, and the phone refused.',
    causes: [
      'The transfer target is outside the transfer policy (by default: sip: or sips: addresses in this phone’s own SIP domain).',
      'The request was malformed, carried extra SIP headers, or was not the first transfer request of the call.',
    ],
    solutions: ['Nothing to do if the request was unexpected. To follow other targets, set the `transferPolicy` phone option.'],
  },
  'call-action-failed': {
    message: 'That call action could not be completed.',
    causes: ['The phone provider does not offer it (it is not in the snapshot’s capabilities).', 'The provider refused it or did not answer in time.'],
    solutions: ['Offer only the actions listed in `capabilities`; try again, or check the provider’s service status.'],
  },
  'credentials-failed': {
    message: 'The phone credentials could not be loaded.',
    causes: ['The credential provider failed or returned something unusable.'],
    solutions: ['Check the provider configuration and the app server it talks to.'],
  },
  'token-expired': {
    message: 'The phone’s sign-in token has expired.',
    causes: [
      'No new token could be fetched before the old one ran out (app server unreachable, or the computer was asleep).',
      'The clocks of the app server and the SIP server disagree.',
    ],
    solutions: [
      'The phone fetches a new token and signs in again by itself; if this keeps happening, check the app server and that both servers keep time with NTP.',
    ],
  },
  'token-fetch-failed': {
    message: 'New phone credentials could not be fetched from the app server.',
    causes: [
      'The app server is down, unreachable, or blocked by CORS.',
      'The app session ended (401/403): the user is signed out of the app.',
      'The token endpoint answered something that is not a credential.',
    ],
    solutions: ['The phone retries with growing pauses; sign in to the app again if the session ended.', 'Check `token-url` and the app server’s logs.'],
  },
  'too-many-devices': {
    message: 'Too many phones are signed in to this account.',
    causes: [
      'The server limits the devices registered per user (RingCentral: 5 per extension) and answered 603 Too Many Contacts.',
      'Old browser tabs or profiles that never signed out still count until their registrations expire.',
    ],
    solutions: ['Close other phone tabs or apps for this user, or sign out of them, and try again in a minute.'],
  },
  'login-failed': {
    message: 'Signing in failed.',
    causes: [
      'The sign-in answer did not belong to the sign-in this page started (state mismatch, a replayed or stale answer).',
      'The authorization code or code verifier was wrong, expired or already used.',
      'The app’s client id or server URL is wrong.',
    ],
    solutions: ['Sign in again.', 'Check `client-id` and `server`; each sign-in answer can be used once, within a minute.'],
  },
  'login-cancelled': {
    message: 'Sign-in was cancelled.',
    causes: ['The sign-in window was closed, or access was denied, before signing in finished.'],
    solutions: ['Sign in again and approve the app’s access.'],
  },
  'popup-blocked': {
    message: 'The browser blocked the sign-in window.',
    causes: ['Pop-ups are blocked for this site, or sign-in was started without a click.'],
    solutions: ['Allow pop-ups for this site, start sign-in from a button, or use `login-mode="redirect"`.'],
  },
  'redirect-uri-mismatch': {
    message: 'The sign-in redirect address is not registered for this app.',
    causes: ['`redirect-uri` differs from the OAuth redirect URI registered for the app (RingCentral OAU-109), or the callback page is on another address.'],
    solutions: [
      'Register the exact `redirect-uri` (scheme, host, port and path) in the RingCentral developer console, or set `redirect-uri` to the registered one.',
    ],
  },
  'session-ended': {
    message: 'You were signed out.',
    causes: [
      'The session was not used for 7 days (RingCentral refresh tokens live 7 days).',
      'The session was revoked: signed out elsewhere, password changed, or removed by an admin.',
      'Renewing the session failed.',
    ],
    solutions: ['Sign in again.'],
  },
  'voip-permission-missing': {
    message: 'This app may not make phone calls.',
    causes: ['The app lacks the VoIP Calling permission (RingCentral CMN-401).'],
    solutions: ['Add the “VoIP Calling” permission to the app in the RingCentral developer console, then sign in again.'],
  },
  'voip-unavailable': {
    message: 'Calling from the browser is not available for this user.',
    causes: [
      'The user has no digital line or VoIP calling is not enabled for the extension (RingCentral 403 SPR-101, SPR-112, SPR-132).',
      'VoIP calling is blocked for the user’s country.',
    ],
    solutions: ['Ask the account administrator to assign a digital line (a RingCentral Phone / web phone device) to the user and enable VoIP calling.'],
  },
  'rate-limited': {
    message: 'Too many requests to the phone service; please wait.',
    causes: ['The service’s rate limit was reached (HTTP 429, RingCentral CMN-301).'],
    solutions: ['Wait for the time the service asked for (Retry-After) and try again.'],
  },
  'invalid-header': {
    message: 'A SIP header given for the call is not allowed.',
    causes: [
      'It is not `Name: value`, contains a line break or control character, or is one the SIP stack writes itself (Via, From, To, Call-ID, CSeq, Contact…).',
    ],
    solutions: ['Pass application headers only, one `Name: value` per entry, e.g. `X-Ticket: 4711`.'],
  },
  'storage-unavailable': {
    message: 'This browser does not let the page keep your sign-in, so you cannot sign in here.',
    causes: [
      'Cookies and site data are blocked for this site (browser settings, an extension, or a third-party frame with storage partitioned or blocked).',
      'This site’s storage is full (QuotaExceededError).',
    ],
    solutions: [
      'Allow cookies and site data for this site in the browser’s settings, then reload the page.',
      'If the storage is full: clear this site’s data in the browser’s settings (this signs you out of it), then sign in again.',
    ],
  },
  'invalid-message': {
    message: 'A window message to the phone could not be carried out.',
    causes: [
      'A page allowed to command the phone (`<rc-embeddable-bridge allowed-origins>`) sent a message with a missing or malformed field, or an unknown action.',
    ],
    solutions: ['Send the message as RingCentral Embeddable documents it; see docs/guides/coming-from-embeddable.md for what the bridge supports.'],
  },
};

export interface PhoneErrorOptions {
  /** Overrides the catalogue message with something more specific. */
  message?: string;
  /** The SIP status code that led to this error, when there was one. */
  statusCode?: number;
  /** The underlying error (a DOMException, a transport error…). */
  cause?: unknown;
}

/** The only error type the kit throws or reports. */
export class PhoneError extends Error {
  override readonly name = 'PhoneError';
  readonly code: ErrorCode;
  readonly causes: readonly string[];
  readonly solutions: readonly string[];
  readonly statusCode: number | undefined;

  constructor(code: ErrorCode, options: PhoneErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(options.message ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.causes = entry.causes;
    this.solutions = entry.solutions;
    this.statusCode = options.statusCode;
  }

  /** A plain, serialisable form (for event details, logs and postMessage). */
  toJSON(): { code: ErrorCode; message: string; statusCode?: number } {
    return this.statusCode === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, statusCode: this.statusCode };
  }
}

/** Maps a final SIP response of a call attempt to an error code (RFC 3261 §21). */
export function codeForCallStatus(statusCode: number): ErrorCode {
  switch (statusCode) {
    case 486:
    case 600:
      return ErrorCode.Busy;
    case 603:
      return ErrorCode.Declined;
    case 404:
    case 410:
    case 480:
    case 484:
    case 604:
      return ErrorCode.NotFound;
    case 408:
      return ErrorCode.RequestTimeout;
    case 487:
      return ErrorCode.Cancelled;
    default:
      return statusCode >= 500 && statusCode < 600 ? ErrorCode.Unavailable : ErrorCode.CallFailed;
  }
}

/** Maps the failure of a REGISTER: refused (wrong or expired credentials, too many devices) or not answered. */
export function registrationError(error: unknown): PhoneError {
  if (error instanceof SipRequestError) {
    const { statusCode, reasonPhrase } = error.response;
    const refused = statusCode === 401 || statusCode === 403 || statusCode === 407;
    // Kamailio's auth_ephemeral tells an expired token from a wrong one (return code -7);
    // the project's config, like most, answers it 403 "… credentials expired".
    // RingCentral limits the devices of an extension (5) and answers a sixth "603 Too Many Contacts".
    const tooMany = statusCode === 603 && /too many contacts/i.test(reasonPhrase);
    const code = tooMany
      ? ErrorCode.TooManyDevices
      : refused && /expired/i.test(reasonPhrase)
        ? ErrorCode.TokenExpired
        : refused
          ? ErrorCode.RegistrationRejected
          : ErrorCode.RegistrationFailed;
    return new PhoneError(code, { statusCode, cause: error, message: `${ERROR_CATALOGUE[code].message} (${statusCode} ${reasonPhrase})` });
  }
  return toPhoneError(error, ErrorCode.RegistrationFailed);
}

/** Maps the failure of an out-of-dialog MESSAGE (RFC 3428): its final response reads like a call attempt's. */
export function messageError(error: unknown): PhoneError {
  if (error instanceof SipRequestError) {
    return new PhoneError(codeForCallStatus(error.response.statusCode), { statusCode: error.response.statusCode, cause: error });
  }
  return toPhoneError(error, ErrorCode.ServerUnreachable);
}

/** Maps a getUserMedia failure to an error (names from the Media Capture spec). */
export function mediaError(error: unknown): PhoneError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new PhoneError(ErrorCode.MicrophoneDenied, { cause: error });
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new PhoneError(ErrorCode.NoMicrophone, { cause: error });
    default:
      return new PhoneError(ErrorCode.MediaFailed, { cause: error });
  }
}

/** Wraps anything thrown into a PhoneError, keeping PhoneErrors as they are. */
export function toPhoneError(error: unknown, fallback: ErrorCode): PhoneError {
  return error instanceof PhoneError ? error : new PhoneError(fallback, { cause: error });
}
