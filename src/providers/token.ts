/**
 * Token credentials: short-lived SIP credentials minted by the customer's own app server
 * (see examples/token-server). The page holds a credential that names one SIP user and
 * dies after minutes; the secret that mints them never leaves the server. The phone asks
 * for new ones before `expiresAt` (see `Phone`), so this module only fetches and checks.
 */
import type { CredentialSource, SipCredentials } from '../core/credentials.js';
import { ErrorCode, PhoneError } from '../core/errors.js';
import { checkHttps } from './secure-url.js';

/** What a token endpoint answers (JSON). */
export interface TokenResponse {
  /** `ws://` or `wss://` URL of the SIP-over-WebSocket server. */
  readonly server: string;
  /** Address of record, `sip:user@domain`. */
  readonly uri: string;
  /** Digest user name, e.g. `"1767225600:alice"` in Kamailio's auth_ephemeral scheme. */
  readonly username: string;
  /** Digest password; `token` is accepted under that name too. */
  readonly password?: string;
  readonly token?: string;
  /**
   * When the credentials stop working: ms since the epoch, or an ISO 8601 date, by the
   * server's clock. The kit measures it against the answer's `Date` header, so a browser
   * whose clock is off still renews on time. Not needed when `expiresIn` is given.
   */
  readonly expiresAt?: number | string;
  /** How long the credentials live from this answer, in seconds: preferred to `expiresAt`. */
  readonly expiresIn?: number;
  /** STUN/TURN servers for calls (TURN REST credentials expire with the token). */
  readonly iceServers?: readonly RTCIceServer[];
  readonly displayName?: string;
}

/** Fetches a {@link TokenResponse} itself (another transport, a provider SDK, a test). */
export type FetchCredentials = (signal: AbortSignal) => Promise<TokenResponse>;

export interface TokenSourceOptions {
  /**
   * The app server's token endpoint. The kit POSTs to it (no credential in a URL or a
   * cache) with the page's cookies when it is same-origin, plus {@link headers}.
   */
  readonly url?: string | undefined;
  /** Used instead of `url` when given. */
  readonly fetchCredentials?: FetchCredentials | undefined;
  /** Headers for each request, read at every fetch (e.g. `Authorization: Bearer <app session>`). */
  readonly headers?: (() => HeadersInit | undefined) | undefined;
  /** Display name when the endpoint does not send one. */
  readonly displayName?: string | undefined;
  /** Abandon a request after this long (ms, default 15 000): a hung server must not stall renewal. */
  readonly timeout?: number | undefined;
  /** The fetch implementation (default the global one). */
  readonly fetch?: typeof fetch | undefined;
  /** This browser's clock (default `Date.now`), injectable for tests. */
  readonly now?: (() => number) | undefined;
  /** Allows an `http:` `url` on another computer (default false: `https:`, or `http:` on this computer). */
  readonly allowInsecure?: boolean | undefined;
}

const DEFAULT_TIMEOUT_MS = 15_000;
// Before 1973 in ms, but a plausible date in seconds: the unit the username itself uses.
const SECONDS_LIMIT = 1e11;

const failed = (message: string, cause?: unknown): PhoneError => new PhoneError(ErrorCode.TokenFetchFailed, { message, cause });

/** A credential source that asks the app server's token endpoint. */
export function tokenCredentials(options: TokenSourceOptions): CredentialSource {
  const { url, fetchCredentials } = options;
  if (!fetchCredentials && !url)
    throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'A token provider needs a `token-url` or a `fetchCredentials` function.' });
  if (!fetchCredentials) checkHttps(url ?? '', options.allowInsecure ?? false, 'token-url');
  const fetchJson = fetchCredentials
    ? async (signal: AbortSignal): Promise<Answer> => ({ body: await fetchCredentials(signal), serverNow: undefined })
    : (signal: AbortSignal) => fetchFromUrl(url ?? '', options, signal);
  const now = options.now ?? Date.now;
  return {
    kind: 'token',
    // The endpoint mints for the app session of this browser profile (its cookies), so the
    // tabs that ask it sign in as the same user: its URL names the device before loading.
    shareKey: fetchCredentials ? undefined : `token ${absolute(url ?? '')}`,
    async load(signal: AbortSignal): Promise<SipCredentials> {
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), options.timeout ?? DEFAULT_TIMEOUT_MS);
      let response: Answer;
      try {
        response = await fetchJson(AbortSignal.any([signal, timeout.signal]));
      } catch (error) {
        if (signal.aborted) throw error;
        if (error instanceof PhoneError) throw error;
        if (timeout.signal.aborted) throw failed('The app server did not answer the token request in time.', error);
        throw failed(fetchCredentials ? 'fetchCredentials() failed.' : 'The app server’s token endpoint could not be reached.', error);
      } finally {
        clearTimeout(timer);
      }
      return toCredentials(response.body, options.displayName, localExpiry(response, now()));
    },
  };
}

/** `/sip-token` and `https://app.example/sip-token` are the same endpoint. */
function absolute(url: string): string {
  try {
    return new URL(url, globalThis.location?.href).href;
  } catch {
    return url;
  }
}

/** A token answer, and the server's clock when it answered (its `Date` header). */
interface Answer {
  readonly body: unknown;
  readonly serverNow: number | undefined;
}

async function fetchFromUrl(url: string, options: TokenSourceOptions, signal: AbortSignal): Promise<Answer> {
  const headers = new Headers(options.headers?.());
  headers.set('Accept', 'application/json');
  const response = await (options.fetch ?? globalThis.fetch)(url, {
    method: 'POST',
    headers,
    // Same-origin cookies (the app session) go along; a cross-origin server gets a bearer header from `headers`.
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
  if (!response.ok) {
    const hint = response.status === 401 || response.status === 403 ? ' Is the user still signed in to the app?' : '';
    throw failed(`The app server refused to issue phone credentials (HTTP ${response.status}).${hint}`);
  }
  // RFC 9110 §6.6.1: when the server made the answer, by its own clock (to the second).
  const date = Date.parse(response.headers.get('Date') ?? '');
  const text = await boundedText(response, signal);
  try {
    return { body: JSON.parse(text) as unknown, serverNow: Number.isFinite(date) ? date : undefined };
  } catch (error) {
    throw failed('The app server’s token endpoint did not answer JSON.', error);
  }
}

/** Credentials are a few hundred bytes: a larger answer is a fault, not read into memory whole. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The answer's text, refused (token-fetch-failed) once it passes {@link MAX_ANSWER_BYTES}, whatever Content-Length claims. */
async function boundedText(response: Response, signal: AbortSignal): Promise<string> {
  const tooLarge = (): PhoneError => failed(`The app server’s token endpoint answered more than ${MAX_ANSWER_BYTES / 1024} KB.`);
  if (Number(response.headers.get('Content-Length')) > MAX_ANSWER_BYTES) {
    void response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        void reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (signal.aborted || error instanceof PhoneError) throw error;
    throw failed('The app server’s token endpoint answer could not be read.', error);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Checks the answer's shape. Messages name fields, never values: they are secrets. */
function toCredentials(value: unknown, displayName: string | undefined, expiresAt: number | undefined): SipCredentials {
  const body = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof TokenResponse, unknown>>;
  const text = (key: keyof TokenResponse): string | undefined => (typeof body[key] === 'string' && body[key] !== '' ? body[key] : undefined);
  const server = text('server');
  const uri = text('uri');
  const username = text('username');
  const password = text('password') ?? text('token');
  const missing = [
    !server && 'server',
    !uri && 'uri',
    !username && 'username',
    !password && 'password (or token)',
    expiresAt === undefined && 'expiresAt (or expiresIn)',
  ].filter(Boolean);
  if (missing.length > 0) throw failed(`The token endpoint’s answer lacks ${missing.join(', ')}.`);
  const iceServers = Array.isArray(body.iceServers) ? (body.iceServers as unknown[]).filter(isIceServer) : [];
  return {
    server: server ?? '',
    uri: uri ?? '',
    authorizationUsername: username,
    password,
    displayName: text('displayName') ?? displayName,
    // An empty list means "none from the server": the phone's own `iceServers` apply.
    iceServers: iceServers.length > 0 ? iceServers : undefined,
    expiresAt,
  };
}

/**
 * When the answer's credentials expire by this browser's clock, which may be minutes or hours
 * off the server's: `localNow` plus the lifetime the server gave (`expiresIn`), or the time
 * from its `Date` to its `expiresAt`. Without either, `expiresAt` as it is.
 */
function localExpiry({ body, serverNow }: Answer, localNow: number): number | undefined {
  const { expiresIn, expiresAt } = (typeof body === 'object' && body !== null ? body : {}) as Partial<Record<keyof TokenResponse, unknown>>;
  if (typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0) return localNow + expiresIn * 1000;
  const at = expiry(expiresAt);
  if (at === undefined || serverNow === undefined) return at;
  return localNow + (at - serverNow);
}

function expiry(value: unknown): number | undefined {
  const time = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(time) || time <= 0) return undefined;
  // A common slip: unix seconds (the unit inside the auth_ephemeral username) instead of ms.
  return time < SECONDS_LIMIT ? time * 1000 : time;
}

function isIceServer(value: unknown): value is RTCIceServer {
  if (typeof value !== 'object' || value === null) return false;
  const { urls } = value as { urls?: unknown };
  return typeof urls === 'string' || (Array.isArray(urls) && urls.every((url) => typeof url === 'string'));
}
