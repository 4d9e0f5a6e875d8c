import { Call, type CallHost, type CallSnapshot } from './call.js';
import { isCredentialSource, staticCredentials, type CredentialSource, type SipCredentials } from './credentials.js';
import { ERROR_CATALOGUE, ErrorCode, PhoneError, mediaError, toPhoneError } from './errors.js';
import { consoleLogger, redact, type Logger } from './log.js';
import { createSipjsStack, SipRequestError } from './sip/sipjs-stack.js';
import type { SipSession, SipStack, SipStackFactory } from './sip/types.js';
import { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from './states.js';
import { TypedEventTarget } from './typed-event-target.js';

/** An immutable view of the whole phone: what elements render. */
export interface PhoneSnapshot {
  readonly connection: ConnectionState;
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
  'connection-change': CustomEvent<{ state: ConnectionState }>;
  'registration-change': CustomEvent<{ state: RegistrationState }>;
  'call-incoming': CustomEvent<{ call: CallSnapshot }>;
  'call-state-change': CustomEvent<{ call: CallSnapshot; previous: CallState }>;
  /** A call's hold or mute flag changed. */
  'call-update': CustomEvent<{ call: CallSnapshot }>;
  'call-ended': CustomEvent<CallEndedDetail>;
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
  private stack: SipStack | undefined;
  private credentials: SipCredentials | undefined;
  private connectionState: ConnectionState = ConnectionState.Disconnected;
  private registrationState: RegistrationState = RegistrationState.Unregistered;
  private disposed = false;
  private stopping = false;
  private readonly lifetime = new AbortController();
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

  /** Loads credentials, connects, and registers unless `autoRegister` is false. */
  async start(): Promise<void> {
    this.assertAlive();
    if (this.stack) return;
    this.setConnection(ConnectionState.Connecting);
    try {
      const credentials = await this.source.load(this.lifetime.signal);
      this.assertAlive();
      this.credentials = credentials;
      this.stack = this.createStack(credentials);
      await this.stack.connect();
    } catch (error) {
      this.stack = undefined;
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
    const { server, uri } = credentials;
    if (!/^wss?:\/\/[^\s/]+/i.test(server)) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: `The server must be a ws:// or wss:// URL, got "${server}".` });
    if (!/^sips?:[^\s@]+@[^\s@]+$/i.test(uri)) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: `The uri must look like sip:user@domain, got "${uri}".` });
    return this.stackFactory({
      server,
      uri,
      authorizationUsername: credentials.authorizationUsername,
      password: credentials.password,
      displayName: credentials.displayName,
      iceServers: credentials.iceServers ?? this.options.iceServers ?? [],
      instanceId: this.options.instanceId ?? this.storedInstanceId(uri),
      userAgentString: this.options.userAgentString ?? USER_AGENT,
      registerHeaders: credentials.registerHeaders ?? [],
      iceGatheringTimeout: this.options.iceGatheringTimeout ?? 400,
      log: (level, message) => this.log(level, redact(message)),
      delegate: {
        onConnectionChange: (connected, error) => this.onConnectionChange(connected, error),
        onRegistrationChange: (registered) => {
          if (registered) this.setRegistration(RegistrationState.Registered);
          else if (this.registrationState === RegistrationState.Registered) this.setRegistration(RegistrationState.Unregistered);
        },
        onIncoming: (session) => this.onIncoming(session),
      },
    });
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
    this.setRegistration(RegistrationState.Registering);
    try {
      await stack.register();
      this.setRegistration(RegistrationState.Registered);
    } catch (error) {
      this.setRegistration(RegistrationState.Failed);
      throw registrationError(error);
    }
  }

  async unregister(): Promise<void> {
    const stack = this.requireStack();
    await stack.unregister();
    this.setRegistration(RegistrationState.Unregistered);
  }

  /**
   * Calls `target`: a user name or number on our domain, or a full `sip:` URI. Puts the
   * current call on hold first. Resolves with the call once the INVITE is sent; how it
   * ends is told by `call-ended`.
   */
  async call(target: string, options: { extraHeaders?: readonly string[] } = {}): Promise<Call> {
    const stack = this.requireStack();
    const uri = this.targetUri(stack, target);
    const stream = await this.acquireAudio();
    let session: SipSession;
    try {
      session = stack.createSession(uri, stream, options.extraHeaders ?? []);
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      throw new PhoneError(ErrorCode.InvalidTarget, { cause: error });
    }
    const call = this.adopt(session, CallDirection.Outbound);
    await this.takeLine(call).catch((error: unknown) => this.report(toPhoneError(error, ErrorCode.HoldFailed), call));
    // Failures to send end the call; call-ended reports them.
    await session.invite().catch(() => undefined);
    return call;
  }

  private targetUri(stack: SipStack, raw: string): string {
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

  snapshot(): PhoneSnapshot {
    const calls = this.calls.map((call) => call.snapshot());
    return Object.freeze({
      connection: this.connectionState,
      registration: this.registrationState,
      calls: Object.freeze(calls),
      currentCallId: currentCallId(calls),
      uri: this.credentials?.uri,
      capabilities: this.source.capabilities ?? [],
    });
  }

  /** Hangs up every call, unregisters and disconnects. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    const stack = this.stack;
    await Promise.allSettled(this.calls.map((call) => call.hangup()));
    if (stack) {
      this.stopping = true;
      await stack.unregister().catch(() => undefined);
      await stack.disconnect().catch(() => undefined);
    }
    this.source.dispose?.();
    this.stack = undefined;
    this.setRegistration(RegistrationState.Unregistered);
    this.setConnection(ConnectionState.Disconnected);
  }

  // ---- CallHost ----

  async acquireAudio(): Promise<MediaStream> {
    const devices = this.options.mediaDevices ?? globalThis.navigator?.mediaDevices;
    if (!devices?.getUserMedia) throw new PhoneError(ErrorCode.NoMicrophone, { message: 'This browser or page cannot use a microphone (is it served over https?).' });
    const audio: MediaTrackConstraints | true = this.inputId ? { deviceId: { exact: this.inputId } } : true;
    try {
      return await devices.getUserMedia({ audio, video: false });
    } catch (error) {
      throw mediaError(error);
    }
  }

  async takeLine(call: Call): Promise<void> {
    const others = this.calls.filter((other) => other !== call && other.state === CallState.Established && !other.held);
    await Promise.all(others.map((other) => other.hold()));
  }

  changed(call: Call, previous?: CallState): void {
    if (previous !== undefined) this.fire('call-state-change', { call: call.snapshot(), previous });
    else this.fire('call-update', { call: call.snapshot() });
    this.fireChange();
  }

  ended(call: Call, reason: CallEndReason, error: PhoneError | undefined): void {
    this.liveCalls.delete(call.id);
    this.fire('call-ended', { call: call.snapshot(), reason, error });
    if (error && reason === CallEndReason.Failed) this.report(error, call);
    this.fireChange();
  }

  report(error: PhoneError, call?: Call): void {
    this.log('warn', `${error.code}: ${error.message}`);
    this.fire('error', { error, callId: call?.id });
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

  // ---- internals ----

  private adopt(session: SipSession, direction: CallDirection): Call {
    const call = new Call(crypto.randomUUID(), direction, session, this);
    this.liveCalls.set(call.id, call);
    if (direction === CallDirection.Inbound) this.fire('call-incoming', { call: call.snapshot() });
    this.fireChange();
    return call;
  }

  private onIncoming(session: SipSession): void {
    if (this.disposed) {
      void session.reject(480).catch(() => undefined);
      return;
    }
    this.adopt(session, CallDirection.Inbound);
  }

  private onConnectionChange(connected: boolean, error: unknown): void {
    if (connected) {
      this.setConnection(ConnectionState.Connected);
      return;
    }
    this.setConnection(ConnectionState.Disconnected);
    if (this.registrationState === RegistrationState.Registered) this.setRegistration(RegistrationState.Unregistered);
    if (!this.stopping && !this.disposed) this.report(new PhoneError(ErrorCode.ServerUnreachable, { message: 'The connection to the phone server was lost.', cause: error }));
  }

  private setConnection(state: ConnectionState): void {
    if (this.connectionState === state) return;
    this.connectionState = state;
    this.fire('connection-change', { state });
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
    const code = statusCode === 401 || statusCode === 403 || statusCode === 407 ? ErrorCode.RegistrationRejected : ErrorCode.RegistrationFailed;
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
