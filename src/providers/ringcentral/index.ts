/**
 * RingCentral for `<rc-phone-provider provider="ringcentral">`: sign-in, the session and the
 * phone's credential source, behind one object. The provider element loads this module
 * with a dynamic `import()` only when RingCentral is used, so neither it nor the SDK is in
 * the bundle of apps that do not use it.
 */
import type { AuthSnapshot, AuthUser } from '../../core/auth.js';
import { ErrorCode, PhoneError } from '../../core/errors.js';
import { TypedEventTarget } from '../../core/typed-event-target.js';
import { AuthState, RingCentralAuth, type RingCentralAuthOptions, type SignOutReason } from './auth.js';
import { describeFailure, platformCause } from './errors.js';
import { CACHE_PREFIX } from './login-state.js';
import type { CallControlAccess } from './platform-recordings.js';
import { E164, RingCentralSource } from './source.js';
import { isStorageError, keep, storageError } from './storage.js';

export { handleRingCentralCallback } from './callback.js';
export { AuthState, RingCentralAuth, type RingCentralAuthOptions, type SignOutReason } from './auth.js';
export { RingCentralSource, RINGCENTRAL_CAPABILITIES, type RingCentralSourceOptions } from './source.js';

export interface RingCentralSessionOptions extends RingCentralAuthOptions {
  /** How `login()` signs in: a popup (default) or a full-page redirect. */
  loginMode?: 'popup' | 'redirect';
  /** Signs in with this JWT on start when `allowJwtLogin` is set (development only). */
  jwt?: string | undefined;
  /** Caller ID for outgoing calls (one of the user's numbers); the user's last choice otherwise. */
  callerId?: string | undefined;
  /** How long call commands wait for the platform's answer (default 60 s). */
  commandTimeoutMs?: number | undefined;
}

export interface RingCentralSessionEventMap {
  /** Anything in {@link RingCentralSession.snapshot} changed. */
  change: CustomEvent<{ snapshot: AuthSnapshot }>;
  'signed-in': CustomEvent<{ snapshot: AuthSnapshot }>;
  'signed-out': CustomEvent<{ reason: SignOutReason; error: PhoneError | undefined }>;
  /** A failure outside any method call (refresh, posted code, redirect completion). */
  error: CustomEvent<{ error: PhoneError }>;
}

const CALLER_ID_KEY = `${CACHE_PREFIX}caller-id`;
/** The provisioned numbers, for the tabs that do not provision themselves (see `shareKey` in source.ts). */
const CALLER_IDS_KEY = `${CACHE_PREFIX}caller-ids`;
const EXTENSION_PATH = '/restapi/v1.0/account/~/extension/~';

export class RingCentralSession extends TypedEventTarget<RingCentralSessionEventMap> {
  readonly auth: RingCentralAuth;
  private state: AuthSnapshot;
  private readonly storage: Storage;
  private readonly lifetime = new AbortController();
  private preferred: string | undefined;
  /** This sign-in's access to the Call Control API, shared by the phones it makes (see platform-recordings.ts). */
  private callControl: CallControlAccess = { denied: false };

  constructor(private readonly options: RingCentralSessionOptions) {
    super();
    this.auth = new RingCentralAuth(options);
    const win = options.window ?? window;
    this.storage = this.auth.storage;
    this.preferred = options.callerId || undefined;
    this.state = Object.freeze({
      provider: 'ringcentral',
      ready: false,
      status: AuthState.SignedOut,
      user: undefined,
      callerIds: Object.freeze([]),
      callerId: undefined,
      error: undefined,
    });
    this.auth.addEventListener('change', ({ detail: { state } }) => this.onAuthChange(state));
    this.auth.addEventListener('signed-out', ({ detail }) => {
      this.update({ user: undefined, callerIds: Object.freeze([]), callerId: undefined, error: detail.error });
      this.fire('signed-out', detail);
    });
    this.auth.addEventListener('error', ({ detail }) => this.failed(detail.error));
    win.addEventListener('storage', (event) => this.onStorage(event), { signal: this.lifetime.signal });
  }

  get snapshot(): AuthSnapshot {
    return this.state;
  }

  get signedIn(): boolean {
    return this.state.status === AuthState.SignedIn;
  }

  /** Restores a stored session, finishes a redirect sign-in, or signs in with the JWT when allowed. */
  async start(): Promise<void> {
    try {
      await this.auth.start();
    } finally {
      if (!this.lifetime.signal.aborted) this.update({ ready: true });
    }
    if (!this.lifetime.signal.aborted && this.auth.state === AuthState.SignedOut && this.options.jwt) {
      // loginWithJwt refuses (invalid-configuration) unless allowJwtLogin is set.
      await this.track(this.auth.loginWithJwt(this.options.jwt));
    }
  }

  /** Starts a sign-in. Call it from a click: the popup opens synchronously. */
  login(): Promise<void> {
    return this.track(this.options.loginMode === 'redirect' ? this.auth.loginWithRedirect() : this.auth.loginWithPopup());
  }

  /** Signs in with an authorization code (and PKCE verifier) obtained by the host page. */
  loginWithCode(code: string, codeVerifier: string | undefined): Promise<void> {
    return this.track(this.auth.loginWithCode(code, codeVerifier));
  }

  async logout(): Promise<void> {
    await this.auth.logout();
  }

  /** Chooses the caller ID of outgoing calls; it must be one of the user's numbers. */
  setCallerId(number: string): void {
    if (!this.state.callerIds.includes(number)) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'That number is not one of your caller IDs.' });
    try {
      this.storage.setItem(CALLER_ID_KEY, number);
    } catch (error) {
      throw isStorageError(error) ? storageError(error) : error;
    }
    this.update({ callerId: number });
  }

  /** The host's preferred caller ID (`caller-id`): used when it is one of the user's numbers, now or once known. */
  preferCallerId(number: string | undefined): void {
    this.preferred = number || undefined;
    if (this.preferred && this.state.callerIds.includes(this.preferred)) this.update({ callerId: this.preferred });
  }

  /** A credential source for a new phone (each phone disposes its own). */
  createSource(): RingCentralSource {
    return new RingCentralSource({
      auth: this.auth,
      storage: this.storage,
      callerId: () => this.state.callerId,
      commandTimeoutMs: this.options.commandTimeoutMs,
      callControl: this.callControl,
      logger: this.options.logger,
      onProvisioned: ({ phoneNumbers }) => {
        // For the other tabs only: this one has them, and phones without them if storage is full.
        keep(this.storage, CALLER_IDS_KEY, JSON.stringify(phoneNumbers));
        this.useCallerIds(phoneNumbers);
      },
    });
  }

  dispose(): void {
    this.lifetime.abort();
    this.auth.dispose();
  }

  private onAuthChange(status: AuthState): void {
    this.update({ status, ...(status === AuthState.SignedIn ? { error: undefined } : {}) });
    if (status !== AuthState.SignedIn) return;
    // A new sign-in may have the permission the last one lacked.
    this.callControl = { denied: false };
    // Another tab, which holds the phone, has provisioned it already.
    const provisioned = this.storedCallerIds();
    if (provisioned.length > 0) this.useCallerIds(provisioned);
    this.fire('signed-in', { snapshot: this.state });
    void this.loadUser();
  }

  private useCallerIds(numbers: readonly string[]): void {
    const wanted = this.preferred ?? this.storage.getItem(CALLER_ID_KEY) ?? undefined;
    this.update({ callerIds: Object.freeze([...numbers]), callerId: wanted && numbers.includes(wanted) ? wanted : undefined });
  }

  private storedCallerIds(): string[] {
    let stored: unknown;
    try {
      stored = JSON.parse(this.storage.getItem(CALLER_IDS_KEY) ?? '[]');
    } catch {
      return [];
    }
    return Array.isArray(stored) ? stored.filter((n): n is string => typeof n === 'string' && E164.test(n)) : [];
  }

  /**
   * Only the tab that holds the shared phone provisions; the others' `<rc-login>` learns
   * the numbers, and every tab the caller ID chosen in any of them, from localStorage (the
   * leader places the calls that followers dial, with the caller ID it knows).
   */
  private onStorage(event: StorageEvent): void {
    if (event.storageArea !== this.storage || !this.signedIn) return;
    if (event.key === CALLER_IDS_KEY) this.useCallerIds(this.storedCallerIds());
    else if (event.key === CALLER_ID_KEY && event.newValue && this.state.callerIds.includes(event.newValue)) this.update({ callerId: event.newValue });
  }

  /** Who signed in, for the UI ("Signed in as …"). */
  private async loadUser(): Promise<void> {
    try {
      const body = (await (await this.auth.platform.get(EXTENSION_PATH)).json()) as { name?: unknown; extensionNumber?: unknown };
      const user: AuthUser = {
        name: typeof body.name === 'string' ? body.name.slice(0, 128) : '',
        extensionNumber: typeof body.extensionNumber === 'string' ? body.extensionNumber.slice(0, 16) : '',
      };
      if (this.signedIn) this.update({ user });
    } catch (error) {
      // Not needed to phone; the session itself is checked by the phone's provisioning.
      const failure = await describeFailure(error);
      if (failure.status === 401) await this.auth.sessionEnded(new PhoneError(ErrorCode.SessionEnded, { cause: platformCause(failure) }));
    }
  }

  private async track(run: Promise<void>): Promise<void> {
    try {
      await run;
    } catch (error) {
      const phoneError = error instanceof PhoneError ? error : new PhoneError(ErrorCode.LoginFailed, { cause: error });
      this.update({ error: phoneError });
      throw phoneError;
    }
  }

  private failed(error: PhoneError): void {
    this.update({ error });
    this.fire('error', { error });
  }

  private update(patch: Partial<AuthSnapshot>): void {
    this.state = Object.freeze({ ...this.state, ...patch });
    this.fire('change', { snapshot: this.state });
  }
}

/** What the provider element calls after `import()`. */
export function createRingCentralSession(options: RingCentralSessionOptions): RingCentralSession {
  return new RingCentralSession(options);
}
