import { ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { authContext, type AuthCommands, type AuthContextValue } from '../context/auth-context.js';
import { NO_SIGN_IN, type AuthSnapshot } from '../core/auth.js';
import type { CredentialSource } from '../core/credentials.js';
import { ErrorCode, PhoneError, toPhoneError } from '../core/errors.js';
import type { RcAuthChangeDetail } from '../events/rc-auth-change.js';
import type { RcLogoutDetail } from '../events/rc-logout.js';
// Types only: the RingCentral module and its SDK are loaded with import() when used (see open()).
import type { RingCentralSession, RingCentralSessionOptions } from '../providers/ringcentral/index.js';

/** The settings the sign-in reads from its host (`<rc-phone-provider>`'s properties of the same names). */
export interface RingCentralSettings {
  readonly server: string;
  readonly allowInsecure: boolean;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly loginMode: 'popup' | 'redirect';
  readonly allowedOrigins: readonly string[];
  readonly allowJwtLogin: boolean;
  readonly jwt: string;
  readonly clientSecret: string;
  readonly callerId: string;
  readonly ringcentralOptions: Partial<RingCentralSessionOptions>;
  readonly authorizationCode: string;
  readonly codeVerifier: string;
}

/** What the sign-in asks of the phone it serves. */
export interface RingCentralSignInOptions {
  /** Makes a new phone: the user signed in or out. */
  restart(): void;
  /** Stops the phone: it unregisters (SIP credentials, not OAuth) before the session is revoked. */
  stop(): void;
  /** The phone's address of record, for `rc-logout`. */
  uri(): string | undefined;
  /** Reports a failure as `rc-error`. */
  reportError(error: PhoneError): void;
  /** Fires a sign-in event on the host. */
  emit(...event: ['rc-auth-change', RcAuthChangeDetail] | ['rc-logout', RcLogoutDetail]): void;
}

/** The session of one set of settings; a change of settings opens another. */
interface Slot {
  readonly key: string;
  session: RingCentralSession | undefined;
  /** The host's last `authorizationCode`, used once. */
  code: string;
  /** The address signed out of, kept by `logout` for `rc-logout` once the phone has stopped. */
  uri: string | undefined;
}

/**
 * `provider="ringcentral"`: the sign-in of a `<rc-phone-provider>`. It loads the RingCentral
 * module (and its SDK) with import() the first time it is needed, so apps that do not use
 * it never download it; shares the sign-in state and commands with `<rc-login>` through
 * {@link authContext}; and restarts the phone when the user signs in or out.
 */
export class RingCentralSignInController implements ReactiveController {
  /** Like the phone's commands, they never reject: failures become `rc-error` events. */
  readonly commands: AuthCommands = Object.freeze({
    // Not awaited before the session's login(): the sign-in popup must open within the click.
    login: () => this.withSession((session) => session.login()),
    logout: () =>
      this.withSession(async (session) => {
        // Keep the address for rc-logout, then unregister, then revoke.
        if (this.slot) this.slot.uri = this.options.uri();
        this.options.stop();
        await session.logout();
      }),
    setCallerId: (number: string) => this.withSession((session) => session.setCallerId(number)),
  });

  private readonly provider: ContextProvider<typeof authContext>;
  private slot: Slot | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & RingCentralSettings,
    private readonly options: RingCentralSignInOptions,
  ) {
    this.provider = new ContextProvider(host, { context: authContext, initialValue: this.value(NO_SIGN_IN) });
    host.addController(this);
  }

  /** The sign-in state (`<rc-login>` renders it). */
  get snapshot(): AuthSnapshot {
    return this.provider.value?.snapshot ?? NO_SIGN_IN;
  }

  hostDisconnected(): void {
    this.close();
  }

  /**
   * The phone's credential source while signed in. Opens a session for the current
   * settings first (loading the RingCentral module), unless one is open for them.
   */
  source(): CredentialSource | undefined {
    const { server, allowInsecure, clientId, redirectUri, loginMode, allowedOrigins, allowJwtLogin, jwt, clientSecret } = this.host;
    const key = JSON.stringify([server, allowInsecure, clientId, redirectUri, loginMode, allowedOrigins, allowJwtLogin, jwt, clientSecret]);
    if (this.slot?.key !== key) this.open(key);
    const slot = this.slot;
    if (slot?.session) this.useHostCode(slot);
    return slot?.session?.signedIn ? slot.session.createSource() : undefined;
  }

  /** The host's `caller-id` changed. */
  preferCallerId(): void {
    this.slot?.session?.preferCallerId(this.host.callerId);
  }

  /** Ends the session (the provider is no longer `ringcentral`, or is gone). */
  close(): void {
    const slot = this.slot;
    if (!slot) return;
    this.slot = undefined;
    slot.session?.dispose();
    this.publish(NO_SIGN_IN);
  }

  private open(key: string): void {
    this.close();
    const slot: Slot = { key, session: undefined, code: '', uri: undefined };
    this.slot = slot;
    this.publish({ ...NO_SIGN_IN, provider: 'ringcentral' });
    const { host, options } = this;
    // Not configured yet (attributes may arrive one by one).
    if (!host.server || !host.clientId) return;
    const mine = (): boolean => this.slot === slot;
    import('../providers/ringcentral/index.js')
      .then(({ createRingCentralSession }) => {
        if (!mine()) return undefined;
        const session = createRingCentralSession({
          server: host.server,
          allowInsecure: host.allowInsecure,
          clientId: host.clientId,
          redirectUri: host.redirectUri || location.origin + location.pathname,
          loginMode: host.loginMode,
          allowedOrigins: host.allowedOrigins,
          allowJwtLogin: host.allowJwtLogin,
          jwt: host.jwt || undefined,
          clientSecret: host.clientSecret || undefined,
          callerId: host.callerId || undefined,
          ...host.ringcentralOptions,
        });
        slot.session = session;
        session.addEventListener('change', ({ detail: { snapshot } }) => {
          if (!mine()) return;
          const previous = this.snapshot.status;
          this.publish(snapshot);
          // An ended session is told below, with its reason; a failed sign-in attempt here.
          const ended = snapshot.status === 'signed-out' && previous === 'signed-in';
          if (snapshot.status !== previous && !ended) options.emit('rc-auth-change', { provider: 'ringcentral', status: snapshot.status, reason: undefined });
        });
        session.addEventListener('signed-in', () => mine() && options.restart());
        session.addEventListener('signed-out', ({ detail: { reason, error } }) => {
          if (!mine()) return;
          const uri = options.uri() ?? slot.uri;
          options.restart();
          if (error) options.reportError(error);
          options.emit('rc-auth-change', { provider: 'ringcentral', status: 'signed-out', reason });
          options.emit('rc-logout', { uri });
        });
        session.addEventListener('error', ({ detail: { error } }) => mine() && options.reportError(error));
        this.useHostCode(slot);
        return session.start();
      })
      .catch((error: unknown) => mine() && options.reportError(toPhoneError(error, ErrorCode.CredentialsFailed)));
  }

  /** Signs in with `authorizationCode` + `codeVerifier` set by the host, once per code. */
  private useHostCode(slot: Slot): void {
    const { authorizationCode, codeVerifier } = this.host;
    if (!slot.session || !authorizationCode || slot.code === authorizationCode) return;
    slot.code = authorizationCode;
    slot.session
      .loginWithCode(authorizationCode, codeVerifier || undefined)
      .catch((error: unknown) => this.options.reportError(toPhoneError(error, ErrorCode.LoginFailed)));
  }

  /** Runs a sign-in command; failures become `rc-error` events, like the phone's commands. */
  private async withSession(action: (session: RingCentralSession) => Promise<void> | void): Promise<boolean> {
    try {
      const session = this.slot?.session;
      if (!session) throw new PhoneError(ErrorCode.InvalidState, { message: 'Nothing to sign in to: set provider="ringcentral" with server and client-id.' });
      await action(session);
      return true;
    } catch (error) {
      this.options.reportError(toPhoneError(error, ErrorCode.LoginFailed));
      return false;
    }
  }

  private publish(snapshot: AuthSnapshot): void {
    this.provider.setValue(this.value(snapshot));
  }

  private value(snapshot: AuthSnapshot): AuthContextValue {
    return Object.freeze({ snapshot, commands: this.commands });
  }
}
