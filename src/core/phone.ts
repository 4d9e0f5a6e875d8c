import { Call, type CallHost, type CallSnapshot } from './call.js';
import { isCredentialSource, staticCredentials, type CredentialSource, type ProviderHooks, type ProviderRequest, type SipCredentials } from './credentials.js';
import { ERROR_CATALOGUE, ErrorCode, PhoneError, codeForCallStatus, mediaError, toPhoneError } from './errors.js';
import { refreshDelay, retryDelay, retrying, wallClockTimer } from './refresh-timing.js';
import { consoleLogger, redact, type Logger } from './log.js';
import { canConnect, checkServer, ConnectionSupervisor, parseServers, RECONNECT_DEFAULTS, type ReconnectOptions } from './reconnect.js';
import { createSipjsStack, SipRequestError } from './sip/sipjs-stack.js';
import type { SessionEndInfo, SipSession, SipStack, SipStackFactory } from './sip/types.js';
import { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from './states.js';
import { TypedEventTarget } from './typed-event-target.js';

/** An immutable view of the whole phone: what elements render. */
export interface PhoneSnapshot {
  readonly connection: ConnectionState;
  /** The reconnection attempt, as in the `connection-change` event (absent before the phone starts). */
  readonly connectionAttempt?: number;
  readonly registration: RegistrationState;
  /** Live calls, oldest first (ended calls are removed). */
  readonly calls: readonly CallSnapshot[];
  /** The call the controls act on: the one talking, else the one being set up, else the ringing one. */
  readonly currentCallId: string | undefined;
  /** Our own address of record, once credentials are loaded. */
  readonly uri: string | undefined;
  /** Extra features of the credential provider (e.g. RingCentral's 'record', 'park'). */
  readonly capabilities: readonly string[];
}

export interface CallEndedDetail {
  readonly call: CallSnapshot;
  readonly reason: CallEndReason;
  readonly error: PhoneError | undefined;
}

/** Events of a {@link Phone}. Each `detail` is an object so it can grow. */
export interface PhoneEventMap {
  /**
   * The signalling connection changed. `attempt` counts reconnection attempts since the
   * connection was lost: 1, 2… while `reconnecting`; on `connected`, the attempts it took
   * (0 for the first connection). Absent where the phone is another tab's (a mirror).
   */
  'connection-change': CustomEvent<{ state: ConnectionState; attempt?: number }>;
  'registration-change': CustomEvent<{ state: RegistrationState }>;
  'call-incoming': CustomEvent<{ call: CallSnapshot }>;
  'call-state-change': CustomEvent<{ call: CallSnapshot; previous: CallState }>;
  /** A call's hold or mute flag changed. */
  'call-update': CustomEvent<{ call: CallSnapshot }>;
  'call-ended': CustomEvent<CallEndedDetail>;
  /** The peer sent a DTMF tone by SIP INFO (application/dtmf-relay). */
  'dtmf-received': CustomEvent<{ callId: string; tone: string }>;
  /**
   * The credentials expire at `expiresAt` (ms since epoch) and the phone is fetching new
   * ones from the credential source; it re-registers with them without touching calls.
   */
  'credentials-expiring': CustomEvent<{ expiresAt: number }>;
  /** Something failed outside any method call (registration lost, a call's media failed…). */
  error: CustomEvent<{ error: PhoneError; callId: string | undefined }>;
  /** Anything in {@link PhoneSnapshot} changed. */
  change: CustomEvent<{ snapshot: PhoneSnapshot }>;
}

export interface PhoneOptions {
  credentials: SipCredentials | CredentialSource;
  /** STUN/TURN servers. Default none: calls on one network need none, and a public default leaks addresses. */
  iceServers?: readonly RTCIceServer[];
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
}

const INSTANCE_KEY = 'rc-phone-kit:instance:';
const USER_AGENT = 'rc-phone-kit/0.1';
// RFC 3261 §25.1 `user`: unreserved / escaped / user-unreserved.
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;
const PHONE_LIKE = /^\+?[\d\s().-]+$/;

function defaultStorage(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage is blocked (e.g. third-party iframe with cookies disabled).
    return undefined;
  }
}

/**
 * A browser phone: one SIP user agent, its registration and its calls.
 *
 * ```ts
 * const phone = new Phone({ credentials: { server: 'wss://pbx.example.com/ws', uri: 'sip:alice@example.com', password } });
 * await phone.start();
 * const call = await phone.call('bob');
 * ```
 */
export class Phone extends TypedEventTarget<PhoneEventMap> implements CallHost {
  private readonly source: CredentialSource;
  private readonly stackFactory: SipStackFactory;
  private readonly log: Logger;
  private readonly liveCalls = new Map<string, Call>();
  private readonly callsBySession = new WeakMap<SipSession, Call>();
  /** Incoming calls that take over another call (INVITE with Replaces) → the call they replace. */
  private readonly replacements = new Map<Call, Call>();
  private stack: SipStack | undefined;
  private credentials: SipCredentials | undefined;
  private connectionState: ConnectionState = ConnectionState.Disconnected;
  private registrationState: RegistrationState = RegistrationState.Unregistered;
  private disposed = false;
  private disposing: Promise<void> | undefined;
  private connectionAttempt = 0;
  /** Keeps the connection up (reconnects, fails over) while the phone is started. */
  private supervisor: ConnectionSupervisor | undefined;
  private readonly lifetime = new AbortController();
  /** Registration was asked for (and not withdrawn): renewed credentials re-register. */
  private wantRegistered = false;
  private cancelRefreshTimer: (() => void) | undefined;
  private cancelExpiryTimer: (() => void) | undefined;
  private refreshing = false;
  /** Failed refreshes in a row, for the backoff. */
  private refreshFailures = 0;
  private inputId: string;
  private outputId: string;

  constructor(private readonly options: PhoneOptions) {
    super();
    this.source = isCredentialSource(options.credentials) ? options.credentials : staticCredentials(options.credentials);
    this.stackFactory = options.stackFactory ?? createSipjsStack;
    this.log = options.logger ?? consoleLogger();
    this.inputId = options.audioInputId ?? '';
    this.outputId = options.audioOutputId ?? '';
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  get registration(): RegistrationState {
    return this.registrationState;
  }

  get calls(): readonly Call[] {
    return [...this.liveCalls.values()];
  }

  getCall(id: string): Call | undefined {
    return this.liveCalls.get(id);
  }

  get dtmfTransport(): 'rfc4733' | 'info' {
    return this.options.dtmfTransport ?? 'rfc4733';
  }

  get audioOutputId(): string {
    return this.outputId;
  }

  /** The server in use: the first of the `server` list, or a backup after a failover. */
  get server(): string | undefined {
    return this.supervisor?.server;
  }

  /**
   * Loads credentials, connects (to the first server of the list that answers), and registers
   * unless `autoRegister` is false. From then on a lost connection is re-established.
   */
  async start(): Promise<void> {
    this.assertAlive();
    if (this.stack) return;
    this.setConnection(ConnectionState.Connecting);
    try {
      const credentials = await this.loadFirstCredentials();
      this.assertAlive();
      this.credentials = credentials;
      const stack = (this.stack = this.createStack(credentials));
      this.supervisor = this.supervise(stack, credentials);
      await this.supervisor.start();
      this.scheduleRefresh(credentials);
    } catch (error) {
      this.supervisor?.stop();
      this.stack = this.supervisor = undefined;
      this.setConnection(ConnectionState.Disconnected);
      throw this.startError(error);
    }
    if (this.options.autoRegister ?? true) await this.register();
  }

  private startError(error: unknown): PhoneError {
    if (error instanceof PhoneError) return error;
    if (this.credentials === undefined) return new PhoneError(ErrorCode.CredentialsFailed, { cause: error });
    return new PhoneError(ErrorCode.ServerUnreachable, { cause: error });
  }

  private createStack(credentials: SipCredentials): SipStack {
    const { uri } = credentials;
    const [server, ...backups] = parseServers(credentials.server);
    if (server === undefined) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'No server is configured.' });
    for (const each of [server, ...backups]) checkServer(each, this.options.allowInsecure ?? false);
    if (!/^sips?:[^\s@]+@[^\s@]+$/i.test(uri))
      throw new PhoneError(ErrorCode.InvalidConfiguration, { message: `The uri must look like sip:user@domain, got "${uri}".` });
    const stack = this.stackFactory({
      server,
      uri,
      authorizationUsername: credentials.authorizationUsername,
      password: credentials.password,
      displayName: credentials.displayName,
      iceServers: credentials.iceServers ?? this.options.iceServers ?? [],
      instanceId: this.instanceId(uri),
      userAgentString: this.options.userAgentString ?? USER_AGENT,
      registerHeaders: credentials.registerHeaders ?? [],
      iceGatheringTimeout: this.options.iceGatheringTimeout ?? 400,
      responseTimeout: this.options.reconnect?.responseTimeout ?? RECONNECT_DEFAULTS.responseTimeout,
      traceSip: this.options.traceSip ?? false,
      log: (level, message) => this.log(level, redact(message)),
      delegate: {
        onConnectionChange: (connected) => this.onConnectionChange(connected),
        onRegistrationChange: (registered) => {
          if (registered) this.setRegistration(RegistrationState.Registered);
          else if (this.registrationState === RegistrationState.Registered) {
            this.setRegistration(RegistrationState.Unregistered);
            // A refresh was refused or went unanswered: register again (or fail over).
            if (this.wantRegistered) this.supervisor?.registrationLost();
          }
        },
        onIncoming: (session) => this.onIncoming(session),
        onMessage: (contentType, body) => this.runHook((hooks) => hooks.message?.({ method: 'MESSAGE', contentType, body })),
      },
    });
    this.runHook((hooks) =>
      hooks.attach?.({
        sendMessage: async (target, contentType, body, extraHeaders = []) => {
          if (!stack.sendMessage) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'This SIP stack cannot send MESSAGE requests.' });
          try {
            await stack.sendMessage(target, contentType, body, extraHeaders);
          } catch (error) {
            if (error instanceof SipRequestError)
              throw new PhoneError(codeForCallStatus(error.response.statusCode), { statusCode: error.response.statusCode, cause: error });
            throw toPhoneError(error, ErrorCode.ServerUnreachable);
          }
        },
        calls: () => this.calls,
      }),
    );
    return stack;
  }

  /**
   * Runs a hook of the credential source. Hooks see untrusted network input; whatever they
   * throw is reported as an `error` event, never thrown into the SIP stack.
   */
  private runHook(run: (hooks: ProviderHooks) => void, call?: Call): void {
    const hooks = this.source.hooks;
    if (!hooks) return;
    try {
      run(hooks);
    } catch (error) {
      this.report(toPhoneError(error, ErrorCode.CallFailed), call);
    }
  }

  private instanceId(uri: string): string {
    const id = this.options.instanceId ?? this.storedInstanceId(uri);
    // RFC 5626 §4.1: the +sip.instance of a browser is a urn:uuid.
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'The instance id must be a UUID.' });
    }
    return id;
  }

  /** A UUID per browser profile and AOR, so a reload replaces its binding instead of adding one. */
  private storedInstanceId(uri: string): string {
    const storage = this.options.storage ?? defaultStorage();
    const key = INSTANCE_KEY + uri;
    let id: string | null | undefined;
    try {
      id = storage?.getItem(key);
      if (!id) {
        id = crypto.randomUUID();
        storage?.setItem(key, id);
      }
    } catch {
      id ??= crypto.randomUUID();
    }
    return id;
  }

  async register(): Promise<void> {
    const stack = this.requireStack();
    this.wantRegistered = true;
    this.setRegistration(RegistrationState.Registering);
    try {
      const send = (): Promise<void> => stack.register().catch((error: unknown) => Promise.reject(registrationError(error)));
      // A REGISTER answered with a failover code is sent to the next server of the list.
      await (this.supervisor?.register(send) ?? send());
      this.setRegistration(RegistrationState.Registered);
    } catch (error) {
      this.setRegistration(RegistrationState.Failed);
      const failure = registrationError(error);
      // A stale token (fetched long ago, or the source's clock is behind): get a fresh one.
      if (failure.code === ErrorCode.TokenExpired && this.credentials?.expiresAt !== undefined) this.retryRefresh();
      throw failure;
    }
  }

  async unregister(): Promise<void> {
    const stack = this.requireStack();
    this.wantRegistered = false;
    await stack.unregister();
    this.setRegistration(RegistrationState.Unregistered);
  }

  /**
   * Leaves the server on purpose: hangs up, un-REGISTERs and closes the connection, and does
   * not reconnect. {@link start} connects again (the provider does both on pagehide/pageshow).
   */
  async disconnect(): Promise<void> {
    this.assertAlive();
    const stack = this.stack;
    if (!stack) return;
    this.supervisor?.stop();
    this.stack = this.supervisor = undefined;
    this.stopRefresh();
    // Each request goes out before the first await, so a page being unloaded still sends them.
    const hangups = Promise.allSettled(this.calls.map((call) => call.hangup()));
    const unregistered = stack.unregister().catch(() => undefined);
    await hangups;
    await unregistered;
    await stack.disconnect().catch(() => undefined);
    this.setRegistration(RegistrationState.Unregistered);
    this.setConnection(ConnectionState.Disconnected);
  }

  /**
   * Calls `target`: a user name or number on our domain, or a full `sip:` URI. Puts the
   * current call on hold first. Resolves with the call once the INVITE is sent; how it
   * ends is told by `call-ended`.
   */
  async call(target: string, options: { extraHeaders?: readonly string[] } = {}): Promise<Call> {
    const uri = this.targetUri(target);
    const stack = this.requireStack();
    // The microphone opens (10–500 ms) while the session makes its offer and gathers ICE
    // candidates. The session gets it through `line`, and its INVITE leaves only once `line`
    // resolves, after the other calls are held. Without a microphone `line` is refused and
    // the session ends having sent nothing: no call is created. When the page may already
    // use the microphone, the INVITE does not wait for it (see below).
    const microphone = this.acquireAudio();
    microphone.catch(() => undefined);
    let release: (stream: MediaStream) => void = () => undefined;
    let refuse: (reason: unknown) => void = () => undefined;
    const line = new Promise<MediaStream>((resolve, reject) => {
      release = resolve;
      refuse = reject;
    });
    // Its refusal is handled by the session (which may not have asked for it yet).
    line.catch(() => undefined);
    let session: SipSession;
    try {
      let providerHeaders: readonly string[] = [];
      this.runHook((hooks) => (providerHeaders = hooks.outgoingHeaders?.(uri) ?? []));
      session = stack.createSession(uri, line, [...providerHeaders, ...(options.extraHeaders ?? [])]);
    } catch (error) {
      void microphone.then(
        (stream) => stream.getTracks().forEach((track) => track.stop()),
        () => undefined,
      );
      throw new PhoneError(ErrorCode.InvalidTarget, { cause: error });
    }
    // Until the call is adopted: a session that fails locally meanwhile is reported below.
    let endedEarly: SessionEndInfo | undefined;
    session.delegate = { onEnded: (info) => (endedEarly = info) };
    // Failures to send end the call; call-ended reports them.
    const sending = session.invite().catch(() => undefined);
    // Allowed already (asked while the offer is made): an offer does not depend on the
    // microphone's track, so the INVITE leaves without it and the audio sender gets it when
    // it opens. Opening can still fail (unplugged, in use): the call then ends with that error.
    if (!endedEarly && (await this.microphoneAllowed())) {
      const call = this.adopt(session, CallDirection.Outbound);
      call.useMicrophone(microphone, sending);
      await this.takeLine(call).catch((error: unknown) => this.report(toPhoneError(error, ErrorCode.HoldFailed), call));
      release(new MediaStream());
      await sending;
      return call;
    }
    let stream: MediaStream;
    try {
      stream = await microphone;
    } catch (error) {
      refuse(error);
      await sending;
      throw error;
    }
    if (endedEarly) {
      stream.getTracks().forEach((track) => track.stop());
      const failure = toPhoneError(endedEarly.error, ErrorCode.CallFailed);
      // Settles the session's wait for the line, so nothing keeps it alive.
      refuse(failure);
      throw failure;
    }
    const call = this.adopt(session, CallDirection.Outbound);
    await this.takeLine(call).catch((error: unknown) => this.report(toPhoneError(error, ErrorCode.HoldFailed), call));
    release(stream);
    await sending;
    return call;
  }

  targetUri(raw: string): string {
    const stack = this.requireStack();
    const target = typeof raw === 'string' ? raw.trim() : '';
    // "+1 (650) 422-3279" → "+16504223279": separators people type are not part of the number.
    const compact = PHONE_LIKE.test(target) && /\d/.test(target) ? target.replace(/[\s().-]/g, '') : target;
    const valid = /^sips?:/i.test(compact) ? !/[\s<>"]/.test(compact) : SIP_USER.test(compact);
    const uri = valid ? stack.targetUri(compact) : undefined;
    if (!uri) throw new PhoneError(ErrorCode.InvalidTarget, { message: `"${target.slice(0, 64)}" is not a number or SIP address that can be called.` });
    return uri;
  }

  /** Chooses the microphone for new calls and switches live calls to it without dropping them. */
  async setAudioInput(deviceId: string): Promise<void> {
    this.inputId = deviceId;
    const calls = this.calls.filter((call) => call.state === CallState.Established || call.state === CallState.Answering);
    for (const call of calls) {
      const [track] = (await this.acquireAudio()).getAudioTracks();
      if (track) await call.replaceMicrophone(track);
    }
  }

  /** Chooses the speaker for call audio (HTMLMediaElement.setSinkId). */
  async setAudioOutput(deviceId: string): Promise<void> {
    this.outputId = deviceId;
    await Promise.all(this.calls.map((call) => call.setAudioOutput(deviceId)));
  }

  /**
   * Runs a provider-specific call feature, one of the snapshot's `capabilities` (RingCentral:
   * 'record', 'park', 'flip', 'forward', 'voicemail', 'reply'), through the credential
   * source's `callAction` hook. Resolves with the provider's result (e.g. a park location).
   */
  async providerAction(callId: string, action: string, args: Readonly<Record<string, unknown>> = {}): Promise<unknown> {
    this.assertAlive();
    const call = this.getCall(callId);
    if (!call) throw new PhoneError(ErrorCode.InvalidState, { message: 'That call has ended.' });
    const hook = this.source.callAction;
    if (!hook || !(this.source.capabilities ?? []).includes(action)) {
      throw new PhoneError(ErrorCode.CallActionFailed, { message: `The phone provider does not offer "${action.slice(0, 32)}".` });
    }
    try {
      return await hook.call(this.source, call, action, args);
    } catch (error) {
      throw toPhoneError(error, ErrorCode.CallActionFailed);
    }
  }

  snapshot(): PhoneSnapshot {
    const calls = this.calls.map((call) => call.snapshot());
    return Object.freeze({
      connection: this.connectionState,
      connectionAttempt: this.connectionAttempt,
      registration: this.registrationState,
      calls: Object.freeze(calls),
      currentCallId: currentCallId(calls),
      uri: this.credentials?.uri,
      capabilities: this.source.capabilities ?? [],
    });
  }

  /** Hangs up every call, unregisters and disconnects. Safe to call twice. */
  dispose(): Promise<void> {
    this.disposing ??= this.shutDown();
    return this.disposing;
  }

  private async shutDown(): Promise<void> {
    this.disposed = true;
    this.lifetime.abort();
    this.stopRefresh();
    this.supervisor?.stop();
    const stack = this.stack;
    await Promise.allSettled(this.calls.map((call) => call.hangup()));
    if (stack) {
      await stack.unregister().catch(() => undefined);
      await stack.disconnect().catch(() => undefined);
    }
    this.source.dispose?.();
    this.stack = undefined;
    this.setRegistration(RegistrationState.Unregistered);
    this.setConnection(ConnectionState.Disconnected);
  }

  // ---- CallHost ----

  /**
   * Whether the page may use the microphone without asking the user (Permissions API), so a
   * call may be set up while it opens. False when that cannot be told, and with
   * `options.mediaDevices`, whose permission the page's does not describe.
   */
  async microphoneAllowed(): Promise<boolean> {
    if (this.options.mediaDevices) return false;
    try {
      // 'microphone' is a PermissionName in browsers, not yet in TypeScript's DOM typings.
      const status = await globalThis.navigator?.permissions?.query({ name: 'microphone' as PermissionName });
      return status?.state === 'granted';
    } catch {
      return false;
    }
  }

  async acquireAudio(): Promise<MediaStream> {
    const devices = this.options.mediaDevices ?? globalThis.navigator?.mediaDevices;
    if (!devices?.getUserMedia)
      throw new PhoneError(ErrorCode.NoMicrophone, { message: 'This browser or page cannot use a microphone (is it served over https?).' });
    const audio: MediaTrackConstraints | true = this.inputId ? { deviceId: { exact: this.inputId } } : true;
    try {
      return await devices.getUserMedia({ audio, video: false });
    } catch (error) {
      throw mediaError(error);
    }
  }

  async takeLine(call: Call): Promise<void> {
    // The call being replaced is about to end: a hold re-INVITE would only race its BYE.
    const replaced = this.replacements.get(call);
    const others = this.calls.filter((other) => other !== call && other !== replaced && other.state === CallState.Established && !other.held);
    await Promise.all(others.map((other) => other.hold()));
  }

  changed(call: Call, previous?: CallState): void {
    if (previous !== undefined) this.fire('call-state-change', { call: call.snapshot(), previous });
    else this.fire('call-update', { call: call.snapshot() });
    this.fireChange();
  }

  ended(call: Call, reason: CallEndReason, error: PhoneError | undefined): void {
    this.liveCalls.delete(call.id);
    this.replacements.delete(call);
    this.fire('call-ended', { call: call.snapshot(), reason, error });
    if (error && reason === CallEndReason.Failed) this.report(error, call);
    this.fireChange();
  }

  report(error: PhoneError, call?: Call): void {
    this.log('warn', `${error.code}: ${error.message}`);
    this.fire('error', { error, callId: call?.id });
  }

  canRenegotiate(): boolean {
    return this.connectionState === ConnectionState.Connected;
  }

  dtmfReceived(call: Call, tone: string): void {
    this.fire('dtmf-received', { callId: call.id, tone });
  }

  providerRequest(call: Call, request: ProviderRequest): void {
    this.runHook((hooks) => hooks.callRequest?.(call, request), call);
  }

  referred(call: Call, target: string, follow: (localStream: MediaStream) => Promise<SipSession>): void {
    const transfer = async (): Promise<void> => {
      const stream = await this.acquireAudio();
      const session = await follow(stream);
      const next = this.adopt(session, CallDirection.Outbound);
      await session.invite().catch(() => undefined);
      this.log('log', `call ${call.id} transferred to ${target} as ${next.id}`);
    };
    transfer().catch((error: unknown) => this.report(toPhoneError(error, ErrorCode.TransferFailed), call));
  }

  // ---- credential refresh (token providers) ----

  /**
   * Loads the first credentials. A failed token fetch is worth retrying (the app server may
   * be restarting while the page loads): it is reported, then tried again with backoff
   * until it works or the phone is disposed. Other failures end `start()`.
   */
  private async loadFirstCredentials(): Promise<SipCredentials> {
    const { signal } = this.lifetime;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.source.load(signal);
      } catch (error) {
        if (signal.aborted) throw new PhoneError(ErrorCode.Disposed);
        if (!(error instanceof PhoneError) || error.code !== ErrorCode.TokenFetchFailed) throw error;
        const delay = retryDelay(attempt);
        this.report(retrying(error, delay));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
        if (signal.aborted) throw new PhoneError(ErrorCode.Disposed);
      }
    }
  }

  /** Plans the next refresh of credentials that expire, and a warning for when they do. */
  private scheduleRefresh(credentials: SipCredentials): void {
    this.stopRefresh();
    const { expiresAt } = credentials;
    if (expiresAt === undefined) return;
    const now = Date.now();
    const lifetime = expiresAt - now;
    this.cancelRefreshTimer = wallClockTimer(now + refreshDelay(lifetime), () => void this.refreshCredentials());
    // Already expired on arrival: no warning timer, the registrar’s 403 says so (see register()).
    if (lifetime > 0) {
      this.cancelExpiryTimer = wallClockTimer(expiresAt, () =>
        this.report(new PhoneError(ErrorCode.TokenExpired, { message: 'The phone’s sign-in token expired before a new one could be fetched.' })),
      );
    }
  }

  /** Tries the refresh again after a backoff pause; returns the pause. */
  private retryRefresh(): number {
    this.cancelRefreshTimer?.();
    const delay = retryDelay(this.refreshFailures++);
    this.cancelRefreshTimer = wallClockTimer(Date.now() + delay, () => void this.refreshCredentials());
    return delay;
  }

  private stopRefresh(): void {
    this.cancelRefreshTimer?.();
    this.cancelExpiryTimer?.();
    this.cancelRefreshTimer = this.cancelExpiryTimer = undefined;
  }

  /**
   * Fetches new credentials and re-registers with them. Calls go on untouched: the SIP
   * dialogs and media do not depend on the registration (RFC 3261 §12), only new
   * requests that get challenged use the new credentials.
   */
  private async refreshCredentials(): Promise<void> {
    const { signal } = this.lifetime;
    const stack = this.stack;
    if (signal.aborted || !stack || this.refreshing) return;
    this.refreshing = true;
    this.cancelRefreshTimer?.();
    const expiresAt = this.credentials?.expiresAt;
    if (expiresAt !== undefined && this.refreshFailures === 0) this.fire('credentials-expiring', { expiresAt });
    try {
      const next = await this.source.load(signal);
      if (signal.aborted || this.stack !== stack) return;
      this.applyCredentials(stack, next);
      if (this.wantRegistered && this.connectionState === ConnectionState.Connected) await this.reregister(stack);
      this.refreshFailures = 0;
      this.log('log', `credentials renewed (${next.expiresAt === undefined ? 'no expiry' : `valid until ${new Date(next.expiresAt).toISOString()}`})`);
    } catch (error) {
      if (signal.aborted || this.stack !== stack) return;
      this.report(retrying(toPhoneError(error, ErrorCode.TokenFetchFailed), this.retryRefresh()));
    } finally {
      this.refreshing = false;
    }
  }

  private applyCredentials(stack: SipStack, next: SipCredentials): void {
    const current = this.credentials;
    // sip.js cannot move a running user agent to another server or address of record, and a
    // new one would drop the calls: such a change waits for the next start.
    if (current && (next.server !== current.server || next.uri !== current.uri)) {
      this.log('warn', 'Renewed credentials name another server or address; it is used from the next start on.');
    }
    stack.updateCredentials({
      authorizationUsername: next.authorizationUsername,
      password: next.password,
      iceServers: next.iceServers ?? this.options.iceServers ?? [],
    });
    this.credentials = current ? { ...next, server: current.server, uri: current.uri } : next;
    this.scheduleRefresh(this.credentials);
  }

  /** REGISTER again with the current credentials, without the `registering` blip when registered. */
  private async reregister(stack: SipStack): Promise<void> {
    if (this.registrationState !== RegistrationState.Registered) this.setRegistration(RegistrationState.Registering);
    try {
      await stack.register();
    } catch (error) {
      this.setRegistration(RegistrationState.Failed);
      throw registrationError(error);
    }
    this.setRegistration(RegistrationState.Registered);
  }

  // ---- internals ----

  private adopt(session: SipSession, direction: CallDirection, ringing = direction === CallDirection.Inbound): Call {
    const call = new Call(crypto.randomUUID(), direction, session, this);
    this.liveCalls.set(call.id, call);
    this.callsBySession.set(session, call);
    // The provider reads its own headers first (e.g. the caller's name), so the event has them.
    if (ringing) this.runHook((hooks) => hooks.incoming?.(call), call);
    if (ringing) this.fire('call-incoming', { call: call.snapshot() });
    this.fireChange();
    return call;
  }

  private onIncoming(session: SipSession): void {
    if (this.disposed) {
      void session.reject(480).catch(() => undefined);
      return;
    }
    const replaced = session.replaces && this.callsBySession.get(session.replaces);
    if (replaced && replaced.state !== CallState.Ended) {
      this.takeOver(replaced, this.adopt(session, CallDirection.Inbound, false));
      return;
    }
    this.adopt(session, CallDirection.Inbound);
  }

  /**
   * An INVITE with Replaces (RFC 3891) for one of our calls: the transferee of an attended
   * transfer our consultation partner completed. It continues a conversation the user is
   * already in, so it is answered at once, without ringing; the SIP stack then ends the
   * replaced call.
   */
  private takeOver(replaced: Call, call: Call): void {
    this.replacements.set(call, replaced);
    replaced.replacedBy();
    call.answer().catch((error: unknown) => {
      this.report(toPhoneError(error, ErrorCode.CallFailed), call);
      void call.hangup().catch(() => undefined);
    });
  }

  /** The supervisor decides what the connection state is (connected means registered again, after an outage). */
  private onConnectionChange(connected: boolean): void {
    if (connected) return;
    if (this.registrationState === RegistrationState.Registered) this.setRegistration(RegistrationState.Unregistered);
    this.supervisor?.lost();
  }

  private supervise(stack: SipStack, credentials: SipCredentials): ConnectionSupervisor {
    const settings = this.options.reconnect ?? {};
    const responseTimeout = settings.responseTimeout ?? RECONNECT_DEFAULTS.responseTimeout;
    return new ConnectionSupervisor(
      parseServers(credentials.server),
      {
        connect: (server) => stack.connect(server),
        ping: () => stack.ping?.() ?? Promise.resolve(),
        register: () => (this.wantRegistered ? this.register() : Promise.resolve()),
        busy: () => this.liveCalls.size > 0,
        reachable: (server) => canConnect(server, responseTimeout),
        changed: (state, attempt) => this.setConnection(state, attempt),
        recovered: (after) => this.recoverMedia(after),
        report: (error) => this.report(toPhoneError(error, ErrorCode.RegistrationFailed)),
      },
      {
        ...settings,
        // What the provider says (RingCentral's sipErrorCodes, switchBackInterval) unless the app says otherwise.
        failoverCodes: settings.failoverCodes ?? credentials.failoverCodes,
        failbackInterval: settings.failbackInterval ?? credentials.failbackInterval,
      },
    );
  }

  /** Signalling works again after an outage or a network change: renegotiate every answered call (see Call.recoverMedia). */
  private recoverMedia(after: 'reconnected' | 'network'): void {
    for (const call of this.calls) {
      if (call.state !== CallState.Established) continue;
      call.recoverMedia(after).catch((error: unknown) => this.log('warn', `call ${call.id}: ${toPhoneError(error, ErrorCode.IceFailed).message}`));
    }
  }

  private setConnection(state: ConnectionState, attempt = 0): void {
    if (this.connectionState === state && this.connectionAttempt === attempt) return;
    this.connectionState = state;
    this.connectionAttempt = attempt;
    this.fire('connection-change', { state, attempt });
    this.fireChange();
  }

  private setRegistration(state: RegistrationState): void {
    if (this.registrationState === state) return;
    this.registrationState = state;
    this.fire('registration-change', { state });
    this.fireChange();
  }

  private fireChange(): void {
    this.fire('change', { snapshot: this.snapshot() });
  }

  private requireStack(): SipStack {
    this.assertAlive();
    if (!this.stack) throw new PhoneError(ErrorCode.ServerUnreachable, { message: 'The phone is not connected; call start() first.' });
    return this.stack;
  }

  private assertAlive(): void {
    if (this.disposed) throw new PhoneError(ErrorCode.Disposed);
  }
}

function registrationError(error: unknown): PhoneError {
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

const CURRENT_PRIORITY: readonly ((call: CallSnapshot) => boolean)[] = [
  (call) => call.state === CallState.Established && !call.held,
  (call) => call.direction === CallDirection.Outbound && call.state !== CallState.Established,
  (call) => call.state === CallState.Answering,
  (call) => call.state === CallState.Ringing,
  (call) => call.state === CallState.Established,
];

function currentCallId(calls: readonly CallSnapshot[]): string | undefined {
  for (const matches of CURRENT_PRIORITY) {
    const found = calls.findLast(matches);
    if (found) return found.id;
  }
  return undefined;
}
