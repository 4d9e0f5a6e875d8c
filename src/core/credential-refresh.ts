/**
 * Keeping expiring credentials (token providers) fresh while the phone runs: the first load
 * retried while the app server is away, a renewal before they expire, a warning when they do,
 * and backoff when renewing fails. Its own class so the timers and their state leave phone.ts
 * together; the phone hands it a {@link RefreshPort} for the SIP work, tests a fake clock.
 */
import type { SipCredentials } from './credentials.js';
import { ErrorCode, PhoneError, toPhoneError } from './errors.js';
import type { Logger } from './log.js';
import { refreshDelay, retryDelay, retrying, wallClock, type WallClock } from './refresh-timing.js';

/** What a refresh needs from the phone. */
export interface RefreshPort {
  /** Asks the credential source for credentials. */
  load(signal: AbortSignal): Promise<SipCredentials>;
  /** The credentials in use, if any. */
  current(): SipCredentials | undefined;
  /** Puts renewed credentials in use: the SIP stack's next authentication uses them. */
  use(credentials: SipCredentials): void;
  /** Registers again with the renewed credentials, if the phone is (or wants to be) registered. */
  reregister(): Promise<void>;
  /** The credentials expire at `expiresAt` and new ones are being fetched (`credentials-expiring`). */
  expiring(expiresAt: number): void;
  report(error: PhoneError): void;
  log: Logger;
}

export class CredentialRefresh {
  private cancelRefreshTimer: (() => void) | undefined;
  private cancelExpiryTimer: (() => void) | undefined;
  private refreshing = false;
  /** Failed refreshes in a row, for the backoff. */
  private refreshFailures = 0;
  /** Counts {@link stop}s: a refresh that began before one drops its result (its SIP stack is gone). */
  private stops = 0;

  constructor(
    private readonly port: RefreshPort,
    /** The phone's lifetime: once aborted, nothing is loaded or retried any more. */
    private readonly signal: AbortSignal,
    private readonly clock: WallClock = wallClock,
  ) {}

  /**
   * Loads the first credentials. A failed token fetch is worth retrying (the app server may
   * be restarting while the page loads): it is reported, then tried again with backoff
   * until it works or the phone is disposed. Other failures are thrown.
   */
  async loadFirst(): Promise<SipCredentials> {
    const { signal } = this;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.port.load(signal);
      } catch (error) {
        if (signal.aborted) throw new PhoneError(ErrorCode.Disposed);
        if (!(error instanceof PhoneError) || error.code !== ErrorCode.TokenFetchFailed) throw error;
        const delay = retryDelay(attempt);
        this.port.report(retrying(error, delay));
        // One abort listener per wait, removed when the wait ends: a long outage must not pile them up.
        await new Promise<void>((resolve) => {
          const onAbort = (): void => (cancel(), resolve());
          const cancel = this.clock.at(this.clock.now() + delay, () => (signal.removeEventListener('abort', onAbort), resolve()));
          signal.addEventListener('abort', onAbort, { once: true });
        });
        if (signal.aborted) throw new PhoneError(ErrorCode.Disposed);
      }
    }
  }

  /** Plans the next refresh of credentials that expire, and a warning for when they do. */
  schedule(credentials: SipCredentials): void {
    this.cancelTimers();
    const { expiresAt } = credentials;
    if (expiresAt === undefined) return;
    const now = this.clock.now();
    const lifetime = expiresAt - now;
    this.cancelRefreshTimer = this.clock.at(now + refreshDelay(lifetime), () => void this.refresh());
    // Already expired on arrival: no warning timer, the registrar’s 403 says so (see Phone.register()).
    if (lifetime > 0) {
      this.cancelExpiryTimer = this.clock.at(expiresAt, () =>
        this.port.report(new PhoneError(ErrorCode.TokenExpired, { message: 'The phone’s sign-in token expired before a new one could be fetched.' })),
      );
    }
  }

  /** Tries the refresh again after a backoff pause; returns the pause. */
  retry(): number {
    this.cancelRefreshTimer?.();
    const delay = retryDelay(this.refreshFailures++);
    this.cancelRefreshTimer = this.clock.at(this.clock.now() + delay, () => void this.refresh());
    return delay;
  }

  /** Stops refreshing (the phone left its server); a refresh under way is dropped. */
  stop(): void {
    this.cancelTimers();
    this.stops++;
  }

  private apply(next: SipCredentials): SipCredentials {
    const current = this.port.current();
    // sip.js cannot move a running user agent to another server or address of record, and a
    // new one would drop the calls: such a change waits for the next start.
    if (current && (next.server !== current.server || next.uri !== current.uri)) {
      this.port.log('warn', 'Renewed credentials name another server or address; it is used from the next start on.');
    }
    const credentials = current ? { ...next, server: current.server, uri: current.uri } : next;
    this.port.use(credentials);
    return credentials;
  }

  private cancelTimers(): void {
    this.cancelRefreshTimer?.();
    this.cancelExpiryTimer?.();
    this.cancelRefreshTimer = this.cancelExpiryTimer = undefined;
  }

  /**
   * Fetches new credentials and re-registers with them. Calls go on untouched: the SIP
   * dialogs and media do not depend on the registration (RFC 3261 §12), only new
   * requests that get challenged use the new credentials.
   */
  private async refresh(): Promise<void> {
    const { signal, port } = this;
    const stops = this.stops;
    if (signal.aborted || this.refreshing) return;
    this.refreshing = true;
    this.cancelRefreshTimer?.();
    const expiresAt = port.current()?.expiresAt;
    if (expiresAt !== undefined && this.refreshFailures === 0) port.expiring(expiresAt);
    try {
      const next = await port.load(signal);
      if (signal.aborted || this.stops !== stops) return;
      this.schedule(this.apply(next));
      await port.reregister();
      this.refreshFailures = 0;
      port.log('log', `credentials renewed (${next.expiresAt === undefined ? 'no expiry' : `valid until ${new Date(next.expiresAt).toISOString()}`})`);
    } catch (error) {
      if (signal.aborted || this.stops !== stops) return;
      port.report(retrying(toPhoneError(error, ErrorCode.TokenFetchFailed), this.retry()));
    } finally {
      this.refreshing = false;
    }
  }
}
