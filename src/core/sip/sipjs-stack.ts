/**
 * The sip.js implementation of {@link SipStack}: the only module of the kit that talks
 * to sip.js's UserAgent, Registerer and sessions.
 */
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  SIPExtension,
  type Core,
  type Referral,
  type Session,
  type SessionDescriptionHandlerFactory,
} from 'sip.js';
import { KitSessionDescriptionHandler } from './session-description-handler.js';
import type { RemoteParty, SessionEndInfo, SipResponseInfo, SipSession, SipSessionDelegate, SipStack, SipStackOptions } from './types.js';

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
    this.remote = { uri: identity.uri.toString(), user: identity.uri.user ?? '', displayName: identity.displayName ?? '' };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) this.delegate?.onEstablished?.();
      if (state === SessionState.Terminated) {
        this.stack.forget(session);
        this.delegate?.onEnded?.(this.end);
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
    const referTo = target instanceof SipjsSession ? target.session : UserAgent.makeURI(typeof target === 'string' ? target : '');
    if (!referTo) return Promise.reject(new Error('Invalid transfer target.'));
    return requestOutcome((requestDelegate) => this.session.refer(referTo, { requestDelegate }));
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

  constructor(private readonly options: SipStackOptions) {
    const uri = UserAgent.makeURI(options.uri);
    if (!uri) throw new Error('Invalid SIP URI.');
    this.ua = new UserAgent({
      uri,
      transportOptions: { server: options.server, connectionTimeout: 5, traceSip: false },
      authorizationUsername: options.authorizationUsername ?? uri.user ?? '',
      authorizationPassword: options.password ?? '',
      displayName: options.displayName ?? '',
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
      },
    });
    this.registerer = new Registerer(this.ua, { extraHeaders: [...options.registerHeaders] });
    this.registerer.stateChange.addListener((state) => options.delegate.onRegistrationChange(state === RegistererState.Registered));
  }

  private handlerFactory(): SessionDescriptionHandlerFactory {
    const { iceServers, iceGatheringTimeout } = this.options;
    return (session) => {
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

  forget(session: Session): void {
    this.sessions.delete(session);
  }

  connect(): Promise<void> {
    return this.ua.state === 'Started' ? this.ua.reconnect() : this.ua.start();
  }

  async disconnect(): Promise<void> {
    await this.ua.stop();
  }

  register(): Promise<void> {
    return requestOutcome((requestDelegate) => this.registerer.register({ requestDelegate }));
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

  createSession(targetUri: string, localStream: MediaStream, extraHeaders: readonly string[]): SipSession {
    const uri = UserAgent.makeURI(targetUri);
    if (!uri) throw new Error('Invalid target URI.');
    const inviter = new Inviter(this.ua, uri, { extraHeaders: [...extraHeaders] });
    this.streams.set(inviter, localStream);
    return this.wrap(inviter);
  }
}

/** The default {@link SipStackFactory}. */
export const createSipjsStack = (options: SipStackOptions): SipStack => new SipjsStack(options);
