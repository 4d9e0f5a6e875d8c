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
  Core,
  type Info,
  type Message,
  type Session,
  type SessionDescriptionHandlerFactory,
} from 'sip.js';
import { checkIceConfiguration } from './ice-servers.js';
import { answerUpdate } from './in-dialog-update.js';
import { boundRegisterExpires } from './register-expires.js';
import { InDialogRequestLimiter } from './request-limits.js';
import { SipSessionTimer, inviteTimerHeaders, retryAfter422, tooSmall } from './session-timer.js';
import { TelUris } from './tel-uri.js';
import { RemoteTargets, screenContact } from './contact-uri.js';
import { incomingReferral, refusedReferral, replacesRefusal, screenRefer } from './transfer-requests.js';
import { IceServerHealth, KitSessionDescriptionHandler } from './session-description-handler.js';
import { WebSocketTransport, type WebSocketTransportOptions } from './websocket-transport.js';
import {
  SipRequestError,
  type IncomingReferral,
  type RemoteParty,
  type SessionEndInfo,
  type SipCredentialUpdate,
  type SipResponseInfo,
  type SipSession,
  type SipSessionDelegate,
  type SipStack,
  type SipStackOptions,
  type SessionTimerSettings,
} from './types.js';

const responseInfo = (response: Core.IncomingResponse): SipResponseInfo => ({
  statusCode: response.message.statusCode ?? 0,
  reasonPhrase: response.message.reasonPhrase ?? '',
});

/**
 * Resolves on a 2xx (after `accepted`), rejects with {@link SipRequestError} on a final failure,
 * 3xx included: sip.js reports a redirect apart (`onRedirect`), and follows none for these
 * requests, so without it a REGISTER answered 302 would wait for ever.
 */
function requestOutcome(
  send: (delegate: Core.OutgoingRequestDelegate) => Promise<unknown>,
  accepted?: (response: Core.IncomingResponseMessage) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    send({
      onAccept: (response) => {
        accepted?.(response.message);
        resolve();
      },
      onRedirect: (response) => reject(new SipRequestError(responseInfo(response))),
      onReject: (response) => reject(new SipRequestError(responseInfo(response))),
    }).catch(reject);
  });
}

/** RFC 3261 §14.1: after a 491, 2.1–4 s for the owner of the Call-ID (who sent the INVITE), else 0–2 s. */
const glarePause = (session: Session): number => (session instanceof Inviter ? 2_100 + Math.random() * 1_900 : Math.random() * 2_000);

/**
 * Ends a CANCELed re-INVITE that got no final answer as if it got 408 (RFC 3261 §8.1.3.1,
 * §9.1), through sip.js's own (protected) path for a transaction timeout.
 */
function giveUp(request: Core.OutgoingInviteRequest): void {
  if (!(request instanceof Core.ReInviteUserAgentClient)) return;
  (request as unknown as { onRequestTimeout(): void }).onRequestTimeout();
  request.dispose();
}

const DTMF_TIMING = { duration: 100, interToneGap: 70 };

/** The registration interval asked for, in seconds (sip.js's default). */
const REGISTER_EXPIRES = 600;

const CONTROL_AND_BIDI = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A caller's display name is whatever the far end typed. sip.js hands it over with
 * RFC 3261 quoted-pairs still escaped; unescape, then keep it text-safe for any UI: no
 * control characters, no bidi overrides (which can make "moc.knab" read as "bank.com"),
 * and a sane length. Markup is harmless here because elements render it as text.
 */
const cleanDisplayName = (name: string): string => cleanText(name.replace(/\\(.)/g, '$1'), 128);

/** A caller's user part arrives %-decoded (`%0D%0A` is CR/LF): the same text-safety, capped at `max`. */
const cleanText = (text: string, max: number): string => text.replace(CONTROL_AND_BIDI, '').trim().slice(0, max);

/** sip.js writes the display name into From unescaped: quote it per RFC 3261 §25.1 (quoted-pair). */
const quotedDisplayName = (name: string): string => name.replace(CONTROL_AND_BIDI, '').slice(0, 128).replace(/["\\]/g, '\\$&');

class SipjsSession implements SipSession {
  delegate: SipSessionDelegate | undefined;
  readonly remote: RemoteParty;
  /** Whether we hold the call (read by in-dialog-update.ts). */
  get held(): boolean {
    return this.isHeld;
  }
  private end: { -readonly [K in keyof SessionEndInfo]: SessionEndInfo[K] } = {};
  private isHeld = false;
  private muted = false;
  /** Re-INVITEs from the peer that we accepted (see {@link renegotiate}). */
  private peerReinvites = 0;
  /** The stack's connection count when we last accepted one. */
  private peerRenewedOn = -1;
  /** RFC 4028 session timer (read by in-dialog-update.ts). */
  readonly timer: SipSessionTimer;
  private readonly limiter = new InDialogRequestLimiter();
  /**
   * Resolves once the caller's ACK confirmed our 200 OK to its INVITE, or the call ended
   * (outgoing calls: at once). Until then sip.js counts the call established, yet a re-INVITE
   * of ours must not cross that ACK (RFC 3261 §14.1: sip.js ends the call with a BYE when the
   * ACK finds our offer pending) and a BYE must wait for it (§15).
   */
  private readonly confirmed: Promise<void>;
  private confirm: () => void = () => undefined;

  constructor(
    readonly session: Session,
    private readonly stack: SipjsStack,
  ) {
    this.confirmed = session instanceof Invitation ? new Promise((resolve) => (this.confirm = resolve)) : Promise.resolve();
    const identity = session.remoteIdentity;
    // URI headers (`?X-Evil=1`) are no part of who called, and would travel with a call back.
    const uri = identity.uri.clone();
    uri.clearHeaders();
    this.remote = {
      uri: cleanText(uri.toString(), 512),
      user: cleanText(identity.uri.user ?? '', 128),
      displayName: cleanDisplayName(identity.displayName ?? ''),
    };
    this.timer = new SipSessionTimer(session, stack.sessionTimer, () => {
      // RFC 4028 §10: the session expired; a BYE ends it.
      this.end.sessionExpired = true;
      void session.bye().catch(() => undefined);
    });
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.timer.established();
        this.delegate?.onEstablished?.();
      }
      if (state === SessionState.Terminated) {
        this.confirm();
        this.timer.stop();
        this.stack.forget(session);
        // sip.js moves a rejected INVITE to Terminated before it calls onReject with the
        // response: report the end once that has run, so the status code is known.
        queueMicrotask(() => this.delegate?.onEnded?.(this.end));
      }
    });
    session.delegate = {
      onAck: () => this.confirm(),
      onBye: (bye) => {
        this.end.byRemoteBye = true;
        void bye.accept().catch(() => undefined);
      },
      onCancel: (cancel) => {
        // RFC 3326: a forking proxy says why it cancelled ("Call completed elsewhere").
        this.end.cancelled = { reason: cancel.request.getHeader('Reason') };
      },
      onRefer: (referral) =>
        this.referred(
          incomingReferral(referral, session, (inviter, localStream) => {
            this.stack.streams.set(inviter, Promise.resolve(localStream));
            return this.stack.wrap(inviter);
          }),
        ),
      onInfo: (info) => this.received('INFO', info),
      onMessage: (message) => this.received('MESSAGE', message),
      onSessionDescriptionHandler: (sdh) => {
        if (!(sdh instanceof KitSessionDescriptionHandler)) return;
        sdh.onIceStateChange = (state) => this.delegate?.onIceStateChange?.(state);
        sdh.onRemoteHoldChange = (held) => this.delegate?.onRemoteHold?.(held);
      },
      onInvite: (_request, _response, statusCode) => {
        if (statusCode !== 200) return;
        this.peerReinvites++;
        this.peerRenewedOn = this.stack.connections;
      },
    };
  }

  /** An in-dialog INFO or MESSAGE: answered, and handed on within the limits (request-limits.ts). */
  private received(method: 'INFO' | 'MESSAGE', incoming: Info | Message): void {
    const { body } = incoming.request;
    const refusal = this.limiter.refusal(body);
    if (refusal) {
      void incoming.reject({ statusCode: refusal.statusCode, extraHeaders: [...refusal.extraHeaders] }).catch(() => undefined);
      return;
    }
    void incoming.accept().catch(() => undefined);
    this.delegate?.onRequest?.(method, incoming.request.getHeader('Content-Type') ?? '', body);
  }

  header(name: string): string | undefined {
    return this.session instanceof Invitation ? this.session.request.getHeader(name) : this.lastResponse?.getHeader(name);
  }

  /** The latest 18x or 2xx to our INVITE (outgoing sessions), whose headers {@link header} reads. */
  private lastResponse: Core.IncomingResponseMessage | undefined;

  get replaces(): SipSession | undefined {
    // sip.js matched the Replaces header to one of its dialogs (and answered 481 when none
    // matched); replacesRefusal has refused the states RFC 3891 §3 does not allow.
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
          onProgress: (response) => {
            this.lastResponse = response.message;
            this.delegate?.onProgress?.(responseInfo(response));
            // sip.js applies an answer in a provisional response (earlyMedia, see createSession).
            if (response.message.body && /^application\/sdp/i.test(response.message.getHeader('Content-Type') ?? '')) this.delegate?.onEarlyMedia?.();
          },
          onReject: (response) => {
            this.end.rejectedWith = responseInfo(response);
          },
          // sip.js calls this once the call is established: the session timer starts from the
          // 2xx (RFC 4028 §7.2), and providers read its headers.
          onAccept: (response) => {
            this.timer.inviteAccepted(response.message);
            this.lastResponse = response.message;
            this.delegate?.onProgress?.(responseInfo(response));
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
    try {
      this.stack.checkIceServers();
    } catch (error) {
      return Promise.reject(error);
    }
    this.stack.streams.set(this.session, Promise.resolve(localStream));
    return this.session.accept({ extraHeaders: [...this.timer.acceptHeaders] });
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
        await this.confirmed;
        if (session.state === SessionState.Established) await session.bye();
        return;
      default:
        return;
    }
  }

  /**
   * Hold and resume are re-INVITEs with an offer (RFC 3264 §8.4, RFC 6337 §5): `sendonly`
   * (or `inactive` when the peer holds us) to hold, `sendrecv` to resume, so the peer sees
   * the hold in what it is offered (JsSIP's `hold` event, a PBX's music on hold). A glare
   * (491) is retried after RFC 3261 §14.1's pause; any other refusal (488, 500, a timeout)
   * leaves the call as it was: the handler re-applies the last negotiated state
   * (KitSessionDescriptionHandler.rollbackDescription).
   */
  async setHold(held: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.reinvite({ hold: held, bounded: true });
        break;
      } catch (error) {
        const glare = error instanceof RequestPendingError || (error instanceof SipRequestError && error.response.statusCode === 491);
        if (!glare || attempt >= 2 || this.session.state !== SessionState.Established) throw error;
        await new Promise((resolve) => setTimeout(resolve, glarePause(this.session)));
      }
    }
    this.isHeld = held;
    this.applyTrackState();
  }

  /**
   * A re-INVITE that keeps the hold direction: a target refresh (RFC 3261 §12.2) giving the
   * peer our Contact on the current connection, with new ICE candidates (RFC 8445 §9) when
   * `iceRestart`.
   *
   * Without `iceRestart` the re-INVITE carries no offer: the peer offers in its 2xx and we
   * answer in the ACK (RFC 3264 §4), so a refusal leaves no local offer to roll back. That
   * matters: Chromium (measured with 156) stops playing a call's incoming audio when it
   * rolls back an offer (see KitSessionDescriptionHandler.rollbackDescription).
   *
   * After an outage both sides reconnect and renegotiate, and whichever re-INVITE succeeds
   * does the job for both (its 2xx carries the answerer's new Contact). So one that collides
   * with the peer's (491, or ours still pending) waits RFC 3261 §14.1's pause, and one the
   * peer could not get yet (still reconnecting: 408, 480, 5xx, Kamailio's 477 for a gone
   * connection) waits a little; either is dropped once the peer has renegotiated meanwhile.
   * `unlessRenewed` skips it when the peer already did so over our current connection.
   */
  async renegotiate(options: { iceRestart: boolean; unlessRenewed?: boolean }): Promise<void> {
    const { session } = this;
    for (let attempt = 1; ; attempt++) {
      if (options.unlessRenewed && this.peerRenewedOn === this.stack.connections) return;
      const peerReinvites = this.peerReinvites;
      try {
        if (options.iceRestart) await this.reinvite({ hold: this.isHeld, offerOptions: { iceRestart: true } });
        else await this.sendReinvite({ withoutSdp: true });
        return;
      } catch (error) {
        const status = error instanceof SipRequestError ? error.response.statusCode : undefined;
        const glare = error instanceof RequestPendingError || status === 491;
        const unreachable = status !== undefined && (status === 408 || status === 477 || status === 480 || status >= 500);
        if (!(glare || unreachable) || attempt >= 3 || session.state !== SessionState.Established) throw error;
        const pause = glare ? glarePause(session) : 1_000 * attempt + Math.random() * 1_000;
        await new Promise((resolve) => setTimeout(resolve, pause));
        if (this.peerReinvites !== peerReinvites) return;
      }
    }
  }

  /**
   * Sends a re-INVITE whose offer uses `options`. sip.js keeps these options for every later
   * offer and answer, so afterwards they are set back to the plain hold state in force.
   */
  private async reinvite({ bounded, ...options }: { hold: boolean; offerOptions?: RTCOfferOptions; bounded?: boolean }): Promise<void> {
    const { session } = this;
    type Options = typeof session.sessionDescriptionHandlerOptionsReInvite;
    session.sessionDescriptionHandlerOptionsReInvite = options as Options;
    try {
      await this.sendReinvite({ bounded });
    } catch (error) {
      session.sessionDescriptionHandlerOptionsReInvite = { hold: this.isHeld } as Options;
      // sip.js has already asked the handler to undo the offer (rollbackDescription).
      throw error;
    }
    session.sessionDescriptionHandlerOptionsReInvite = { hold: options.hold } as Options;
  }

  /**
   * A re-INVITE of ours refreshes the session timer too (RFC 4028 §7.4): it carries the current interval.
   *
   * `bounded` (hold and resume): once the proxy has sent 100 Trying, the INVITE client transaction has no timer left
   * (RFC 3261 §17.1.1.2: Timer B runs only until a provisional response), so a re-INVITE the
   * peer never answers would leave hold() pending forever and block every later re-INVITE.
   * The peer's stack answers a re-INVITE by itself, without its user, so after the phone's
   * responseTimeout without a final answer it is CANCELed (RFC 3261 §9.1, §14.1). Not every
   * stack answers a CANCELed re-INVITE with 487 (sip.js does not), so when none comes within
   * another responseTimeout the transaction counts as cancelled (§9.1) and ends as a 408
   * (§8.1.3.1): sip.js then restores the previous descriptions as for any refusal.
   */
  private sendReinvite({ bounded, ...options }: { withoutSdp?: boolean; bounded?: boolean | undefined }): Promise<void> {
    const wait = this.stack.responseTimeout;
    const timers: ReturnType<typeof setTimeout>[] = [];
    return requestOutcome(
      async (requestDelegate) => {
        await this.confirmed;
        const request = await this.session.invite({ ...options, requestDelegate, requestOptions: { extraHeaders: this.timer.requestHeaders() } });
        if (!bounded) return;
        timers.push(
          setTimeout(() => {
            request.cancel();
            timers.push(setTimeout(() => giveUp(request), wait));
          }, wait),
        );
      },
      (response) => this.timer.requestAccepted(response),
    ).finally(() => timers.forEach(clearTimeout));
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    this.applyTrackState();
  }

  private applyTrackState(): void {
    this.handler?.enableSenderTracks(!this.isHeld && !this.muted);
    this.handler?.enableReceiverTracks(!this.isHeld);
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
    const pc = this.peerConnection;
    // A call set up before its microphone opened has an audio sender with no track yet.
    const sender = pc?.getSenders().find((s) => s.track?.kind === 'audio') ?? pc?.getTransceivers().find((t) => t.receiver.track.kind === 'audio')?.sender;
    if (!sender) throw new Error('No audio sender.');
    const previous = sender.track;
    track.enabled = !this.isHeld && !this.muted;
    await sender.replaceTrack(track);
    previous?.stop();
  }

  /** Tells the core of a REFER (checked, and maybe already refused); refused when nobody listens. */
  referred(referral: IncomingReferral): void {
    if (this.delegate?.onRefer) this.delegate.onRefer(referral);
    else referral.refuse();
  }
}

class SipjsStack implements SipStack {
  /** Each session's microphone, possibly still opening (see createSession). */
  readonly streams = new WeakMap<Session, Promise<MediaStream>>();
  private readonly sessions = new Map<Session, SipjsSession>();
  private readonly ua: UserAgent;
  private registerer: Registerer;
  /** A REGISTER was in flight when the connection went: its answer can never arrive (RFC 7118 §5: responses come back on the same connection). */
  private registrationStale = false;
  /** Rejects requests still waiting for an answer when the connection goes. */
  private readonly onLoss = new Set<(error: Error) => void>();
  /** Connections opened so far: tells which connection something happened on. */
  connections = 0;
  /** How long a request may wait for its final answer (ms; SipStackOptions.responseTimeout). */
  get responseTimeout(): number {
    return this.options.responseTimeout ?? 5_000;
  }
  /** RFC 4028 session timers of every call. */
  readonly sessionTimer: SessionTimerSettings;
  /** Shared by this phone's calls: a STUN/TURN server that stays silent is waited for once, not per call. */
  private readonly iceHealth = new IceServerHealth();
  /** Read when each call's peer connection is made, so refreshed TURN credentials apply to new calls. */
  private iceServers: readonly RTCIceServer[];
  /** The peer-connection configuration {@link checkIceServers} last found usable. */
  private iceChecked: string | undefined;

  constructor(private readonly options: SipStackOptions) {
    this.iceServers = options.iceServers;
    this.sessionTimer = options.sessionTimer;
    const uri = UserAgent.makeURI(options.uri);
    if (!uri) throw new Error('Invalid SIP URI.');
    this.ua = new UserAgent({
      uri,
      // Our own transport: sip.js's cannot change servers (failover) or drop a dead socket.
      transportConstructor: WebSocketTransport,
      transportOptions: {
        server: options.server,
        connectionTimeout: this.responseTimeout,
        responseTimeout: this.responseTimeout,
        trace: options.traceSip ? (direction, message) => options.log('debug', `${direction}:\n${message}`) : undefined,
      } satisfies WebSocketTransportOptions,
      authorizationUsername: options.authorizationUsername ?? uri.user ?? '',
      authorizationPassword: options.password ?? '',
      displayName: quotedDisplayName(options.displayName ?? ''),
      instanceId: options.instanceId,
      instanceIdAlwaysAdded: true,
      userAgentString: options.userAgentString,
      sipExtensionReplaces: SIPExtension.Supported,
      // RFC 4028 §3: session timers (session-timer.ts).
      sipExtensionExtraSupported: ['timer'],
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => options.log(level, `${category}: ${content}`),
      sessionDescriptionHandlerFactory: this.handlerFactory(),
      delegate: {
        onConnect: () => {
          this.connections++;
          options.delegate.onConnectionChange(true);
        },
        onDisconnect: (error) => {
          this.connectionLost();
          options.delegate.onConnectionChange(false, error);
        },
        onInvite: (invitation) => {
          const refusal = replacesRefusal(invitation);
          const minSe = tooSmall(invitation.request, this.sessionTimer);
          // RFC 4028 §9: an interval below our Min-SE is refused with 422 and our Min-SE.
          const extraHeaders = refusal === undefined && minSe !== undefined ? [`Min-SE: ${minSe}`] : [];
          if (refusal === undefined && minSe === undefined) options.delegate.onIncoming(this.wrap(invitation));
          else void invitation.reject({ statusCode: refusal ?? 422, extraHeaders }).catch(() => undefined);
        },
        onMessage: (message) => {
          void message.accept().catch(() => undefined);
          options.delegate.onMessage?.(message.request.getHeader('Content-Type') ?? '', message.request.body, message.request.from.uri.toString());
        },
      },
    });
    this.registerer = this.createRegisterer();
    this.receiveUpdates();
    this.screenReceived();
    retryAfter422(this.ua.userAgentCore, this.sessionTimer);
  }

  /**
   * sip.js 0.21 does not implement UPDATE (the kit's build lists it in Allow, see
   * scripts/sipjs-allow-update.mjs): every UPDATE is taken here before sip.js sees it. Those
   * of our calls' dialogs are answered (in-dialog-update.ts); any other gets 481 (RFC 3311
   * §5.2: UPDATE exists only inside a dialog).
   */
  private receiveUpdates(): void {
    const core = this.ua.userAgentCore;
    const receive = core.receiveIncomingRequestFromTransport.bind(core);
    core.receiveIncomingRequestFromTransport = (message) => {
      if (message.method !== 'UPDATE') {
        receive(message);
        return;
      }
      const target = this.inDialog(message);
      if (!target) {
        core.replyStateless(message, { statusCode: 481 });
        return;
      }
      void answerUpdate(core, target, message);
    };
  }

  /**
   * What sip.js would mishandle, taken before it reads the message: `tel:` From and To URIs
   * are read as SIP URIs, and written back in what the kit sends (tel-uri.ts); a Contact loses
   * its URI headers, or its request is refused 400 when sip.js cannot read it, and is what the
   * kit's requests are sent to, escapes and all (contact-uri.ts);
   * a registrar's grant is bounded (register-expires.ts);
   * REFERs it cannot read (transfer-requests.ts screenRefer) are answered here, 400 or 403
   * (RFC 3515 §2.4.2), and reported to the call they came in.
   */
  private screenReceived(): void {
    const transport = this.transport;
    const deliver = transport.onMessage;
    const tels = new TelUris(this.ua.configuration.uri.host);
    const targets = new RemoteTargets();
    const send = transport.send.bind(transport);
    transport.send = (message) => send(targets.restore(tels.restore(message)));
    transport.onMessage = (received) => {
      const contact = screenContact(boundRegisterExpires(tels.read(received), REGISTER_EXPIRES), this.ua.getLogger('sip.Parser'));
      if (contact.unreadable) {
        this.ua.userAgentCore.replyStateless(contact.unreadable, { statusCode: 400, reasonPhrase: 'Bad Contact' });
        return;
      }
      const text = contact.text;
      targets.read(text);
      const screened = screenRefer(text);
      const message = screened && Core.Parser.parseMessage(screened.stripped, this.ua.getLogger('sip.Parser'));
      if (!screened || !(message instanceof Core.IncomingRequestMessage)) {
        deliver?.(text);
        return;
      }
      const target = this.inDialog(message);
      // RFC 3261 §12.2.2: a request naming a dialog we do not have is answered 481.
      const statusCode = message.toTag && !target ? 481 : screened.status;
      this.ua.userAgentCore.replyStateless(message, { statusCode });
      if (target?.session.state === SessionState.Established) target.referred(refusedReferral(target.session, screened.refused));
    };
  }

  /** The call whose dialog an in-dialog request names. */
  private inDialog(message: Core.IncomingRequestMessage): SipjsSession | undefined {
    return [...this.sessions.values()].find(({ session }) => {
      const dialog = session.dialog;
      return dialog?.callId === message.callId && dialog.localTag === message.toTag && dialog.remoteTag === message.fromTag;
    });
  }

  private createRegisterer(): Registerer {
    const registerer = new Registerer(this.ua, { expires: REGISTER_EXPIRES, extraHeaders: [...this.options.registerHeaders] });
    registerer.stateChange.addListener((state) => {
      if (registerer === this.registerer) this.options.delegate.onRegistrationChange(state === RegistererState.Registered);
    });
    return registerer;
  }

  private get transport(): WebSocketTransport {
    return this.ua.transport as WebSocketTransport;
  }

  /** The connection went: requests waiting for answers on it will not get them. */
  private connectionLost(): void {
    this.registrationStale = true;
    const error = new Error('The connection to the server was lost.');
    for (const fail of this.onLoss) fail(error);
  }

  /** `promise`, or a rejection as soon as the connection is lost while it is pending. */
  private untilLost<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.onLoss.add(reject);
      promise.then(resolve, reject).finally(() => this.onLoss.delete(reject));
    });
  }

  private peerConnectionConfiguration(): RTCConfiguration {
    return { bundlePolicy: 'balanced', rtcpMuxPolicy: 'require', iceServers: [...this.iceServers], iceTransportPolicy: this.options.iceTransportPolicy };
  }

  /** Throws `invalid-configuration` when this browser refuses the calls' STUN/TURN servers; checked once per set of servers. */
  checkIceServers(): void {
    const configuration = this.peerConnectionConfiguration();
    const key = JSON.stringify(configuration);
    if (key === this.iceChecked) return;
    checkIceConfiguration(configuration);
    this.iceChecked = key;
  }

  private handlerFactory(): SessionDescriptionHandlerFactory {
    const { iceGatheringTimeout } = this.options;
    return (session) => {
      const mediaStreamFactory = (): Promise<MediaStream> =>
        this.streams.get(session) ?? Promise.reject(new DOMException('No local audio for this call.', 'NotFoundError'));
      return new KitSessionDescriptionHandler(
        session.userAgent.getLogger('sip.SessionDescriptionHandler'),
        mediaStreamFactory,
        {
          iceGatheringTimeout,
          // Never sip.js's default (a public STUN server): only what the app configured.
          peerConnectionConfiguration: this.peerConnectionConfiguration(),
        },
        this.iceHealth,
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

  get server(): string {
    return this.transport.server;
  }

  async connect(server?: string): Promise<void> {
    const transport = this.transport;
    if (server !== undefined && server !== transport.server) {
      // Leaving a server (failover or back to the first one): take our binding off it first
      // (RFC 3261 §10.2.2) so it stops routing calls to a connection that is about to close.
      if (transport.isConnected()) {
        await this.unregister().catch(() => undefined);
        await transport.disconnect();
      }
      transport.server = server;
    }
    await (this.ua.state === 'Started' ? this.ua.reconnect() : this.ua.start());
  }

  ping(): Promise<void> {
    if (!this.transport.isConnected()) return Promise.reject(new Error('Not connected.'));
    // OPTIONS with Max-Forwards 0 is answered by the first hop itself (RFC 3261 §11, §16.3
    // item 2), whatever the answer code: any answer proves the connection alive.
    const core = this.ua.userAgentCore;
    const aor = core.configuration.aor;
    const target = aor.clone();
    target.user = undefined;
    const request = core.makeOutgoingRequestMessage('OPTIONS', target, aor, target, {});
    request.setHeader('max-forwards', '0');
    return this.untilLost(
      new Promise<void>((resolve) => {
        core.request(request, { onAccept: () => resolve(), onReject: () => resolve() });
      }),
    );
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
        await this.untilLost(requestOutcome((requestDelegate) => this.registerer.register({ requestDelegate })));
        this.registrationStale = false;
        return;
      } catch (error) {
        if (!(error instanceof RequestPendingError) || Date.now() > deadline) throw error;
        if (this.registrationStale) {
          // The pending REGISTER went out on a connection that is gone; sip.js would wait
          // Timer F (32 s) for it. A new Registerer sends the same Contact at once; the old
          // one is released (it sends nothing more: it is not registered).
          void this.registerer.dispose().catch(() => undefined);
          this.registerer = this.createRegisterer();
          this.registrationStale = false;
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async unregister(): Promise<void> {
    if (this.registerer.state !== RegistererState.Registered) return;
    await this.untilLost(requestOutcome((requestDelegate) => this.registerer.unregister({ requestDelegate })));
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

  createSession(targetUri: string, localStream: Promise<MediaStream>, extraHeaders: readonly string[]): SipSession {
    const uri = UserAgent.makeURI(targetUri);
    if (!uri) throw new Error('Invalid target URI.');
    this.checkIceServers();
    // earlyMedia: a 183 with SDP (RFC 3261 §13.2.1) plays before the answer. sip.js then
    // refuses a 2xx from another fork than the one that sent it (one WebRTC offer cannot
    // serve two answerers), which only matters if two forks both send early media.
    const inviter = new Inviter(this.ua, uri, { extraHeaders: [...extraHeaders, ...inviteTimerHeaders(this.sessionTimer)], earlyMedia: true });
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
