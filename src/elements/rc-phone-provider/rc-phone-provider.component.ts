import { ContextProvider } from '@lit/context';
import { css, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { type Call } from '../../core/call.js';
import { type CredentialSource, type SipCredentials } from '../../core/credentials.js';
import { ErrorCode, PhoneError, toPhoneError } from '../../core/errors.js';
import { Phone, type PhoneOptions, type PhoneSnapshot } from '../../core/phone.js';
import { ConnectionState, RegistrationState } from '../../core/states.js';
import { phoneContext, type PhoneCommands, type PhoneContextValue } from '../../context/phone-context.js';
import { tokenCredentials, type FetchCredentials } from '../../providers/token.js';
import { RcElement } from '../rc-element.js';

const IDLE_SNAPSHOT: PhoneSnapshot = Object.freeze({
  connection: ConnectionState.Disconnected,
  registration: RegistrationState.Unregistered,
  calls: Object.freeze([]),
  currentCallId: undefined,
  uri: undefined,
  capabilities: Object.freeze([]),
});

/** `auto-register="false"` turns it off; the attribute's presence (or absence) keeps the default, on. */
const autoRegisterConverter = {
  fromAttribute: (value: string | null): boolean => value !== 'false',
  toAttribute: (value: boolean): string => String(value),
};

/** The settings that make a new phone when they change. */
const PHONE_SETTINGS = ['server', 'uri', 'authorizationUsername', 'displayName', 'password', 'credentials', 'iceServers', 'autoRegister', 'instanceId', 'phoneOptions', 'provider', 'tokenUrl', 'fetchCredentials'] as const;

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
 * @event {{ state: 'disconnected' | 'connecting' | 'connected' | 'reconnecting' }} rc-connection-change - The connection to the server changed.
 * @event {{ callId: string, call: CallSnapshot }} rc-call-incoming - A call is ringing.
 * @event {{ callId: string, state: CallState, previous: CallState, call: CallSnapshot }} rc-call-state-change - A call changed state.
 * @event {{ callId: string, reason: CallEndReason, call: CallSnapshot, error?: PhoneError }} rc-call-ended - A call ended, with the reason.
 * @event {{ callId: string, tone: string }} rc-dtmf-received - The other party pressed a key (DTMF by SIP INFO).
 * @event {{ expiresAt: number }} rc-credentials-expiring - Short-lived credentials (`provider="token"`) expire at `expiresAt`; new ones are being fetched.
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - Something failed: bad input, denied microphone, rejected sign-in, lost server…
 */
export class RcPhoneProvider extends RcElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** `ws://` or `wss://` URL of the SIP-over-WebSocket server. */
  @property() server = '';

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
   * Where the credentials come from. `sip` (default): the `server`, `uri` and `password`
   * settings. `token`: short-lived credentials from your app server (`token-url` or
   * `fetchCredentials`), renewed before they expire without dropping calls.
   */
  @property({ reflect: true }) provider: 'sip' | 'token' = 'sip';

  /** `provider="token"`: the app server's token endpoint; POSTed to with the page's same-origin cookies and `tokenHeaders`. */
  @property({ attribute: 'token-url' }) tokenUrl = '';

  /** `provider="token"`: fetches the token answer itself (another transport or auth scheme); used instead of `token-url`. */
  @property({ attribute: false }) fetchCredentials: FetchCredentials | undefined;

  /** `provider="token"`: headers for every token request, e.g. `{ Authorization: 'Bearer …' }`. Read at each fetch; changing them does not restart the phone. */
  @property({ attribute: false }) tokenHeaders: HeadersInit | undefined;

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
    call: (target: string) => this.run(undefined, async (phone) => (await phone.call(target)).id),
    answer: (id: string) => this.onCall(id, (call) => call.answer()),
    decline: (id: string) => this.onCall(id, (call) => call.decline()),
    hangup: (id: string) => this.onCall(id, (call) => call.hangup()),
    hold: (id: string) => this.onCall(id, (call) => call.hold()),
    unhold: (id: string) => this.onCall(id, (call) => call.unhold()),
    mute: (id: string) => this.onCall(id, (call) => call.mute()),
    unmute: (id: string) => this.onCall(id, (call) => call.unmute()),
    sendDtmf: (id: string, tones: string) => this.onCall(id, (call) => call.sendDtmf(tones)),
    transfer: (id: string, target: string | { callId: string }) =>
      this.onCall(id, (call, phone) => {
        if (typeof target === 'string') return call.transfer(target);
        const other = phone.getCall(target.callId);
        if (!other) throw new PhoneError(ErrorCode.TransferFailed, { message: 'The consultation call has ended.' });
        return call.transfer(other);
      }),
    register: () => this.run(undefined, (phone) => phone.register().then(() => true)).then((ok) => ok ?? false),
    unregister: () => this.run(undefined, (phone) => phone.unregister().then(() => true)).then((ok) => ok ?? false),
    setAudioInput: (deviceId: string) => this.run(undefined, (phone) => phone.setAudioInput(deviceId).then(() => true)).then((ok) => ok ?? false),
    setAudioOutput: (deviceId: string) => this.run(undefined, (phone) => phone.setAudioOutput(deviceId).then(() => true)).then((ok) => ok ?? false),
    providerAction: (id: string, action: string, args?: Readonly<Record<string, unknown>>) =>
      this.run(id, async (phone) => ({ result: await phone.providerAction(id, action, args) })),
  });

  private readonly contextProvider = new ContextProvider(this, { context: phoneContext, initialValue: this.contextValue(IDLE_SNAPSHOT) });
  private current: Phone | undefined;

  /** The core phone, for what elements do not cover (statistics, custom headers). Undefined while not configured. */
  get phone(): Phone | undefined {
    return this.current;
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
    if (this.hasUpdated && !this.current) {
      this.needsPhone = true;
      this.requestUpdate();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.needsPhone || PHONE_SETTINGS.some((key) => changed.has(key))) this.restart();
    this.needsPhone = false;
  }

  protected override render(): unknown {
    return html`<slot></slot>`;
  }

  private resolveCredentials(): SipCredentials | CredentialSource | undefined {
    if (this.credentials) return this.credentials;
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
      this.reportError(new PhoneError(ErrorCode.InvalidConfiguration, { message: `Unknown provider "${String(this.provider).slice(0, 32)}": use "sip" or "token".` }));
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
    const phone = new Phone({
      ...this.phoneOptions,
      credentials,
      iceServers: this.iceServers,
      autoRegister: this.autoRegister,
      ...(this.instanceId ? { instanceId: this.instanceId } : {}),
    });
    this.current = phone;
    this.listen(phone);
    phone.start().catch((error: unknown) => {
      if (this.current === phone) this.reportError(toPhoneError(error, ErrorCode.ServerUnreachable));
    });
  }

  private stop(): void {
    const phone = this.current;
    if (!phone) return;
    this.current = undefined;
    this.publish(IDLE_SNAPSHOT);
    void phone.dispose();
  }

  private listen(phone: Phone): void {
    const mine = (): boolean => this.current === phone;
    phone.addEventListener('change', (e) => mine() && this.publish(e.detail.snapshot));
    phone.addEventListener('registration-change', (e) => mine() && this.emit('rc-registration-change', { state: e.detail.state }));
    phone.addEventListener('connection-change', (e) => mine() && this.emit('rc-connection-change', { state: e.detail.state }));
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

  /** Runs a command, turning any failure into an `rc-error` instead of a rejection. */
  private async run<T>(callId: string | undefined, action: (phone: Phone) => Promise<T> | T): Promise<T | undefined> {
    try {
      const phone = this.current;
      if (!phone) throw new PhoneError(ErrorCode.InvalidState, { message: 'The phone is not configured yet.' });
      return await action(phone);
    } catch (error) {
      this.reportError(toPhoneError(error, ErrorCode.InvalidState), callId);
      return undefined;
    }
  }

  private onCall(callId: string, action: (call: Call, phone: Phone) => Promise<void> | void): Promise<boolean> {
    return this.run(callId, async (phone) => {
      const call = phone.getCall(callId);
      if (!call) throw new PhoneError(ErrorCode.InvalidState, { message: 'That call has ended.' });
      await action(call, phone);
      return true;
    }).then((ok) => ok ?? false);
  }

}
