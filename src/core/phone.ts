import { considerAutoAnswer } from './auto-answer.js';
import { Call, type CallHost, type CallQualityEvents } from './call.js';
import { callHeaders, type CallOptions } from './call-options.js';
import { CredentialRefresh } from './credential-refresh.js';
import { isCredentialSource, staticCredentials, type CredentialSource, type ProviderHooks, type SipCredentials } from './credentials.js';
import { currentCallId } from './current-call.js';
import { ErrorCode, PhoneError, messageError, registrationError, toPhoneError } from './errors.js';
import { consoleLogger, redact, redacting, type Logger } from './log.js';
import { Microphone, placeCall } from './microphone.js';
import type { PhoneEventMap, PhoneSnapshot } from './phone-events.js';
import { iceServers, stackSettings, type PhoneOptions } from './phone-options.js';
import { canConnect, ConnectionSupervisor, parseServers, RECONNECT_DEFAULTS } from './reconnect.js';
import { createSipjsStack } from './sip/sipjs-stack.js';
import type { SipSession, SipStack, SipStackFactory } from './sip/types.js';
import { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from './states.js';
import { handleReferral, handleReplacement, type TransferHost } from './transfer-policy.js';
import { TypedEventTarget } from './typed-event-target.js';
export type { CallEndedDetail, PhoneEventMap, PhoneSnapshot } from './phone-events.js';
export type { PhoneOptions } from './phone-options.js';

// RFC 3261 §25.1 `user`: unreserved / escaped / user-unreserved.
const SIP_USER = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;
const PHONE_LIKE = /^\+?[\d\s().-]+$/;

/**
 * A browser phone: one SIP user agent, its registration and its calls.
 *
 * ```ts
 * const phone = new Phone({ credentials: { server: 'wss://pbx.example.com/ws', uri: 'sip:alice@example.com', password } });
 * await phone.start();
 * const call = await phone.call('bob');
 * ```
 */
export class Phone extends TypedEventTarget<PhoneEventMap> {
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
  private reconnectAt: number | undefined;
  /** Keeps the connection up (reconnects, fails over) while the phone is started. */
  private supervisor: ConnectionSupervisor | undefined;
  private readonly lifetime = new AbortController();
  /** Registration was asked for (and not withdrawn): renewed credentials re-register. */
  private wantRegistered = false;
  private readonly refresh: CredentialRefresh;
  private readonly microphone: Microphone;
  private outputId: string;
  /** Handed to every call: closures, so that none of it is the phone's public API. */
  private readonly callHost: CallHost;
  private readonly transfers: TransferHost = {
    policy: this.options.transferPolicy,
    ownUri: () => this.credentials?.uri,
    openMicrophone: () => this.microphone.open(),
    adopt: (session, replaced) =>
      replaced ? this.takeOver(replaced, this.adopt(session, CallDirection.Inbound, false)) : this.adopt(session, CallDirection.Outbound),
    report: (error, call) => this.report(error, call),
    log: (level, message) => this.log(level, message),
  };

  constructor(private readonly options: PhoneOptions) {
    super();
    this.source = isCredentialSource(options.credentials) ? options.credentials : staticCredentials(options.credentials);
    this.stackFactory = options.stackFactory ?? createSipjsStack;
    this.log = redacting(options.logger ?? consoleLogger());
    this.microphone = new Microphone(options.mediaDevices, options.audioInputId ?? '');
    this.outputId = options.audioOutputId ?? '';
    this.refresh = new CredentialRefresh(
      {
        load: (signal) => this.source.load(signal),
        current: () => this.credentials,
        use: (credentials) => {
          const { authorizationUsername, password } = credentials;
          this.requireStack().updateCredentials({ authorizationUsername, password, iceServers: iceServers(credentials, this.options) });
          this.credentials = credentials;
        },
        reregister: () => this.reregister(),
        expiring: (expiresAt) => this.fire('credentials-expiring', { expiresAt }),
        report: (error) => this.report(error),
        log: this.log,
      },
      this.lifetime.signal,
    );
    this.callHost = {
      targetUri: (target) => this.targetUri(target),
      acquireAudio: () => this.microphone.open(),
      microphoneAllowed: () => this.microphone.allowed(),
      takeLine: (call) => this.takeLine(call),
      audioOutputId: () => this.outputId,
      dtmfTransport: options.dtmfTransport ?? 'rfc4733',
      trustCancelReason: options.trustCancelReason ?? this.source.trustsCancelReason ?? false,
      // Every event fires after the `change` it describes: the snapshot is current in its listeners.
      changed: (call, previous) => {
        this.fireChange();
        if (previous === undefined) return this.fire('call-update', { call: call.snapshot() });
        this.fire('call-state-change', { call: call.snapshot(), previous });
        this.runHook((hooks) => hooks.callState?.(call), call);
      },
      ended: (call, reason, error) => {
        this.liveCalls.delete(call.id);
        this.replacements.delete(call);
        this.fireChange();
        this.fire('call-ended', { call: call.snapshot(), reason, error });
        if (error && reason === CallEndReason.Failed) this.report(error, call);
      },
      report: (error, call) => this.report(error, call),
      canRenegotiate: () => this.connectionState === ConnectionState.Connected,
      dtmfReceived: (call, tone) => this.fire('dtmf-received', { callId: call.id, tone }),
      providerRequest: (call, request) => this.runHook((hooks) => hooks.callRequest?.(call, request), call),
      providerResponse: (call) => this.runHook((hooks) => hooks.response?.(call), call),
      referred: (call, referral) => handleReferral(this.transfers, call, referral),
      quality: options.quality,
      qualityEvent: (name: keyof CallQualityEvents, detail) => (this.fireChange(), this.fire(name, detail)),
    };
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

  /** The server in use: the first of the `server` list, or a backup after a failover. */
  get server(): string | undefined {
    return this.supervisor?.server;
  }

  /**
   * Loads credentials, connects (to the first server of the list that answers), and registers
   * unless `autoRegister` is false. From then on a lost connection is re-established; while
   * it waits to reconnect (`reconnectAt`), `start()` tries at once.
   */
  async start(): Promise<void> {
    this.assertAlive();
    if (this.stack) return this.supervisor?.retryNow();
    this.setConnection(ConnectionState.Connecting);
    try {
      const credentials = await this.refresh.loadFirst();
      this.assertAlive();
      this.credentials = credentials;
      const stack = (this.stack = this.createStack(credentials));
      this.supervisor = this.supervise(stack, credentials);
      await this.supervisor.start();
      this.refresh.schedule(credentials);
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
    return new PhoneError(this.credentials === undefined ? ErrorCode.CredentialsFailed : ErrorCode.ServerUnreachable, { cause: error });
  }

  private createStack(credentials: SipCredentials): SipStack {
    const stack = this.stackFactory({
      ...stackSettings(credentials, this.options),
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
        onMessage: (contentType, body, from) => this.runHook((hooks) => hooks.message?.({ method: 'MESSAGE', contentType, body, from })),
      },
    });
    this.runHook((hooks) =>
      hooks.attach?.({
        sendMessage: async (target, contentType, body, extraHeaders = []) => {
          if (!stack.sendMessage) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'This SIP stack cannot send MESSAGE requests.' });
          try {
            await stack.sendMessage(target, contentType, body, extraHeaders);
          } catch (error) {
            throw messageError(error);
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
      if (failure.code === ErrorCode.TokenExpired && this.credentials?.expiresAt !== undefined) this.refresh.retry();
      throw failure;
    }
  }

  async unregister(): Promise<void> {
    const stack = this.requireStack();
    this.wantRegistered = false;
    await stack.unregister();
    this.setRegistration(RegistrationState.Unregistered);
  }

  /** REGISTER again with renewed credentials when registration is wanted, without the `registering` blip when registered. */
  private async reregister(): Promise<void> {
    if (!this.wantRegistered || this.connectionState !== ConnectionState.Connected) return;
    if (this.registrationState !== RegistrationState.Registered) this.setRegistration(RegistrationState.Registering);
    try {
      await this.requireStack().register();
    } catch (error) {
      this.setRegistration(RegistrationState.Failed);
      throw registrationError(error);
    }
    this.setRegistration(RegistrationState.Registered);
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
    this.refresh.stop();
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
   * ends is told by `call-ended`. `options`: extra INVITE headers and the DTMF method.
   */
  async call(target: string, options: CallOptions = {}): Promise<Call> {
    const uri = this.targetUri(target);
    const stack = this.requireStack();
    let providerHeaders: readonly string[] = [];
    this.runHook((hooks) => (providerHeaders = hooks.outgoingHeaders?.(uri) ?? []));
    const headers = [...providerHeaders, ...callHeaders(options, providerHeaders)];
    return placeCall(this.microphone, {
      createSession: (line) => stack.createSession(uri, line, headers),
      adopt: (session) => this.adopt(session, CallDirection.Outbound).useDtmf(options.dtmf),
      takeLine: (call) => this.takeLine(call).catch((error: unknown) => this.report(toPhoneError(error, ErrorCode.HoldFailed), call)),
    });
  }

  private targetUri(raw: string): string {
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
    await this.microphone.choose(deviceId, this.calls);
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
      reconnectAt: this.reconnectAt,
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
    this.refresh.stop();
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

  /** Puts every other established call on hold before `call` takes the line. */
  private async takeLine(call: Call): Promise<void> {
    // The call being replaced is about to end: a hold re-INVITE would only race its BYE.
    const replaced = this.replacements.get(call);
    const others = this.calls.filter((other) => other !== call && other !== replaced && other.state === CallState.Established && !other.held);
    await Promise.all(others.map((other) => other.hold()));
  }

  private adopt(session: SipSession, direction: CallDirection, ringing = direction === CallDirection.Inbound): Call {
    const call = new Call(crypto.randomUUID(), direction, session, this.callHost);
    this.liveCalls.set(call.id, call);
    this.callsBySession.set(session, call);
    // The provider reads its own headers first (e.g. the caller's name), so the event has them.
    if (ringing) this.runHook((hooks) => hooks.incoming?.(call), call);
    this.fireChange();
    if (ringing) this.fire('call-incoming', { call: call.snapshot() });
    if (ringing) considerAutoAnswer(call, this.options.autoAnswer);
    return call;
  }

  private onIncoming(session: SipSession): void {
    const replaced = session.replaces && this.callsBySession.get(session.replaces);
    if (this.disposed) void session.reject(480).catch(() => undefined);
    else if (replaced && replaced.state !== CallState.Ended) handleReplacement(this.transfers, replaced, session);
    else this.adopt(session, CallDirection.Inbound);
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
        changed: (state, attempt, retryAt) => this.setConnection(state, attempt, retryAt),
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

  private setConnection(state: ConnectionState, attempt = 0, retryAt?: number): void {
    const changed = this.connectionState !== state || this.connectionAttempt !== attempt;
    if (!changed && this.reconnectAt === retryAt) return;
    this.connectionState = state;
    this.connectionAttempt = attempt;
    this.reconnectAt = retryAt;
    this.fireChange();
    if (changed) this.fire('connection-change', { state, attempt });
  }

  private setRegistration(state: RegistrationState): void {
    if (this.registrationState === state) return;
    this.registrationState = state;
    this.fireChange();
    this.fire('registration-change', { state });
  }

  private report(error: PhoneError, call?: Call): void {
    this.log('warn', `${error.code}: ${error.message}`);
    this.fire('error', { error, callId: call?.id });
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
