/**
 * Signing in to RingCentral with @ringcentral/sdk, and keeping the session alive.
 *
 * - Authorization Code + PKCE (RFC 7636) by popup or full-page redirect. The SDK does not
 *   check `state` and keeps its own verifier only in memory, so the kit makes both with
 *   WebCrypto, checks `state` itself, and keeps a redirect's verifier in sessionStorage for
 *   that one sign-in.
 * - An authorization code (and verifier) handed in by the host page, as properties or as an
 *   Embeddable-style `postMessage` from an allowed origin.
 * - JWT, only when explicitly allowed (RingCentral needs the client secret for it).
 * - Tokens live in localStorage (the SDK's cache). The SDK refreshes only lazily before a
 *   REST call, and a phone makes almost none, so the kit refreshes on a timer before the
 *   access token expires, and signs out when the session is over (refresh token expired
 *   after 7 days unused, revoked, refused). Every refresh — the timer's and the SDK's own
 *   (`ensureLoggedIn` before a REST call, after a 401) — runs in one function that holds a
 *   Web Lock, so tabs take turns and the second finds the first one's tokens instead of
 *   spending the refresh token again. Every SDK request has a timeout, so a hung one cannot
 *   hold the lock. Without Web Locks (insecure contexts, old browsers) tabs refresh on
 *   their own: the platform answers a refresh token spent twice within seconds with the same
 *   new pair, so both survive, at the cost of a second request.
 */
import { ErrorCode, PhoneError } from '../../core/errors.js';
import { consoleLogger, redacting, type Logger } from '../../core/log.js';
import { TypedEventTarget } from '../../core/typed-event-target.js';
import { checkHttps } from '../secure-url.js';
import { describeFailure, platformError, sessionIsOver } from './errors.js';
import { exactOrigins } from './origins.js';
import { isStorageError, storageError, usableStorage } from './storage.js';
import { CACHE_PREFIX, LOGIN_RESPONSE_KEY, PENDING_LOGIN_KEY, readPendingLogin, sessionStore, writePendingLogin, type PendingLogin } from './login-state.js';
import { createPkce, isCodeVerifier, randomString, s256 } from './pkce.js';
import { SDK, type RingCentralAuthData, type RingCentralPlatform } from './sdk.js';

/**
 * signed-out → signing-in → signed-in | signed-out; signed-in → signed-out (sign-out,
 * session over, or signed out in another tab).
 */
export const AuthState = {
  SignedOut: 'signed-out',
  SigningIn: 'signing-in',
  SignedIn: 'signed-in',
} as const;
export type AuthState = (typeof AuthState)[keyof typeof AuthState];

/** Why a session ended: the user signed out, it was over (expired, revoked), or another tab signed out. */
export type SignOutReason = 'user' | 'session-ended' | 'elsewhere';

export interface RingCentralAuthEventMap {
  change: CustomEvent<{ state: AuthState }>;
  'signed-out': CustomEvent<{ reason: SignOutReason; error: PhoneError | undefined }>;
  /** Something failed outside a method call (redirect completion, a posted code, a refresh). */
  error: CustomEvent<{ error: PhoneError }>;
}

export interface RingCentralAuthOptions {
  /** Platform URL, e.g. https://platform.ringcentral.com. */
  server: string;
  clientId: string;
  /** Only for JWT sign-in (development): a secret in a web page is public. */
  clientSecret?: string | undefined;
  /** The OAuth redirect URI registered for the app; its page runs `handleRingCentralCallback()`. */
  redirectUri: string;
  /** JWT sign-in is refused unless this is true. */
  allowJwtLogin?: boolean;
  /**
   * Origins whose `rc-adapter-authorization-code` messages are accepted, matched exactly: a
   * list, or a string of space- or comma-separated origins (default: this page's origin).
   * `*` and `null` are refused (`invalid-configuration`).
   */
  allowedOrigins?: readonly string[] | string | undefined;
  /** The window whose storage, location and messages are used (default `window`). */
  window?: Window;
  fetch?: typeof fetch;
  logger?: Logger;
  /**
   * How long before the access token expires it is refreshed (default 65 s: before the SDK's
   * own 60 s margin). At most 90% of the token's lifetime, so that a fresh token is never
   * due at once.
   */
  refreshAheadMs?: number;
  /** How long any request to the platform may take (default 20 s); then it is aborted. */
  requestTimeoutMs?: number;
  /** Allows an `http:` `server` on another computer (default false: `https:`, or `http:` on this computer). */
  allowInsecure?: boolean | undefined;
}

const APP_NAME = 'rc-phone-kit';
const APP_VERSION = '0.1';
const AUTHORIZATION_MESSAGE = 'rc-adapter-authorization-code';
// The SDK's popup answer shape (Constants.authResponseProperty), kept so RingCentral's own callback pages work too.
const POPUP_ANSWER = 'RCAuthorizationResponse';
// A redirect sign-in older than this is stale; RingCentral codes live 60 s anyway.
const PENDING_LOGIN_TTL_MS = 10 * 60_000;
// setTimeout's largest delay (2^31 − 1 ms); longer waits are re-armed.
const MAX_TIMER_MS = 2_147_483_647;
const RETRY_MS = 15_000;
// When the token answer had no usable `expires_in`: refresh this often rather than in a loop.
const UNKNOWN_LIFETIME_REFRESH_MS = 5 * 60_000;
const REQUEST_TIMEOUT_MS = 20_000;
const ENDPOINT_KEY = `${CACHE_PREFIX}endpoint-id`;
// The SDK's token record (its cache prefix + `platform`).
const TOKEN_KEY = `${CACHE_PREFIX}platform`;
// An authorization code is opaque text; anything else in a posted message is refused unread.
const CODE = /^[\x21-\x7e]{1,2048}$/;

interface Attempt {
  readonly state: string;
  readonly verifier: string;
  readonly challenge: string;
  readonly redirectUri: string;
}

const same = (a: string, b: string): boolean => {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname;
  } catch {
    return false;
  }
};

export class RingCentralAuth extends TypedEventTarget<RingCentralAuthEventMap> {
  readonly platform: RingCentralPlatform;
  /** The page's localStorage, checked usable: the session's tokens, shared by its tabs. */
  readonly storage: Storage;
  private readonly sdk: SDK;
  private readonly win: Window;
  private readonly log: Logger;
  private readonly refreshAheadMs: number;
  private readonly allowedOrigins: ReadonlySet<string>;
  private warnedOrigin = false;
  private readonly warned = new Set<string>();
  private current: AuthState = AuthState.SignedOut;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly lifetime = new AbortController();
  /** The refresh in flight in this tab: the timer, the catch-up triggers and the SDK share it. */
  private refreshing: Promise<void> | undefined;
  /** The access token this tab last sent, and the one the platform refused (401). */
  private sent: string | undefined;
  private refused: string | undefined;

  constructor(private readonly options: RingCentralAuthOptions) {
    super();
    // The platform answers with the user's tokens and SIP password.
    checkHttps(options.server, options.allowInsecure ?? false, 'RingCentral server');
    this.win = options.window ?? window;
    if (options.clientSecret)
      this.warnOnce(
        'client-secret',
        'clientSecret is set: it goes with every token request (Basic auth), and anyone who loads this page can read it. RingCentral calls a client secret in a browser deprecated: use it for development and debugging only (JWT sign-in needs it); in production sign in with the authorization code and PKCE, without a secret.',
      );
    this.storage = usableStorage(this.win);
    this.log = redacting(options.logger ?? consoleLogger());
    this.refreshAheadMs = options.refreshAheadMs ?? 65_000;
    this.allowedOrigins = exactOrigins(options.allowedOrigins, this.win.location.origin);
    this.sdk = new SDK({
      server: options.server,
      clientId: options.clientId,
      clientSecret: options.clientSecret || undefined,
      redirectUri: options.redirectUri,
      // Our own prefix: the SDK's default `rc-` would also match, and clean, other apps' keys.
      cachePrefix: CACHE_PREFIX,
      appName: APP_NAME,
      appVersion: APP_VERSION,
      clearCacheOnRefreshError: false,
      refreshDelayMs: 0,
      handleRateLimit: false,
      localStorage: this.storage,
      fetch: withTimeout(options.fetch ?? this.win.fetch.bind(this.win), options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    this.platform = this.sdk.platform();
    // The SDK refreshes by itself (ensureLoggedIn before a REST call, and after a 401) by
    // calling its own refresh(): route those through the lock too. After a 401 it would blank
    // the shared token record — perhaps just after another tab stored a new token there:
    // this tab only notes which token was refused.
    const sdkRefresh = this.platform.refresh.bind(this.platform);
    this.platform.refresh = () => this.refresh(sdkRefresh);
    this.platform.ensureLoggedIn = async () => {
      if (this.due(await this.platform.auth().data())) await this.platform.refresh();
      return null;
    };
    const authHeader = this.platform.authHeader.bind(this.platform);
    this.platform.authHeader = async () => {
      const header = await authHeader();
      this.sent = header.slice(header.indexOf(' ') + 1);
      return header;
    };
    this.platform.auth().cancelAccessToken = () => {
      this.refused = this.sent;
      return Promise.resolve();
    };
    const signal = this.lifetime.signal;
    this.win.addEventListener('message', (event) => this.onMessage(event), { signal });
    this.win.addEventListener('storage', (event) => this.onStorage(event), { signal });
    // Timers are throttled in hidden tabs and stop while the computer sleeps: catch up.
    this.win.document.addEventListener('visibilitychange', () => this.win.document.visibilityState === 'visible' && this.catchUp(), { signal });
    this.win.addEventListener('online', () => this.catchUp(), { signal });
  }

  get state(): AuthState {
    return this.current;
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get server(): string {
    return this.options.server;
  }

  /** A UUID per browser profile for this app's sessions: the token's `endpoint_id` and SIP's `P-rc-endpoint-id`. */
  get endpointId(): string {
    const storage = this.storage;
    let id = storage.getItem(ENDPOINT_KEY);
    if (!id) {
      id = crypto.randomUUID();
      storage.setItem(ENDPOINT_KEY, id);
    }
    return id;
  }

  /** Restores a stored session and finishes a full-page-redirect sign-in that came back to this page. */
  async start(): Promise<void> {
    this.dropUnreadableRecord();
    const data = await this.platform.auth().data();
    if (typeof data.refresh_token === 'string' && data.refresh_token) {
      // Contract: refresh tokens live 7 days; a session unused that long is over.
      if ((data.refresh_token_expire_time ?? 0) <= Date.now()) {
        await this.end(
          'session-ended',
          new PhoneError(ErrorCode.SessionEnded, { message: 'Your RingCentral session expired after 7 days without use; sign in again.' }),
        );
      } else {
        this.setState(AuthState.SignedIn);
      }
    }
    await this.finishRedirect();
  }

  /**
   * A stored token record that is not a JSON object (another version's, hand-edited, cut
   * short) would make the SDK throw on every read and write: nothing could sign in again
   * until the site's data was cleared. There is no session in it to keep.
   */
  private dropUnreadableRecord(): void {
    const raw = this.storage.getItem(TOKEN_KEY);
    if (raw === null) return;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return;
    } catch {
      // Not JSON: dropped below.
    }
    this.storage.removeItem(TOKEN_KEY);
    this.log('warn', 'The stored RingCentral session could not be read; it was removed (sign in again).');
  }

  // ---- sign-in ----

  /**
   * Signs in in a popup. Call it from a click: the popup opens before anything is awaited,
   * so the click's user activation still allows it.
   */
  async loginWithPopup(): Promise<void> {
    const popup = this.win.open('about:blank', 'rc-phone-kit-login', 'popup,width=460,height=680');
    if (!popup) throw new PhoneError(ErrorCode.PopupBlocked);
    this.setState(AuthState.SigningIn);
    try {
      const attempt = await this.newAttempt();
      popup.location.replace(this.authorizeUrl(attempt));
      const answer = await this.popupAnswer(popup);
      await this.finish(answer, attempt);
    } catch (error) {
      if (!popup.closed) popup.close();
      this.failed();
      throw error;
    }
  }

  /** Signs in by sending this page to RingCentral; the page at `redirect-uri` brings the answer back. */
  async loginWithRedirect(): Promise<void> {
    const storage = sessionStore(this.win);
    if (!storage)
      throw new PhoneError(ErrorCode.LoginFailed, { message: 'A redirect sign-in needs sessionStorage, which this page cannot use; use the popup.' });
    this.setState(AuthState.SigningIn);
    const attempt = await this.newAttempt();
    const pending: PendingLogin = { ...attempt, returnTo: this.win.location.href, createdAt: Date.now() };
    writePendingLogin(storage, pending);
    this.win.location.assign(this.authorizeUrl(attempt));
  }

  /**
   * Signs in with an authorization code the host page obtained (Embeddable's "authorization
   * code with PKCE in the host"). The verifier is checked locally first: a malformed one
   * never reaches the token endpoint.
   */
  async loginWithCode(code: string, codeVerifier: string | undefined, redirectUri = this.options.redirectUri): Promise<void> {
    if (typeof code !== 'string' || !CODE.test(code))
      throw new PhoneError(ErrorCode.LoginFailed, { message: 'That is not an authorization code; no token request was made.' });
    if (codeVerifier === undefined ? !this.options.clientSecret : !isCodeVerifier(codeVerifier)) {
      throw new PhoneError(ErrorCode.LoginFailed, {
        message: 'The code verifier is missing or not a PKCE verifier (RFC 7636: 43–128 characters of A–Z a–z 0–9 - . _ ~); no token request was made.',
      });
    }
    if (codeVerifier === undefined)
      this.warnOnce(
        'code-without-pkce',
        'An authorization code without a PKCE verifier was accepted because clientSecret is set. RFC 7636: without the verifier, a code intercepted on its way here can be redeemed by anyone with the secret, which this page shows. Send the codeVerifier.',
      );
    await this.exchange({ code, code_verifier: codeVerifier, redirect_uri: redirectUri });
  }

  /** JWT sign-in: development only, since RingCentral requires the client secret with it. */
  async loginWithJwt(jwt: string): Promise<void> {
    if (!this.options.allowJwtLogin) {
      throw new PhoneError(ErrorCode.InvalidConfiguration, {
        message: 'JWT sign-in is off: it needs the client secret in the page. Set allowJwtLogin (development only) to use it.',
      });
    }
    if (!this.options.clientSecret)
      throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'JWT sign-in needs clientSecret: RingCentral authenticates the JWT grant with it.' });
    await this.exchange({ jwt });
  }

  /** Revokes the session and removes everything the provider stored. */
  async logout(): Promise<void> {
    clearTimeout(this.timer);
    // Under the refresh lock: a refresh in flight (in this tab or another) lands first, and
    // its new tokens are the ones revoked and cleared, instead of being stored after the
    // clean-up and signing every tab back in. Without Web Locks, at least this tab's.
    await this.refreshing?.catch(() => undefined);
    await this.withLock(async () => {
      if ((await this.platform.auth().data()).access_token) {
        try {
          await this.platform.logout();
        } catch {
          // Contract: revoking ends the whole session; errors are ignored, never retried.
        }
      }
      await this.end('user', undefined);
    });
  }

  /** The session is over (the provider saw it on a REST call): sign out and clear storage. */
  async sessionEnded(error: PhoneError): Promise<void> {
    if (this.current !== AuthState.SignedOut) await this.end('session-ended', error);
  }

  dispose(): void {
    this.lifetime.abort();
    clearTimeout(this.timer);
  }

  private async newAttempt(): Promise<Attempt> {
    const { verifier, challenge } = await createPkce();
    return { state: randomString(16), verifier, challenge, redirectUri: this.options.redirectUri };
  }

  /** The SDK's authorize URL with our PKCE challenge (its own `usePKCE` needs Node's crypto). */
  private authorizeUrl(attempt: Attempt): string {
    const url = new URL(this.platform.loginUrl({ state: attempt.state, redirectUri: attempt.redirectUri }));
    url.searchParams.set('code_challenge', attempt.challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    return url.href;
  }

  /** Waits for the callback page in the popup to post the answer; rejects when the popup closes first. */
  private popupAnswer(popup: Window): Promise<string> {
    const origin = new URL(this.options.redirectUri).origin;
    return new Promise((resolve, reject) => {
      const done = new AbortController();
      const disposed = (): void => {
        finish();
        reject(new PhoneError(ErrorCode.Disposed));
      };
      // Every listener of this attempt goes with it: the auth lives on through many attempts.
      const finish = (): void => {
        done.abort();
        clearInterval(poll);
        this.lifetime.signal.removeEventListener('abort', disposed);
      };
      this.win.addEventListener(
        'message',
        (event: MessageEvent) => {
          // Only the popup we opened, only from the redirect URI's origin, only the answer's shape.
          const answer = (event.data as Record<string, unknown> | null)?.[POPUP_ANSWER];
          if (event.source !== popup || event.origin !== origin || typeof answer !== 'string') return;
          finish();
          if (!popup.closed) popup.close();
          resolve(answer);
        },
        { signal: done.signal },
      );
      const poll = setInterval(() => {
        if (!popup.closed) return;
        clearInterval(poll);
        // The callback posts and then closes: give its message a moment to arrive.
        setTimeout(() => {
          if (done.signal.aborted) return;
          finish();
          reject(new PhoneError(ErrorCode.LoginCancelled, { message: 'The sign-in window was closed before signing in finished.' }));
        }, 500);
      }, 250);
      this.lifetime.signal.addEventListener('abort', disposed);
    });
  }

  /** Checks an authorization answer against the sign-in that asked for it, then exchanges the code. */
  private async finish(answer: string, attempt: Attempt): Promise<void> {
    let params: Record<string, string>;
    try {
      params = this.platform.parseLoginRedirect(answer.startsWith('?') || answer.startsWith('#') ? answer : `?${answer}`);
    } catch (error) {
      const denied = (error as { error?: unknown }).error === 'access_denied';
      throw new PhoneError(denied ? ErrorCode.LoginCancelled : ErrorCode.LoginFailed, {
        message: denied
          ? 'Access was denied on the RingCentral sign-in page.'
          : `RingCentral refused the sign-in (${(error instanceof Error ? error.message : '').slice(0, 120)}).`,
        cause: error,
      });
    }
    // RFC 6749 §10.12: the SDK does not check state, so an answer to someone else's request would pass.
    if (params['state'] !== attempt.state) {
      throw new PhoneError(ErrorCode.LoginFailed, {
        message: 'The sign-in answer does not belong to the sign-in this page started (state mismatch); it was ignored.',
      });
    }
    const code = params['code'];
    if (!code) throw new PhoneError(ErrorCode.LoginFailed, { message: 'The sign-in answer has no authorization code.' });
    // The verifier waited in sessionStorage: refuse one that no longer matches what was sent.
    if ((await s256(attempt.verifier)) !== attempt.challenge) {
      throw new PhoneError(ErrorCode.LoginFailed, { message: 'The stored code verifier does not match this sign-in; no token request was made.' });
    }
    await this.exchange({ code, code_verifier: attempt.verifier, redirect_uri: attempt.redirectUri });
  }

  private async exchange(grant: { code?: string; code_verifier?: string | undefined; redirect_uri?: string; jwt?: string }): Promise<void> {
    this.setState(AuthState.SigningIn);
    try {
      await this.keepLifetime(await this.platform.login({ ...grant, endpoint_id: this.endpointId } as Parameters<RingCentralPlatform['login']>[0]));
      // The SDK copies the verifier into its token record; the code is spent, keep no secret longer than needed.
      if (grant.code_verifier) await this.platform.auth().setData({ code_verifier: '' });
    } catch (error) {
      this.failed();
      if (!isStorageError(error)) throw platformError(await describeFailure(error), ErrorCode.LoginFailed);
      // The tokens could not be kept: leave nothing of this sign-in behind (endpoint id, a partial record).
      await this.sdk
        .cache()
        .clean()
        .catch(() => undefined);
      throw storageError(error);
    }
    this.setState(AuthState.SignedIn);
  }

  private failed(): void {
    if (this.current === AuthState.SigningIn) this.setState(AuthState.SignedOut);
  }

  /** After a redirect sign-in: the callback page left the answer in sessionStorage (or this page is the redirect URI). */
  private async finishRedirect(): Promise<void> {
    const storage = sessionStore(this.win);
    if (!storage) return;
    let answer = storage.getItem(LOGIN_RESPONSE_KEY) ?? undefined;
    const location = this.win.location;
    // Only while a redirect sign-in of this tab waits: a page's own `?code=` (another app's, a
    // search) is neither rewritten nor reported.
    const waiting = readPendingLogin(storage) !== undefined;
    if (!answer && waiting && same(location.href, this.options.redirectUri) && /[?&](code|error)=/.test(location.search)) {
      answer = location.search;
      // Keep the code out of the address bar and history.
      this.win.history.replaceState(this.win.history.state, '', location.pathname + location.hash);
    }
    if (!answer) return;
    const pending = readPendingLogin(storage);
    // One answer, one sign-in: both are gone whatever happens next, so a replay finds nothing.
    storage.removeItem(LOGIN_RESPONSE_KEY);
    storage.removeItem(PENDING_LOGIN_KEY);
    try {
      if (!pending)
        throw new PhoneError(ErrorCode.LoginFailed, {
          message: 'No sign-in was waiting for this answer (it was used already, or started in another tab); it was ignored.',
        });
      if (Date.now() - pending.createdAt > PENDING_LOGIN_TTL_MS)
        throw new PhoneError(ErrorCode.LoginFailed, { message: 'The sign-in took too long; sign in again.' });
      await this.finish(answer, pending);
    } catch (error) {
      this.failed();
      this.report(error);
    }
  }

  /** Embeddable-compatible: `{ type: 'rc-adapter-authorization-code', callbackUri }` or `{ …, code, codeVerifier }`. */
  private onMessage(event: MessageEvent): void {
    const data = event.data as { type?: unknown; callbackUri?: unknown; code?: unknown; codeVerifier?: unknown } | null;
    if (typeof data !== 'object' || data === null || data.type !== AUTHORIZATION_MESSAGE) return;
    if (!this.allowedOrigins.has(event.origin)) {
      // Any window can post here: no rc-error for it (a page could flood them), and one line in the log.
      if (!this.warnedOrigin)
        this.log('warn', `Ignored an authorization code sent from ${event.origin.slice(0, 100)}: that origin is not in allowedOrigins (reported once).`);
      this.warnedOrigin = true;
      return;
    }
    const verifier = typeof data.codeVerifier === 'string' ? data.codeVerifier : undefined;
    let sent: Promise<void>;
    if (typeof data.callbackUri === 'string') {
      sent = this.codeFromCallbackUri(data.callbackUri, verifier);
    } else {
      sent = this.loginWithCode(typeof data.code === 'string' ? data.code : '', verifier);
    }
    sent.catch((error: unknown) => this.report(error));
  }

  private async codeFromCallbackUri(callbackUri: string, verifier: string | undefined): Promise<void> {
    let url: URL;
    try {
      url = new URL(callbackUri);
    } catch {
      throw new PhoneError(ErrorCode.LoginFailed, { message: 'The posted callbackUri is not a URL.' });
    }
    let params: Record<string, string>;
    try {
      params = this.platform.parseLoginRedirect(url.search || url.hash);
    } catch (error) {
      throw new PhoneError(ErrorCode.LoginFailed, { message: 'The posted callbackUri carries no authorization code.', cause: error });
    }
    await this.loginWithCode(params['code'] ?? '', verifier, url.origin + url.pathname);
  }

  // ---- keeping the session ----

  private setState(state: AuthState): void {
    if (this.current === state) return;
    this.current = state;
    if (state === AuthState.SignedIn) void this.schedule();
    else clearTimeout(this.timer);
    this.fire('change', { state });
  }

  /** Arms the refresh timer for the stored access token (shared by every tab through localStorage). */
  private async schedule(delay?: number): Promise<void> {
    clearTimeout(this.timer);
    if (this.current !== AuthState.SignedIn || this.lifetime.signal.aborted) return;
    const wait = delay ?? refreshDue(await this.platform.auth().data(), this.refreshAheadMs) - Date.now();
    // A stored record without a readable expiry (corrupted, or from another version): not a loop.
    const ms = Number.isFinite(wait) ? Math.max(wait, 0) : UNKNOWN_LIFETIME_REFRESH_MS;
    this.timer = setTimeout(() => void this.refreshIfDue(), Math.min(ms, MAX_TIMER_MS));
  }

  /** A visible tab or a network back after sleep: one refresh if due, however many events fire. */
  private catchUp(): void {
    if (this.current === AuthState.SignedIn && !this.refreshing) void this.refreshIfDue();
  }

  /**
   * The one way the session is refreshed, in this tab: one at a time, holding a Web Lock so
   * that tabs take turns, and only when the stored token is still due once the lock is held
   * (the tab before may have refreshed it). Throws `signed-out-elsewhere` when the tokens
   * are gone: another tab signed out meanwhile.
   */
  private refresh(sdkRefresh: () => Promise<unknown>): Promise<void> {
    this.refreshing ??= this.withLock(async () => {
      const data = await this.platform.auth().data();
      if (!data.refresh_token) throw new SignedOutElsewhere();
      if (!this.due(data)) return;
      await this.keepLifetime(await sdkRefresh());
    }).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Whether a token record needs refreshing: refused, missing, or near its expiry (or past it). */
  private due(data: RingCentralAuthData): boolean {
    return !data.access_token || data.access_token === this.refused || !(refreshDue(data, this.refreshAheadMs) > Date.now());
  }

  /** Refreshes the access token when it is due (the timer, or catching up after sleep). */
  private async refreshIfDue(): Promise<void> {
    try {
      await this.platform.refresh();
      await this.schedule();
    } catch (error) {
      if (error instanceof SignedOutElsewhere) {
        await this.end('elsewhere', undefined);
        return;
      }
      const failure = await describeFailure(error);
      // RFC 6749 §5.2: the token endpoint's 400s are about the grant itself (the refresh token).
      if (sessionIsOver(failure) || failure.status === 400) {
        await this.end('session-ended', platformError(failure, ErrorCode.SessionEnded));
        return;
      }
      // Offline, rate-limited, or the platform is down: the token may still be valid; try again.
      this.report(platformError(failure, ErrorCode.ServerUnreachable));
      await this.schedule(Math.max((failure.retryAfter ?? 0) * 1000, RETRY_MS));
    }
  }

  private async withLock(run: () => Promise<void>): Promise<void> {
    const locks = this.win.navigator.locks as LockManager | undefined;
    if (!locks) return run();
    await locks.request(`${CACHE_PREFIX}refresh:${this.options.clientId}`, run);
  }

  /** Another tab refreshed (new token: re-arm) or signed out (token gone: so do we). */
  private onStorage(event: StorageEvent): void {
    if (event.key !== TOKEN_KEY && event.key !== null) return;
    if (this.current !== AuthState.SignedIn) {
      if (event.newValue && this.current === AuthState.SignedOut) void this.adoptOtherTab();
      return;
    }
    if (!event.newValue) void this.end('elsewhere', undefined);
    else void this.schedule();
  }

  /** Another tab signed in: so are we (tokens are shared through localStorage). */
  private async adoptOtherTab(): Promise<void> {
    const data = await this.platform.auth().data();
    if (data.access_token && data.refresh_token && this.current === AuthState.SignedOut) this.setState(AuthState.SignedIn);
  }

  private async end(reason: SignOutReason, error: PhoneError | undefined): Promise<void> {
    clearTimeout(this.timer);
    // Everything with our prefix: tokens, endpoint id, device id; and a half-done redirect sign-in.
    await this.sdk.cache().clean();
    const storage = sessionStore(this.win);
    storage?.removeItem(PENDING_LOGIN_KEY);
    storage?.removeItem(LOGIN_RESPONSE_KEY);
    const wasSignedOut = this.current === AuthState.SignedOut;
    this.setState(AuthState.SignedOut);
    if (!wasSignedOut || reason !== 'elsewhere') this.fire('signed-out', { reason, error });
  }

  /**
   * A token answer without a usable `expires_in` leaves the SDK's record with an old or no
   * expiry, which would be due at once, every time: give it a short lifetime of its own.
   * (Only `expire_time`: the SDK asks for its stored `expires_in` as the next token's TTL.)
   */
  private async keepLifetime(response: unknown): Promise<void> {
    const answer = response instanceof Response ? ((await response.clone().json()) as Record<string, unknown>) : undefined;
    if (answer && Number(answer['expires_in']) > 0) return;
    await this.platform.auth().setData({ expire_time: Date.now() + UNKNOWN_LIFETIME_REFRESH_MS });
  }

  /** A warning about the page's own configuration: on the console (whatever the logger), once per session. */
  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    console.warn(`[rc-phone-kit] ${message}`);
  }

  private report(error: unknown): void {
    const phoneError = error instanceof PhoneError ? error : new PhoneError(ErrorCode.LoginFailed, { cause: error });
    this.log('warn', `${phoneError.code}: ${phoneError.message}`);
    this.fire('error', { error: phoneError });
  }
}

/** The tokens were gone when a refresh held the lock: another tab signed out. */
class SignedOutElsewhere extends Error {}

/**
 * When a stored token record is due for refresh: `aheadMs` before it expires, but not in the
 * first tenth of its life (an `aheadMs` as long as the lifetime would refresh in a loop).
 * NaN for a record whose expiry cannot be read.
 */
function refreshDue(data: RingCentralAuthData, aheadMs: number): number {
  const lifetime = Number(data.expires_in) * 1000;
  const ahead = lifetime > 0 ? Math.min(aheadMs, lifetime * 0.9) : aheadMs;
  return Number(data.expire_time) - ahead;
}

/** `fetch` with a deadline on every request: a hung one must not hold the refresh lock. */
function withTimeout(base: typeof fetch, ms: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(ms);
    // The SDK hands fetch a Request: its signal (a caller's abort) must survive ours.
    const own = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const signal = own ? AbortSignal.any([own, deadline]) : deadline;
    return base(input, { ...init, signal });
  };
}
