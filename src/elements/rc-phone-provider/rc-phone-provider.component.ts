import { ContextProvider } from '@lit/context';
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { isCredentialSource, type CredentialSource, type SipCredentials } from '../../core/credentials.js';
import { ErrorCode, PhoneError, toPhoneError } from '../../core/errors.js';
import { Phone, type PhoneOptions, type PhoneSnapshot } from '../../core/phone.js';
import type { CommandResult, PhoneCommand } from '../../core/commands.js';
import { IDLE_SNAPSHOT, SharedPhone, type TabRole } from '../../core/tabs/shared-phone.js';
import { phoneContext, type PhoneCommands, type PhoneContextValue } from '../../context/phone-context.js';
import { authContext, type AuthCommands, type AuthContextValue } from '../../context/auth-context.js';
import { NO_SIGN_IN, type AuthSnapshot } from '../../core/auth.js';
// Types only: the RingCentral module and its SDK are loaded with import() when used (see ringcentralSource()).
import type { RingCentralSession, RingCentralSessionOptions } from '../../providers/ringcentral/index.js';
import { tokenCredentials, type FetchCredentials } from '../../providers/token.js';
import { RcElement } from '../../internal/rc-element.js';
import { CloseProtectionController } from '../../controllers/close-protection.js';

/** `auto-register="false"` (or `close-prompt="false"`) turns it off; the attribute's presence (or absence) keeps the default, on. */
const autoRegisterConverter = {
  fromAttribute: (value: string | null): boolean => value !== 'false',
  toAttribute: (value: boolean): string => String(value),
};

/** The settings that make a new phone when they change. */
const PHONE_SETTINGS = [
  'server',
  'uri',
  'authorizationUsername',
  'displayName',
  'password',
  'credentials',
  'iceServers',
  'autoRegister',
  'instanceId',
  'phoneOptions',
  'allowInsecure',
  'provider',
  'tokenUrl',
  'fetchCredentials',
  'tabSharing',
  'clientId',
  'redirectUri',
  'loginMode',
  'allowedOrigins',
  'authorizationCode',
  'codeVerifier',
  'jwt',
  'clientSecret',
  'allowJwtLogin',
] as const;

/** `allowed-origins="https://a.example https://b.example"`. */
const listConverter = {
  fromAttribute: (value: string | null): string[] => (value ?? '').split(/\s+/).filter(Boolean),
  toAttribute: (value: readonly string[]): string => value.join(' '),
};

/**
 * Owns one phone (a SIP user agent over WebSocket, its registration and calls) and shares
 * it with every descendant element through context. It renders nothing of its own.
 *
 * @tagname rc-phone-provider
 * @summary The phone every `rc-*` element inside it uses.
 *
 * @slot - The phone's elements (dialpad, call controls…) and anything else.
 *
 * @event {{ state: 'unregistered' | 'registering' | 'registered' | 'failed' }} rc-registration-change - The SIP registration changed.
 * @event {{ state: 'disconnected' | 'connecting' | 'connected' | 'reconnecting', attempt: number }} rc-connection-change - The connection to the server changed; `attempt` counts reconnection attempts (1, 2… while `reconnecting`; on `connected`, the attempts it took).
 * @event {{ callId: string, call: CallSnapshot }} rc-call-incoming - A call is ringing.
 * @event {{ callId: string, state: CallState, previous: CallState, call: CallSnapshot }} rc-call-state-change - A call changed state.
 * @event {{ callId: string, reason: CallEndReason, call: CallSnapshot, error?: PhoneError }} rc-call-ended - A call ended, with the reason.
 * @event {{ callId: string, tone: string }} rc-dtmf-received - The other party pressed a key (DTMF by SIP INFO).
 * @event {{ expiresAt: number }} rc-credentials-expiring - Short-lived credentials (`provider="token"`) expire at `expiresAt`; new ones are being fetched.
 * @event {{ provider: string, status: 'signed-out' | 'signing-in' | 'signed-in', reason?: 'user' | 'session-ended' | 'elsewhere' }} rc-auth-change - `provider="ringcentral"`: signing in, signed in, or signed out (and why).
 * @event {{ uri?: string }} rc-logout - `provider="ringcentral"`: the user signed out or the session ended; apps clear what they keep for the account.
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - Something failed: bad input, denied microphone, rejected sign-in, lost server…
 */
export class RcPhoneProvider extends RcElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /**
   * `wss://` URL of the SIP-over-WebSocket server, or several separated by spaces or commas:
   * the first is used, the others are backups in order (failover, and back to the first
   * once it answers again and no call is live). `ws://` only for this computer, or with
   * `allow-insecure`. With `provider="ringcentral"`: the platform URL, e.g.
   * `https://platform.ringcentral.com`.
   */
  @property() server = '';

  /**
   * Allows a `ws://` (unencrypted) `server` on another computer: a test server on a private
   * network. Off by default, because SIP then crosses the network readable by anyone on the path.
   */
  @property({ type: Boolean, attribute: 'allow-insecure' }) allowInsecure = false;

  /**
   * Asks the browser to confirm leaving the page while a call is ringing or in progress. On
   * unless `close-prompt="false"`. Whatever it is, the phone un-REGISTERs when the page goes.
   */
  @property({ attribute: 'close-prompt', converter: autoRegisterConverter }) closePrompt = true;

  /** Address of record, e.g. `sip:alice@example.com`. */
  @property() uri = '';

  /** Digest user name, when it differs from the user part of `uri`. */
  @property({ attribute: 'authorization-username' }) authorizationUsername = '';

  /** The name other people see when you call. */
  @property({ attribute: 'display-name' }) displayName = '';

  /** Register once connected. On unless `auto-register="false"`. */
  @property({ attribute: 'auto-register', converter: autoRegisterConverter }) autoRegister = true;

  /** RFC 5626 instance id; defaults to one kept per browser profile and address. */
  @property({ attribute: 'instance-id' }) instanceId = '';

  /**
   * `on` (default): the tabs of this browser profile, and the providers of this page, that
   * sign in as the same device (`uri` and `instance-id`) share one phone. One tab, the
   * leader, registers and holds the calls and their audio; the others show its state,
   * fire the same events, and send it their commands (answering in another tab plays
   * the audio in the leader's tab). When the leader closes, another tab takes over.
   * `off`: this provider registers by itself. When `uri` is set, tabs share by it (and
   * refuse credentials for another address). Otherwise they share by what names the
   * device before signing in: `provider="ringcentral"`, the `server` and `client-id` (the
   * sign-in is per browser profile, so only the leader provisions and registers, while
   * every tab's `<rc-login>` shows the session); `provider="token"`, the `token-url` (the
   * app session is per profile: set `uri` or `off` if your tabs sign in as different
   * users); a credential source, its `shareKey`. A `fetchCredentials` function or a source
   * without a key shares only by `uri`.
   */
  @property({ attribute: 'tab-sharing' }) tabSharing: 'on' | 'off' = 'on';

  /**
   * Where the credentials come from. `sip` (default): the `server`, `uri` and `password`
   * settings. `token`: short-lived credentials from your app server (`token-url` or
   * `fetchCredentials`), renewed before they expire without dropping calls. `ringcentral`:
   * sign in to RingCentral (`server`, `client-id`, `redirect-uri`; `<rc-login>` shows the
   * button); loaded on first use, so apps that do not use it do not download it.
   */
  @property({ reflect: true }) provider: 'sip' | 'token' | 'ringcentral' = 'sip';

  /** `provider="token"`: the app server's token endpoint; POSTed to with the page's same-origin cookies and `tokenHeaders`. */
  @property({ attribute: 'token-url' }) tokenUrl = '';

  /** `provider="token"`: fetches the token answer itself (another transport or auth scheme); used instead of `token-url`. */
  @property({ attribute: false }) fetchCredentials: FetchCredentials | undefined;

  /** `provider="token"`: headers for every token request, e.g. `{ Authorization: 'Bearer …' }`. Read at each fetch; changing them does not restart the phone. */
  @property({ attribute: false }) tokenHeaders: HeadersInit | undefined;

  /** `provider="ringcentral"`: the app's client id (RingCentral developer console). */
  @property({ attribute: 'client-id' }) clientId = '';

  /**
   * `provider="ringcentral"`: the OAuth redirect URI registered for the app, a page that runs
   * `handleRingCentralCallback()`. Default: this page's address.
   */
  @property({ attribute: 'redirect-uri' }) redirectUri = '';

  /** `provider="ringcentral"`: sign in in a `popup` (default) or by a full-page `redirect`. */
  @property({ attribute: 'login-mode' }) loginMode: 'popup' | 'redirect' = 'popup';

  /** `provider="ringcentral"`: caller ID of outgoing calls, one of the user's numbers (E.164). */
  @property({ attribute: 'caller-id' }) callerId = '';

  /**
   * `provider="ringcentral"`: origins allowed to hand the phone an authorization code by
   * `postMessage({ type: 'rc-adapter-authorization-code', callbackUri | code, codeVerifier })`.
   * Default: this page's origin only.
   */
  @property({ attribute: 'allowed-origins', converter: listConverter }) allowedOrigins: readonly string[] = [];

  /** `provider="ringcentral"`: an authorization code the host page obtained itself; signs in with it and `codeVerifier`. */
  @property({ attribute: false }) authorizationCode = '';

  /** `provider="ringcentral"`: the PKCE code verifier of `authorizationCode`. */
  @property({ attribute: false }) codeVerifier = '';

  /**
   * `provider="ringcentral"`: allow JWT sign-in (`jwt` with `clientSecret`). Development only:
   * the client secret is then readable by anyone who loads the page; a warning says so.
   */
  @property({ attribute: false }) allowJwtLogin = false;

  /** `provider="ringcentral"` with `allowJwtLogin`: the JWT credential to sign in with. */
  @property({ attribute: false }) jwt = '';

  /** `provider="ringcentral"` with `allowJwtLogin`: the app's client secret (the JWT grant needs it). */
  @property({ attribute: false }) clientSecret = '';

  /** `provider="ringcentral"`: further session options (call command timeout, refresh margin…), read when the session starts. */
  @property({ attribute: false }) ringcentralOptions: Partial<RingCentralSessionOptions> = {};

  /** The SIP password. A property only, never an attribute, so it cannot leak into markup. */
  @property({ attribute: false }) password = '';

  /** Credentials or a credential source (RingCentral, token endpoint…); overrides the attributes above. */
  @property({ attribute: false }) credentials: SipCredentials | CredentialSource | undefined;

  /** STUN/TURN servers. Default none. */
  @property({ attribute: false }) iceServers: readonly RTCIceServer[] = [];

  /** Further options of the core `Phone` (DTMF transport, ICE gathering timeout, devices…). */
  @property({ attribute: false }) phoneOptions: Partial<Omit<PhoneOptions, 'credentials'>> = {};

  // Declared before `contextProvider`, whose initial value needs it (fields initialise in order).
  private readonly commands: PhoneCommands = Object.freeze({
    call: async (target: string) => (await this.run({ name: 'call', target }))?.value,
    answer: (callId: string) => this.act({ name: 'answer', callId }),
    decline: (callId: string) => this.act({ name: 'decline', callId }),
    hangup: (callId: string) => this.act({ name: 'hangup', callId }),
    hold: (callId: string) => this.act({ name: 'hold', callId }),
    unhold: (callId: string) => this.act({ name: 'unhold', callId }),
    mute: (callId: string) => this.act({ name: 'mute', callId }),
    unmute: (callId: string) => this.act({ name: 'unmute', callId }),
    sendDtmf: (callId: string, tones: string) => this.act({ name: 'sendDtmf', callId, tones }),
    transfer: (callId: string, target: string | { callId: string }) => this.act({ name: 'transfer', callId, target }),
    register: () => this.act({ name: 'register' }),
    unregister: () => this.act({ name: 'unregister' }),
    setAudioInput: (deviceId: string) => this.act({ name: 'setAudioInput', deviceId }),
    setAudioOutput: (deviceId: string) => this.act({ name: 'setAudioOutput', deviceId }),
    providerAction: async (callId: string, action: string, args?: Readonly<Record<string, unknown>>) => {
      const outcome = await this.run({ name: 'providerAction', callId, action, args });
      return outcome && { result: outcome.value };
    },
  });

  private readonly contextProvider = new ContextProvider(this, { context: phoneContext, initialValue: this.contextValue(IDLE_SNAPSHOT) });

  private readonly authCommands: AuthCommands = Object.freeze({
    // Not awaited before the session's login(): the sign-in popup must open within the click.
    login: () => this.withSignIn((session) => session.login()),
    logout: () =>
      this.withSignIn(async (session) => {
        // Keep the address for rc-logout, then unregister (SIP credentials, not OAuth), then revoke.
        if (this.ringcentral) this.ringcentral.uri = this.snapshot.uri;
        this.stop();
        await session.logout();
      }),
    setCallerId: (number: string) => this.withSignIn((session) => session.setCallerId(number)),
  });

  private readonly authProvider = new ContextProvider(this, { context: authContext, initialValue: this.authValue(NO_SIGN_IN) });
  /** `provider="ringcentral"`: the sign-in session, once its module has loaded. */
  private ringcentral: { readonly key: string; session: RingCentralSession | undefined; code: string; uri: string | undefined } | undefined;
  private shared: SharedPhone | undefined;

  /**
   * The page's lifecycle: a prompt before closing it mid-call, and no registration left behind.
   * A tab that follows another's phone has nothing to leave: `phone` is only this tab's.
   * @internal
   */
  protected readonly closeProtection = new CloseProtectionController(this, {
    guard: () => this.closePrompt && this.phone !== undefined && this.snapshot.calls.length > 0,
    hidden: () => void this.phone?.disconnect().catch(() => undefined),
    shown: () => void this.phone?.start().catch((error: unknown) => this.reportError(toPhoneError(error, ErrorCode.ServerUnreachable))),
  });

  /**
   * The core phone, for what elements do not cover (statistics, custom headers). Undefined
   * while not configured, and in a tab that follows another (see `tab-sharing`).
   */
  get phone(): Phone | undefined {
    return this.shared?.phone;
  }

  /**
   * This tab's part in sharing the phone (see `tab-sharing`): `single` (not shared),
   * `leader` (the phone runs here) or `follower` (it runs in another tab or provider).
   * Undefined while not configured.
   */
  get tabRole(): TabRole | undefined {
    return this.shared?.role;
  }

  /** The latest snapshot (the same object elements receive). */
  get snapshot(): PhoneSnapshot {
    return this.contextProvider.value?.snapshot ?? IDLE_SNAPSHOT;
  }

  /** Set when the element is re-attached: its phone was disposed on disconnect. */
  private needsPhone = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Start from updated(), so a re-attach plus setting changes makes one phone, not two.
    if (this.hasUpdated && !this.shared) {
      this.needsPhone = true;
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
    this.closeRingCentral();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('callerId')) this.ringcentral?.session?.preferCallerId(this.callerId);
    if (this.needsPhone || PHONE_SETTINGS.some((key) => changed.has(key))) this.restart();
    this.needsPhone = false;
  }

  protected override render(): unknown {
    return html`<slot></slot>`;
  }

  private resolveCredentials(): SipCredentials | CredentialSource | undefined {
    if (this.provider !== 'ringcentral') this.closeRingCentral();
    if (this.credentials) return this.credentials;
    if (this.provider === 'ringcentral') return this.ringcentralSource();
    if (this.provider === 'token') {
      // Not configured yet: the host may set `fetchCredentials` after the attributes.
      if (!this.tokenUrl && !this.fetchCredentials) return undefined;
      return tokenCredentials({
        url: this.tokenUrl,
        fetchCredentials: this.fetchCredentials,
        headers: () => this.tokenHeaders,
        displayName: this.displayName || undefined,
      });
    }
    if (this.provider !== 'sip') {
      this.reportError(
        new PhoneError(ErrorCode.InvalidConfiguration, {
          message: `Unknown provider "${String(this.provider).slice(0, 32)}": use "sip", "token" or "ringcentral".`,
        }),
      );
      return undefined;
    }
    if (!this.server || !this.uri) return undefined;
    return {
      server: this.server,
      uri: this.uri,
      authorizationUsername: this.authorizationUsername || undefined,
      password: this.password,
      displayName: this.displayName || undefined,
    };
  }

  private restart(): void {
    this.stop();
    if (!this.isConnected) return;
    const credentials = this.resolveCredentials();
    if (!credentials) return;
    // Before loading, a credential source does not tell which address it signs in as; its
    // share key, when it has one, names the device instead.
    const uri = isCredentialSource(credentials) ? this.uri : credentials.uri;
    const key = isCredentialSource(credentials) ? credentials.shareKey : undefined;
    const instanceId = this.instanceId || (this.phoneOptions.instanceId ?? '');
    const shared = new SharedPhone({
      create: () =>
        new Phone({
          ...this.phoneOptions,
          credentials,
          iceServers: this.iceServers,
          autoRegister: this.autoRegister,
          ...(this.allowInsecure ? { allowInsecure: true } : {}),
          ...(this.instanceId ? { instanceId: this.instanceId } : {}),
        }),
      share: this.tabSharing === 'off' ? undefined : uri ? { uri, instanceId } : key ? { key, instanceId } : undefined,
    });
    this.shared = shared;
    this.listen(shared);
    shared.start();
  }

  private stop(): void {
    const shared = this.shared;
    if (!shared) return;
    this.shared = undefined;
    this.publish(IDLE_SNAPSHOT);
    void shared.dispose();
  }

  private listen(phone: SharedPhone): void {
    const mine = (): boolean => this.shared === phone;
    phone.addEventListener('change', (e) => mine() && this.publish(e.detail.snapshot));
    phone.addEventListener('registration-change', (e) => mine() && this.emit('rc-registration-change', { state: e.detail.state }));
    phone.addEventListener('connection-change', (e) => mine() && this.emit('rc-connection-change', { state: e.detail.state, attempt: e.detail.attempt ?? 0 }));
    phone.addEventListener('call-incoming', (e) => mine() && this.emit('rc-call-incoming', { callId: e.detail.call.id, call: e.detail.call }));
    phone.addEventListener('call-state-change', ({ detail: { call, previous } }) => {
      if (mine()) this.emit('rc-call-state-change', { callId: call.id, state: call.state, previous, call });
    });
    phone.addEventListener('call-ended', ({ detail: { call, reason, error } }) => {
      if (mine()) this.emit('rc-call-ended', { callId: call.id, reason, call, error });
    });
    phone.addEventListener('dtmf-received', (e) => mine() && this.emit('rc-dtmf-received', { callId: e.detail.callId, tone: e.detail.tone }));
    phone.addEventListener('credentials-expiring', (e) => mine() && this.emit('rc-credentials-expiring', { expiresAt: e.detail.expiresAt }));
    phone.addEventListener('error', (e) => mine() && this.reportError(e.detail.error, e.detail.callId));
  }

  private publish(snapshot: PhoneSnapshot): void {
    this.contextProvider.setValue(this.contextValue(snapshot));
  }

  private reportError(error: PhoneError, callId?: string): void {
    this.emit('rc-error', { code: error.code, error, callId });
  }

  private contextValue(snapshot: PhoneSnapshot): PhoneContextValue {
    return Object.freeze({ snapshot, commands: this.commands });
  }

  /**
   * Runs a command on this tab's phone or the leader tab's, turning any failure into an
   * `rc-error` (in this tab, where the user acted) instead of a rejection.
   */
  private async run<C extends PhoneCommand>(command: C): Promise<{ value: CommandResult<C> } | undefined> {
    try {
      const shared = this.shared;
      if (!shared) throw new PhoneError(ErrorCode.InvalidState, { message: 'The phone is not configured yet.' });
      return { value: await shared.run(command) };
    } catch (error) {
      this.reportError(toPhoneError(error, ErrorCode.InvalidState), 'callId' in command ? command.callId : undefined);
      return undefined;
    }
  }

  private async act(command: PhoneCommand): Promise<boolean> {
    return (await this.run(command)) !== undefined;
  }

  // ---- provider="ringcentral" ----

  /** `provider="ringcentral"`: starts a sign-in (call it from a click: the popup must open within it). */
  login(): Promise<boolean> {
    return this.authCommands.login();
  }

  /** `provider="ringcentral"`: signs out, revokes the session and clears what the kit stored for it. */
  logout(): Promise<boolean> {
    return this.authCommands.logout();
  }

  /** The sign-in state (`<rc-login>` renders it). */
  get auth(): AuthSnapshot {
    return this.authProvider.value?.snapshot ?? NO_SIGN_IN;
  }

  /**
   * The phone's credential source while signed in. The RingCentral module (and its SDK) is
   * loaded here, with import(), the first time it is needed; its session then calls
   * restart() when the user signs in or out.
   */
  private ringcentralSource(): CredentialSource | undefined {
    const key = JSON.stringify([
      this.server,
      this.clientId,
      this.redirectUri,
      this.loginMode,
      this.allowedOrigins,
      this.allowJwtLogin,
      this.jwt,
      this.clientSecret,
    ]);
    if (this.ringcentral?.key !== key) this.openRingCentral(key);
    const slot = this.ringcentral;
    if (slot?.session) this.useHostCode(slot);
    return slot?.session?.signedIn ? slot.session.createSource() : undefined;
  }

  private openRingCentral(key: string): void {
    this.closeRingCentral();
    const slot: NonNullable<typeof this.ringcentral> = { key, session: undefined, code: '', uri: undefined };
    this.ringcentral = slot;
    this.publishAuth({ ...NO_SIGN_IN, provider: 'ringcentral' });
    // Not configured yet (attributes may arrive one by one).
    if (!this.server || !this.clientId) return;
    const mine = (): boolean => this.ringcentral === slot;
    import('../../providers/ringcentral/index.js')
      .then(({ createRingCentralSession }) => {
        if (!mine()) return undefined;
        const session = createRingCentralSession({
          server: this.server,
          clientId: this.clientId,
          redirectUri: this.redirectUri || location.origin + location.pathname,
          loginMode: this.loginMode,
          allowedOrigins: this.allowedOrigins.length > 0 ? this.allowedOrigins : undefined,
          allowJwtLogin: this.allowJwtLogin,
          jwt: this.jwt || undefined,
          clientSecret: this.clientSecret || undefined,
          callerId: this.callerId || undefined,
          ...this.ringcentralOptions,
        });
        slot.session = session;
        session.addEventListener('change', ({ detail: { snapshot } }) => {
          if (!mine()) return;
          const previous = this.auth.status;
          this.publishAuth(snapshot);
          // An ended session is told below, with its reason; a failed sign-in attempt here.
          const ended = snapshot.status === 'signed-out' && previous === 'signed-in';
          if (snapshot.status !== previous && !ended) this.emit('rc-auth-change', { provider: 'ringcentral', status: snapshot.status, reason: undefined });
        });
        session.addEventListener('signed-in', () => mine() && this.restart());
        session.addEventListener('signed-out', ({ detail: { reason, error } }) => {
          if (!mine()) return;
          const uri = this.snapshot.uri ?? slot.uri;
          this.restart();
          if (error) this.reportError(error);
          this.emit('rc-auth-change', { provider: 'ringcentral', status: 'signed-out', reason });
          this.emit('rc-logout', { uri });
        });
        session.addEventListener('error', ({ detail: { error } }) => mine() && this.reportError(error));
        this.useHostCode(slot);
        return session.start();
      })
      .catch((error: unknown) => mine() && this.reportError(toPhoneError(error, ErrorCode.CredentialsFailed)));
  }

  /** Signs in with `authorizationCode` + `codeVerifier` set by the host, once per code. */
  private useHostCode(slot: NonNullable<typeof this.ringcentral>): void {
    if (!slot.session || !this.authorizationCode || slot.code === this.authorizationCode) return;
    slot.code = this.authorizationCode;
    slot.session
      .loginWithCode(this.authorizationCode, this.codeVerifier || undefined)
      .catch((error: unknown) => this.reportError(toPhoneError(error, ErrorCode.LoginFailed)));
  }

  private closeRingCentral(): void {
    const slot = this.ringcentral;
    if (!slot) return;
    this.ringcentral = undefined;
    slot.session?.dispose();
    this.publishAuth(NO_SIGN_IN);
  }

  /** Runs a sign-in command; failures become `rc-error` events, like the phone's commands. */
  private async withSignIn(action: (session: RingCentralSession) => Promise<void> | void): Promise<boolean> {
    try {
      const session = this.ringcentral?.session;
      if (!session) throw new PhoneError(ErrorCode.InvalidState, { message: 'Nothing to sign in to: set provider="ringcentral" with server and client-id.' });
      await action(session);
      return true;
    } catch (error) {
      this.reportError(toPhoneError(error, ErrorCode.LoginFailed));
      return false;
    }
  }

  private publishAuth(snapshot: AuthSnapshot): void {
    this.authProvider.setValue(this.authValue(snapshot));
  }

  private authValue(snapshot: AuthSnapshot): AuthContextValue {
    return Object.freeze({ snapshot, commands: this.authCommands });
  }
}
