import { ContextProvider } from '@lit/context';
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { CredentialSource, SipCredentials } from '../../core/credentials.js';
import { ErrorCode, PhoneError, toPhoneError } from '../../core/errors.js';
import type { Phone, PhoneOptions, PhoneSnapshot } from '../../core/phone.js';
import type { CommandResult, PhoneCommand } from '../../core/commands.js';
import { IDLE_SNAPSHOT, type SharedPhone, type TabRole } from '../../core/tabs/shared-phone.js';
import { commandsFrom, phoneContext, type PhoneContextValue } from '../../context/phone-context.js';
import { ContactLookup } from './rc-phone-provider.contacts.js';
import type { AuthSnapshot } from '../../core/auth.js';
// Types only: the RingCentral module and its SDK are loaded with import() when used (see RingCentralSignInController).
import type { RingCentralSessionOptions } from '../../providers/ringcentral/index.js';
import type { FetchCredentials } from '../../providers/token.js';
import { credentialsFromSettings } from '../../providers/from-settings.js';
import { RcPhonePolicies } from './rc-phone-provider.policies.js';
import { CloseProtectionController } from '../../controllers/close-protection.js';
import { RingCentralSignInController } from '../../controllers/ringcentral-sign-in-controller.js';
import { relayEvents, type EventSink } from './rc-phone-provider.events.js';
import { ProblemTracker } from './rc-phone-provider.problems.js';
import { autoRegisterConverter, listConverter, PHONE_SETTINGS, sharedPhoneFrom } from './rc-phone-provider.settings.js';

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
 * @event {{ callId: string, call: CallSnapshot }} rc-call-update - A call changed without changing state: hold, remote hold, mute, recording, early media, the other party's name, a quality warning raised or cleared.
 * @event {{ callId: string, reason: CallEndReason, call: CallSnapshot, error?: PhoneError }} rc-call-ended - A call ended, with the reason.
 * @event {{ callId: string, quality: CallQuality }} rc-call-quality - A measurement of a call's audio (MOS, RTT, jitter, loss, route), every 5 s by default (docs/quality.md).
 * @event {{ callId: string, warning: CallWarning, quality: CallQuality | undefined }} rc-call-warning - A call's quality crossed a threshold (`high-rtt`, `high-packet-loss`, `no-audio-received`, `microphone-silent`…), or its microphone waits for its hidden tab to be selected (`microphone-waiting`, Firefox).
 * @event {{ callId: string, warning: CallWarning, quality: CallQuality | undefined }} rc-call-warning-cleared - A warning of `rc-call-warning` cleared once the call recovered.
 * @event {{ callId: string, tone: string }} rc-dtmf-received - The other party pressed a key (DTMF by SIP INFO).
 * @event {{ expiresAt: number }} rc-credentials-expiring - Short-lived credentials (`provider="token"`) expire at `expiresAt`; new ones are being fetched.
 * @event {{ provider: string, status: 'signed-out' | 'signing-in' | 'signed-in', reason?: 'user' | 'session-ended' | 'elsewhere' }} rc-auth-change - `provider="ringcentral"`: signing in, signed in, or signed out (and why).
 * @event {{ uri?: string }} rc-logout - `provider="ringcentral"`: the user signed out or the session ended; apps clear what they keep for the account.
 * @event {{ target: string, input: string, headers?: string[], dtmf?: 'rfc4733' | 'info' }} rc-request-dial - `click-to-dial`: before a link's call is placed. Cancelable; `target` may be rewritten, `headers` and `dtmf` set.
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - Something failed: bad input, denied microphone, rejected sign-in, lost server… Elements such as `<rc-phone-status>` show the phone's own problems; one that no listener reads and no element shows is logged to the console once per code.
 */
export class RcPhoneProvider extends RcPhonePolicies {
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
   * Allows a `ws://` `server`, `http://` `token-url` or RingCentral `server` on another computer
   * (a test server on a private network). Off: credentials would cross the network readable.
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
   * Matched exactly; `*` and `null` are refused. Default: this page's origin only.
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

  // Before `contextProvider`, whose initial value needs them (fields initialise in order). `problems`: rc-errors, the problem shown, a log of what nobody sees.
  private readonly commands = commandsFrom((command) => this.run(command));
  private readonly problems = new ProblemTracker({ dispatchEvent: (event) => this.dispatchEvent(event), changed: () => this.publish(this.snapshot) });
  private readonly contacts = new ContactLookup(this, () => this.publish(this.snapshot));
  private readonly contextProvider = new ContextProvider(this, { context: phoneContext, initialValue: this.contextValue(IDLE_SNAPSHOT) });
  private readonly signIn = new RingCentralSignInController(this, {
    restart: () => this.restart(),
    stop: () => this.stop(),
    uri: () => this.snapshot.uri,
    reportError: (error) => this.reportError(error),
    emit: (...[type, detail]) => this.emit(type, detail),
  });
  private readonly sink: EventSink = {
    publish: (next) => this.publish(next),
    emit: (type, detail) => this.emit(type, detail),
    reportError: (e, id) => this.reportError(e, id),
  };
  private shared: SharedPhone | undefined;

  /**
   * The page's lifecycle: a prompt before closing it mid-call, and no registration left behind
   * (a tab that follows another's phone has nothing to leave: `phone` is only this tab's).
   * @internal */
  protected readonly closeProtection = new CloseProtectionController(this, {
    guard: () => this.closePrompt && this.phone !== undefined && this.snapshot.calls.length > 0,
    hidden: () => void this.phone?.disconnect().catch(() => undefined),
    shown: () => void this.phone?.start().catch((error: unknown) => this.reportError(toPhoneError(error, ErrorCode.ServerUnreachable))),
  });

  /** The core phone, for what elements do not cover (statistics); undefined while not configured, and in a follower tab (see `tab-sharing`). */
  get phone(): Phone | undefined {
    return this.shared?.phone;
  }

  /**
   * This tab's part in sharing the phone (see `tab-sharing`): `single` (not shared), `leader` (the
   * phone runs here) or `follower` (it runs in another tab or provider). Undefined while not configured.
   */
  get tabRole(): TabRole | undefined {
    return this.shared?.role;
  }

  /** The latest snapshot (the same object elements receive); current inside every event's listeners. */
  override get snapshot(): PhoneSnapshot {
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
    // The phone stops before the sign-in session closes (in its controller's hostDisconnected).
    this.stop();
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('callerId')) this.signIn.preferCallerId();
    if (this.needsPhone || PHONE_SETTINGS.some((key) => changed.has(key))) this.restart();
    this.needsPhone = false;
  }

  protected override render(): unknown {
    return html`<slot></slot>`;
  }

  private restart(): void {
    this.stop();
    this.problems.reset();
    if (!this.isConnected) return;
    if (this.provider !== 'ringcentral') this.signIn.close();
    const credentials = this.provider === 'ringcentral' && !this.credentials ? this.signIn.source() : credentialsFromSettings(this);
    if (credentials instanceof PhoneError) this.reportError(credentials);
    if (!credentials || credentials instanceof PhoneError) return;
    const shared = sharedPhoneFrom(this, credentials);
    this.shared = shared;
    relayEvents(shared, this.sink, () => this.shared === shared);
    shared.start();
  }

  private stop(): void {
    const shared = this.shared;
    if (!shared) return;
    this.shared = undefined;
    this.publish(IDLE_SNAPSHOT);
    void shared.dispose();
  }

  private publish(snapshot: PhoneSnapshot): void {
    this.problems.seen(snapshot);
    this.contacts.lookup(snapshot.calls);
    this.contextProvider.setValue(this.contextValue(snapshot));
  }

  private readonly reportError = (error: PhoneError, callId?: string): void => this.problems.report(error, callId);

  private contextValue(snapshot: PhoneSnapshot): PhoneContextValue {
    return Object.freeze({ snapshot, commands: this.commands, problem: this.problems.current, problems: this.problems.display, contacts: this.contacts.found });
  }

  /** @internal */
  protected override async execute<C extends PhoneCommand>(command: C): Promise<CommandResult<C>> {
    if (!this.shared) throw new PhoneError(ErrorCode.InvalidState, { message: 'The phone is not configured yet.' });
    return this.shared.run(command);
  }

  /** Runs a context command (what elements ask), turning any failure into an `rc-error` in this tab, where the user acted. */
  private async run<C extends PhoneCommand>(command: C): Promise<{ value: CommandResult<C> } | undefined> {
    try {
      return { value: await this.execute(command) };
    } catch (error) {
      this.reportError(toPhoneError(error, ErrorCode.InvalidState), 'callId' in command ? command.callId : undefined);
      return undefined;
    }
  }

  /** `provider="ringcentral"`: starts a sign-in (call it from a click: the popup must open within it). */
  login(): Promise<boolean> {
    return this.signIn.commands.login();
  }

  /** `provider="ringcentral"`: signs out, revokes the session and clears what the kit stored for it. */
  logout(): Promise<boolean> {
    return this.signIn.commands.logout();
  }

  /** The sign-in state (`<rc-login>` renders it). */
  get auth(): AuthSnapshot {
    return this.signIn.snapshot;
  }
}
