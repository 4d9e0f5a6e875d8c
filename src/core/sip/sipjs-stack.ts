/**
 * The sip.js implementation of {@link SipStack}: the only module of the kit that talks
 * to sip.js's UserAgent, Registerer and sessions.
 */
import {
  Invitation,
  Inviter,
  Messager,
  Registerer,
  RegistererState,
  RequestPendingError,
  SessionState,
  UserAgent,
  SIPExtension,
  type Core,
  type Referral,
  type Session,
  type SessionDescriptionHandlerFactory,
} from 'sip.js';
import { KitSessionDescriptionHandler } from './session-description-handler.js';
import type { RemoteParty, SessionEndInfo, SipCredentialUpdate, SipResponseInfo, SipSession, SipSessionDelegate, SipStack, SipStackOptions } from './types.js';

/** A REGISTER or in-dialog request answered with a non-2xx final response. */
export class SipRequestError extends Error {
  override readonly name = 'SipRequestError';
  constructor(readonly response: SipResponseInfo) {
    super(`${response.statusCode} ${response.reasonPhrase}`);
  }
}

const responseInfo = (response: Core.IncomingResponse): SipResponseInfo => ({
  statusCode: response.message.statusCode ?? 0,
  reasonPhrase: response.message.reasonPhrase ?? '',
});

/** Resolves on a 2xx, rejects with {@link SipRequestError} on a final failure. */
function requestOutcome(send: (delegate: Core.OutgoingRequestDelegate) => Promise<unknown>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    send({ onAccept: () => resolve(), onReject: (response) => reject(new SipRequestError(responseInfo(response))) }).catch(reject);
  });
}

const DTMF_TIMING = { duration: 100, interToneGap: 70 };

const CONTROL_AND_BIDI = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A caller's display name is whatever the far end typed. sip.js hands it over with
 * RFC 3261 quoted-pairs still escaped; unescape, then keep it text-safe for any UI: no
 * control characters, no bidi overrides (which can make "moc.knab" read as "bank.com"),
 * and a sane length. Markup is harmless here because elements render it as text.
 */
const cleanDisplayName = (name: string): string =>
  name.replace(/\\(.)/g, '$1').replace(CONTROL_AND_BIDI, '').trim().slice(0, 128);

/** sip.js writes the display name into From unescaped: quote it per RFC 3261 §25.1 (quoted-pair). */
const quotedDisplayName = (name: string): string =>
  name.replace(CONTROL_AND_BIDI, '').slice(0, 128).replace(/["\\]/g, '\\$&');

class SipjsSession implements SipSession {
  delegate: SipSessionDelegate | undefined;
  readonly remote: RemoteParty;
  private end: { -readonly [K in keyof SessionEndInfo]: SessionEndInfo[K] } = {};
  private held = false;
  private muted = false;

  constructor(
    private readonly session: Session,
    private readonly stack: SipjsStack,
  ) {
    const identity = session.remoteIdentity;
    this.remote = { uri: identity.uri.toString(), user: identity.uri.user ?? '', displayName: cleanDisplayName(identity.displayName ?? '') };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.delegate?.onEstablished?.();
      if (state === SessionState.Terminated) {
        this.stack.forget(session);
        // sip.js moves a rejected INVITE to Terminated before it calls onReject with the
        // response: report the end once that has run, so the status code is known.
        queueMicrotask(() => this.delegate?.onEnded?.(this.end));
      }
    });
    session.delegate = {
      onBye: (bye) => {
        this.end.byRemoteBye = true;
        void bye.accept().catch(() => undefined);
      },
      onCancel: (cancel) => {
        // RFC 3326: a forking proxy says why it cancelled ("Call completed elsewhere").
        this.end.cancelled = { reason: cancel.request.getHeader('Reason') };
      },
      onRefer: (referral) => this.onRefer(referral),
      onInfo: (info) => {
        void info.accept().catch(() => undefined);
        this.delegate?.onRequest?.('INFO', info.request.getHeader('Content-Type') ?? '', info.request.body);
      },
      onMessage: (message) => {
        void message.accept().catch(() => undefined);
        this.delegate?.onRequest?.('MESSAGE', message.request.getHeader('Content-Type') ?? '', message.request.body);
      },
      onSessionDescriptionHandler: (sdh) => {
        if (sdh instanceof KitSessionDescriptionHandler) sdh.onIceStateChange = (state) => this.delegate?.onIceStateChange?.(state);
      },
    };
  }

  header(name: string): string | undefined {
    return this.session instanceof Invitation ? this.session.request.getHeader(name) : undefined;
  }

  get replaces(): SipSession | undefined {
    // sip.js matched the Replaces header to one of its dialogs (and answered 481 when none matched).
    const replacee = this.session instanceof Invitation ? this.session.replacee : undefined;
    return replacee ? this.stack.lookup(replacee) : undefined;
  }

  private get handler(): KitSessionDescriptionHandler | undefined {
    const sdh = this.session.sessionDescriptionHandler;
    return sdh instanceof KitSessionDescriptionHandler ? sdh : undefined;
  }

  get peerConnection(): RTCPeerConnection | undefined {
    return this.handler?.peerConnection;
  }

  get remoteStream(): MediaStream | undefined {
    return this.handler?.remoteMediaStream;
  }

  invite(): Promise<void> {
    if (!(this.session instanceof Inviter)) return Promise.reject(new Error('Only outgoing sessions send INVITE.'));
    return this.session
      .invite({
        requestDelegate: {
          onProgress: (response) => this.delegate?.onProgress?.(responseInfo(response)),
          onReject: (response) => {
            this.end.rejectedWith = responseInfo(response);
          },
        },
      })
      .then(() => undefined)
      .catch((error: unknown) => {
        this.end.error = error;
        throw error;
      });
  }

  accept(localStream: MediaStream): Promise<void> {
    if (!(this.session instanceof Invitation)) return Promise.reject(new Error('Only incoming sessions can be answered.'));
    const { body } = this.session;
    // A phone call needs audio: answering an offer without an audio section would make a
    // silent "connected" call. Refuse it as RFC 3261 §21.4.26 says (488).
    if (body && !/^m=audio /m.test(body)) {
      return this.session.reject({ statusCode: 488 }).then(() => {
        throw new Error('The caller offered no audio.');
      });
    }
    this.stack.streams.set(this.session, localStream);
    return this.session.accept();
  }

  reject(statusCode = 486): Promise<void> {
    if (!(this.session instanceof Invitation)) return Promise.reject(new Error('Only incoming sessions can be rejected.'));
    return this.session.reject({ statusCode });
  }

  async terminate(): Promise<void> {
    const { session } = this;
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) await session.cancel();
        else if (session instanceof Invitation) await session.reject({ statusCode: 480 });
        return;
      case SessionState.Established:
        await session.bye();
        return;
      default:
        return;
    }
  }

  async setHold(held: boolean): Promise<void> {
    const { session } = this;
    session.sessionDescriptionHandlerOptionsReInvite = { hold: held } as typeof session.sessionDescriptionHandlerOptionsReInvite;
    try {
      await requestOutcome((requestDelegate) => session.invite({ requestDelegate }));
    } catch (error) {
      // sip.js 0.21's web handler cannot roll back a refused offer: without this the
      // connection stays in have-local-offer and every later re-INVITE fails locally.
      const pc = this.peerConnection;
      if (pc?.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' }).catch(() => undefined);
      throw error;
    }
    this.held = held;
    this.applyTrackState();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.applyTrackState();
  }

  private applyTrackState(): void {
    this.handler?.enableSenderTracks(!this.held && !this.muted);
    this.handler?.enableReceiverTracks(!this.held);
  }

  sendDtmfRtp(tones: string): boolean {
    return this.handler?.sendDtmf(tones, DTMF_TIMING) ?? false;
  }

  sendInfo(contentType: string, body: string): Promise<void> {
    return requestOutcome((requestDelegate) =>
      this.session.info({ requestDelegate, requestOptions: { body: { contentDisposition: 'render', contentType, content: body } } }),
    );
  }

  sendMessage(contentType: string, body: string): Promise<void> {
    return requestOutcome((requestDelegate) =>
      this.session.message({ requestDelegate, requestOptions: { body: { contentDisposition: 'render', contentType, content: body } } }),
    );
  }

  refer(target: string | SipSession): Promise<void> {
    if (target instanceof SipjsSession) return this.referReplacing(target);
    const referTo = UserAgent.makeURI(typeof target === 'string' ? target : '');
    if (!referTo) return Promise.reject(new Error('Invalid transfer target.'));
    return requestOutcome((requestDelegate) => this.session.refer(referTo, { requestDelegate }));
  }

  /**
   * Attended transfer: REFER to the transfer target's address of record with a Replaces
   * header naming our dialog with it (RFC 3891, RFC 5589 §7). sip.js would refer to the
   * target's Contact instead, but a WebSocket client's Contact is a made-up `*.invalid`
   * address that only its edge proxy can reach; RFC 5589 §7.3 uses the Contact only when it
   * is a GRUU. The INVITE then reaches every device of the AOR, and only the one holding
   * the dialog accepts it (the others answer 481, RFC 3891 §3).
   */
  private referReplacing(target: SipjsSession): Promise<void> {
    const dialog = target.session.dialog;
    if (!dialog || this.session.state !== SessionState.Established) return Promise.reject(new Error('Both calls must be answered for an attended transfer.'));
    const referTo = target.session.remoteIdentity.uri.clone();
    referTo.clearHeaders();
    referTo.setHeader('Replaces', encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`));
    const ua = this.session.userAgent;
    const extraHeaders = [
      `Referred-By: <${ua.configuration.uri.toString()}>`,
      `Contact: ${ua.contact.toString()}`,
      // RFC 3261 §20: a URI with headers must be in angle brackets.
      `Refer-To: <${referTo.toString()}>`,
    ];
    return requestOutcome((requestDelegate) => this.session._refer(undefined, requestDelegate, { extraHeaders }));
  }

  async replaceAudioTrack(track: MediaStreamTrack): Promise<void> {
    const sender = this.peerConnection?.getSenders().find((s) => s.track?.kind === 'audio');
    if (!sender) throw new Error('No audio sender.');
    const previous = sender.track;
    track.enabled = !this.held && !this.muted;
    await sender.replaceTrack(track);
    previous?.stop();
  }

  private onRefer(referral: Referral): void {
    const delegate = this.delegate;
    if (!delegate?.onRefer) {
      void referral.reject().catch(() => undefined);
      return;
    }
    const target = referral.referTo.uri.clone();
    target.clearHeaders();
    delegate.onRefer(target.toString(), async (localStream) => {
      await referral.accept();
      // makeInviter keeps Referred-By and Replaces (attended transfer, RFC 3891).
      const inviter = referral.makeInviter();
      this.stack.streams.set(inviter, localStream);
      return this.stack.wrap(inviter);
    });
  }
}

class SipjsStack implements SipStack {
  readonly streams = new WeakMap<Session, MediaStream>();
  private readonly sessions = new Map<Session, SipjsSession>();
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  /** Read when each call's peer connection is made, so refreshed TURN credentials apply to new calls. */
  private iceServers: readonly RTCIceServer[];

  constructor(private readonly options: SipStackOptions) {
    this.iceServers = options.iceServers;
    const uri = UserAgent.makeURI(options.uri);
    if (!uri) throw new Error('Invalid SIP URI.');
    this.ua = new UserAgent({
      uri,
      transportOptions: { server: options.server, connectionTimeout: 5, traceSip: false },
      authorizationUsername: options.authorizationUsername ?? uri.user ?? '',
      authorizationPassword: options.password ?? '',
      displayName: quotedDisplayName(options.displayName ?? ''),
      instanceId: options.instanceId,
      instanceIdAlwaysAdded: true,
      userAgentString: options.userAgentString,
      sipExtensionReplaces: SIPExtension.Supported,
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => options.log(level, `${category}: ${content}`),
      sessionDescriptionHandlerFactory: this.handlerFactory(),
      delegate: {
        onConnect: () => options.delegate.onConnectionChange(true),
        onDisconnect: (error) => options.delegate.onConnectionChange(false, error),
        onInvite: (invitation) => options.delegate.onIncoming(this.wrap(invitation)),
        onMessage: (message) => {
          void message.accept().catch(() => undefined);
          options.delegate.onMessage?.(message.request.getHeader('Content-Type') ?? '', message.request.body);
        },
      },
    });
    this.registerer = new Registerer(this.ua, { extraHeaders: [...options.registerHeaders] });
    this.registerer.stateChange.addListener((state) => options.delegate.onRegistrationChange(state === RegistererState.Registered));
  }

  private handlerFactory(): SessionDescriptionHandlerFactory {
    const { iceGatheringTimeout } = this.options;
    return (session) => {
      const { iceServers } = this;
      const mediaStreamFactory = (): Promise<MediaStream> => {
        const stream = this.streams.get(session);
        return stream ? Promise.resolve(stream) : Promise.reject(new DOMException('No local audio for this call.', 'NotFoundError'));
      };
      return new KitSessionDescriptionHandler(
        session.userAgent.getLogger('sip.SessionDescriptionHandler'),
        mediaStreamFactory,
        {
          iceGatheringTimeout,
          // Never sip.js's default (a public STUN server): only what the app configured.
          peerConnectionConfiguration: { bundlePolicy: 'balanced', rtcpMuxPolicy: 'require', iceServers: [...iceServers] },
        },
        iceServers.length > 0,
      );
    };
  }

  wrap(session: Session): SipjsSession {
    const wrapped = new SipjsSession(session, this);
    this.sessions.set(session, wrapped);
    return wrapped;
  }

  lookup(session: Session): SipjsSession | undefined {
    return this.sessions.get(session);
  }

  forget(session: Session): void {
    this.sessions.delete(session);
  }

  connect(): Promise<void> {
    return this.ua.state === 'Started' ? this.ua.reconnect() : this.ua.start();
  }

  async disconnect(): Promise<void> {
    await this.ua.stop();
  }

  updateCredentials(update: SipCredentialUpdate): void {
    // sip.js 0.21: `configuration` is the UserAgent's live options object, and its
    // authenticationFactory reads these two fields on every 401/407 challenge, so the next
    // REGISTER (and any challenged request) authenticates with the new credentials.
    const configuration = this.ua.configuration;
    configuration.authorizationUsername = update.authorizationUsername ?? configuration.uri.user ?? '';
    configuration.authorizationPassword = update.password ?? '';
    forgetRegisterAuthorization(this.registerer);
    this.iceServers = update.iceServers;
  }

  async register(): Promise<void> {
    // RFC 3261 §10.2: one REGISTER at a time. sip.js's own refresh may be waiting for its
    // final response (sip.js then refuses with RequestPendingError): try again once it has
    // had it, for at most Timer F (64·T1 = 32 s), the longest a REGISTER can stay open.
    const deadline = Date.now() + 32_000;
    for (;;) {
      try {
        await requestOutcome((requestDelegate) => this.registerer.register({ requestDelegate }));
        return;
      } catch (error) {
        if (!(error instanceof RequestPendingError) || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async unregister(): Promise<void> {
    if (this.registerer.state !== RegistererState.Registered) return;
    await requestOutcome((requestDelegate) => this.registerer.unregister({ requestDelegate }));
  }

  targetUri(target: string): string | undefined {
    const domain = UserAgent.makeURI(this.options.uri)?.host;
    const candidate = /^sips?:/i.test(target) ? target : `sip:${target}@${domain ?? ''}`;
    return UserAgent.makeURI(candidate)?.toString();
  }

  sendMessage(targetUri: string, contentType: string, body: string, extraHeaders: readonly string[]): Promise<void> {
    const uri = UserAgent.makeURI(targetUri);
    if (!uri) return Promise.reject(new Error('Invalid MESSAGE target.'));
    const messager = new Messager(this.ua, uri, body, contentType, { extraHeaders: [...extraHeaders] });
    return requestOutcome((requestDelegate) => messager.message({ requestDelegate }));
  }

  createSession(targetUri: string, localStream: MediaStream, extraHeaders: readonly string[]): SipSession {
    const uri = UserAgent.makeURI(targetUri);
    if (!uri) throw new Error('Invalid target URI.');
    const inviter = new Inviter(this.ua, uri, { extraHeaders: [...extraHeaders] });
    this.streams.set(inviter, localStream);
    return this.wrap(inviter);
  }
}

/**
 * sip.js 0.21 keeps the Authorization header of the last challenge on the Registerer's
 * REGISTER message, which it reuses for every refresh: the registrar accepts the old token
 * until it expires and never challenges for the new one. Without that header the next
 * REGISTER is challenged (401) and answered with the current credentials. `request` is
 * private to sip.js; test/e2e/token-refresh.test.ts fails if this stops working.
 */
function forgetRegisterAuthorization(registerer: Registerer): void {
  const request = (registerer as unknown as { request?: { headers?: Record<string, unknown> } }).request;
  if (request?.headers) delete request.headers['Authorization'];
}

/** The default {@link SipStackFactory}. */
export const createSipjsStack = (options: SipStackOptions): SipStack => new SipjsStack(options);
