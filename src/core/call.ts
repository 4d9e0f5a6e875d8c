import type { DtmfMethod } from './call-options.js';
import { ERROR_CATALOGUE, ErrorCode, PhoneError, codeForCallStatus, toPhoneError } from './errors.js';
import type { QualityMonitor } from './quality/monitor.js';
import { MicrophoneWait } from './microphone-wait.js';
import { CallWarning, type CallQuality, type CallQualityDetail, type CallWarningDetail, type QualityOptions } from './quality/quality.js';
import { CALL_TRANSITIONS, CallDirection, CallEndReason, CallState } from './states.js';
import type { IncomingReferral, ProviderRequest, RemoteParty, SessionEndInfo, SipSession } from './sip/types.js';

/** An immutable view of a call, as published to elements through context. */
export interface CallSnapshot {
  readonly id: string;
  readonly direction: CallDirection;
  readonly state: CallState;
  readonly remote: RemoteParty;
  readonly held: boolean;
  /** The other side holds this call (its offer said `sendonly` or `inactive`, RFC 3264 §8.4). */
  readonly remoteHeld: boolean;
  /**
   * The call is not answered yet but the far end already sends audio (a 183 Session Progress
   * with SDP, RFC 3261 §13.2.1: a network's ringback, an announcement), which plays.
   */
  readonly earlyMedia: boolean;
  readonly muted: boolean;
  /**
   * The call is being recorded: the provider said so (RingCentral's 'record' action), so every
   * element and every tab shows it, whichever of them started it.
   */
  readonly recording: boolean;
  /**
   * When this ringing call answers by itself (ms since epoch): the caller asked for
   * auto-answer (intercom) and the app's `autoAnswer` policy allowed it. Undefined otherwise,
   * and once it is answered or the auto-answer is cancelled.
   */
  readonly autoAnswerAt: number | undefined;
  /** When the call was created (ms since epoch). */
  readonly createdAt: number;
  /** When it was answered. */
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
  readonly endReason: CallEndReason | undefined;
  /** Why the call failed or was refused (`busy`, `not-found`, `ice-failed`…), for the outcome the user sees. */
  readonly endCode: ErrorCode | undefined;
  /**
   * The provider's own identifiers of this call, to match it with the provider's records
   * (RingCentral: the REST call log, recordings and Call Control API); undefined when the
   * provider sent none.
   */
  readonly platformIds: CallPlatformIds | undefined;
  /** The last measurement of the call's audio path (every second while answered; docs/quality.md). */
  readonly quality: CallQuality | undefined;
  /** The warnings raised and not cleared yet: the quality monitor's, and `microphone-waiting` (docs/quality.md). */
  readonly warnings: readonly CallWarning[];
}

/** Identifiers a provider's platform gives a call (see `CallSnapshot.platformIds`). */
export interface CallPlatformIds {
  /** RingCentral's telephony session id (`s-…`), from `p-rc-api-ids: session-id=…`. */
  readonly telephonySessionId?: string;
  /** RingCentral's party id of this phone in that session (`p-…`), from `p-rc-api-ids: party-id=…`. */
  readonly partyId?: string;
}

/** The quality events a call fires through its phone. */
export interface CallQualityEvents {
  'call-quality': CallQualityDetail;
  'call-warning': CallWarningDetail;
  'call-warning-cleared': CallWarningDetail;
}

/** What a call needs from the phone that owns it. */
export interface CallHost {
  /** Normalises a dial string to a SIP URI; throws `invalid-target`. */
  targetUri(target: string): string;
  /** Opens the microphone chosen for calls. */
  acquireAudio(): Promise<MediaStream>;
  /** Whether the microphone opens without asking the user, so that a call may be set up meanwhile. */
  microphoneAllowed(): Promise<boolean>;
  /** Puts every other established call on hold before this one takes the line. */
  takeLine(call: Call): Promise<void>;
  /** The speaker device chosen for call audio ('' = system default). */
  audioOutputId(): string;
  readonly dtmfTransport: 'rfc4733' | 'info';
  /** Whether a CANCEL's Reason comes from a server that vouches for it (PhoneOptions.trustCancelReason). */
  readonly trustCancelReason: boolean;
  changed(call: Call, previous?: CallState): void;
  ended(call: Call, reason: CallEndReason, error: PhoneError | undefined): void;
  report(error: PhoneError, call: Call): void;
  /** The peer sent a DTMF tone by SIP INFO (RFC 4733 tones travel in RTP and are not seen here). */
  dtmfReceived(call: Call, tone: string): void;
  /** An in-dialog INFO or MESSAGE the call does not handle itself, for the credential source's hooks. */
  providerRequest(call: Call, request: ProviderRequest): void;
  /** An outgoing call got a provisional or 2xx response: the provider may read its headers ({@link Call.header}). */
  providerResponse(call: Call): void;
  /** The peer asked to transfer us (REFER). */
  referred(call: Call, referral: IncomingReferral): void;
  /** True while a re-INVITE can reach the peer: connected and, when wanted, registered. */
  canRenegotiate(): boolean;
  /** PhoneOptions.quality. */
  readonly quality: QualityOptions | undefined;
  /** A quality event: the phone publishes a snapshot, then fires it. */
  qualityEvent<K extends keyof CallQualityEvents>(name: K, detail: CallQualityEvents[K]): void;
}

/** `disconnected` that lasts longer than this is a broken path, not a blip (Chromium flags one after ~2.5 s without answers). */
const ICE_GRACE_MS = 3_000;
/** ICE restarts in a row that may fail to bring the media back before the call fails. */
const MAX_ICE_RESTARTS = 2;

const DTMF_TONES = /^[0-9A-D*#]+$/i;
// RFC 2833/4733 INFO body used by most PBXs when RTP events are not negotiated.
const dtmfInfoBody = (tone: string): string => `Signal=${tone}\r\nDuration=100\r\n`;

/** Maps a SIP reason of a CANCEL (RFC 3326) to an end reason; a caller can write any Reason, so only a `trusted` one counts. */
const cancelReason = (reason: string | undefined, trusted: boolean): CallEndReason =>
  trusted && reason && /cause=200\b/.test(reason) ? CallEndReason.AnsweredElsewhere : CallEndReason.Cancelled;

const REJECT_REASONS: Partial<Record<ErrorCode, CallEndReason>> = {
  busy: CallEndReason.Busy,
  declined: CallEndReason.RemoteDeclined,
  'not-found': CallEndReason.NotFound,
  'request-timeout': CallEndReason.Timeout,
  cancelled: CallEndReason.Cancelled,
};

/**
 * One call. State changes go through {@link Call.setState}, which enforces
 * {@link CALL_TRANSITIONS} and tells the owning phone.
 */
export class Call {
  readonly createdAt = Date.now();
  private currentState: CallState;
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private endReason: CallEndReason | undefined;
  private isHeld = false;
  private isRemoteHeld = false;
  private hasEarlyMedia = false;
  private isMuted = false;
  private isRecording = false;
  private endCode: ErrorCode | undefined;
  /** Set when this side ends the call, to tell our BYE/CANCEL from the peer's. */
  private localEnd: CallEndReason | undefined;
  private failure: PhoneError | undefined;
  private audio: HTMLAudioElement | undefined;
  private replacing = false;
  private replaceTimer: ReturnType<typeof setTimeout> | undefined;
  private iceTimer: ReturnType<typeof setTimeout> | undefined;
  /** ICE restarts since the media last worked. */
  private iceRestarts = 0;
  private iceState: RTCIceConnectionState | undefined;
  /** The caller's name as the provider knows it (RingCentral's P-rc header), over the From display name. */
  private providerDisplayName: string | undefined;
  /** Why the call is about to end when a provider's server ends it on our behalf. */
  private expectedEnd: CallEndReason | undefined;
  private platformIds: CallPlatformIds | undefined;
  /** This call's DTMF method, when it was placed with one (else the phone's). */
  private dtmfMethod: DtmfMethod | undefined;
  private monitor: QualityMonitor | undefined;
  private monitorLoading = false;
  /** The microphone a hidden tab waits for (Firefox): the `microphone-waiting` warning. */
  private readonly microphoneWait = new MicrophoneWait((raised) => this.warned(CallWarning.MicrophoneWaiting, raised, this.monitor?.quality));
  private autoAnswer: { readonly at: number; readonly timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(
    readonly id: string,
    readonly direction: CallDirection,
    private readonly session: SipSession,
    private readonly host: CallHost,
  ) {
    this.currentState = direction === CallDirection.Inbound ? CallState.Ringing : CallState.Dialing;
    session.delegate = {
      onProgress: (response) => {
        if (response.statusCode >= 180 && response.statusCode < 200 && this.currentState === CallState.Dialing) this.setState(CallState.Ringing);
        host.providerResponse(this);
      },
      onEstablished: () => this.onEstablished(),
      onEnded: (info) => this.onEnded(info),
      onRefer: (referral) => host.referred(this, referral),
      onRequest: (method, contentType, body) => {
        const tone = method === 'INFO' && /^application\/dtmf-relay/i.test(contentType) ? /^Signal\s*=\s*([0-9A-D*#])\s*$/im.exec(body)?.[1] : undefined;
        if (tone) host.dtmfReceived(this, tone.toUpperCase());
        else host.providerRequest(this, { method, contentType, body });
      },
      onIceStateChange: (state) => this.onIceState(state),
      onRemoteHold: (held) => {
        this.isRemoteHeld = held;
        this.host.changed(this);
      },
      onEarlyMedia: () => {
        if (this.currentState !== CallState.Dialing && this.currentState !== CallState.Ringing) return;
        this.hasEarlyMedia = true;
        this.playRemoteAudio();
        this.setState(CallState.Ringing);
        this.host.changed(this);
      },
    };
  }

  get state(): CallState {
    return this.currentState;
  }

  get remote(): RemoteParty {
    const remote = this.session.remote;
    return this.providerDisplayName === undefined ? remote : { ...remote, displayName: this.providerDisplayName };
  }

  get held(): boolean {
    return this.isHeld;
  }

  /** The call's media connection (for stats and diagnostics); undefined before media starts and after the end. */
  get peerConnection(): RTCPeerConnection | undefined {
    return this.session.peerConnection;
  }

  /** The `<audio>` element this call's remote audio plays through. */
  get audioElement(): HTMLAudioElement | undefined {
    return this.audio;
  }

  /** A header of the incoming INVITE, or of the latest 18x/2xx to ours; providers read their own headers with it. */
  header(name: string): string | undefined {
    return this.session.header(name);
  }

  /**
   * Shows `name` as the other party's name instead of the INVITE's From display name:
   * providers whose server knows better (RingCentral's caller name in `P-rc`) set it.
   * Untrusted text, like every display name.
   */
  setRemoteDisplayName(name: string): void {
    const clean = name
      .replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '')
      .trim()
      .slice(0, 128);
    if (!clean || clean === this.providerDisplayName) return;
    this.providerDisplayName = clean;
    this.host.changed(this);
  }

  /** Sets {@link CallSnapshot.platformIds}; a provider calls it with identifiers it has checked. */
  setPlatformIds(ids: CallPlatformIds): void {
    if (this.platformIds?.telephonySessionId === ids.telephonySessionId && this.platformIds?.partyId === ids.partyId) return;
    this.platformIds = Object.freeze({ ...ids });
    this.host.changed(this);
  }

  /**
   * Records why this call is about to end when a provider's server ends it on our
   * behalf (RingCentral CANCELs a call it sent to voicemail, or that another device took),
   * so `call-ended` reports that reason instead of a missed call. `undefined` withdraws it
   * (the server refused the command).
   */
  expectEnd(reason: CallEndReason | undefined): void {
    if (this.currentState !== CallState.Ended) this.expectedEnd = reason;
  }

  /** Sends this call's DTMF by `method` instead of the phone's `dtmfTransport` (undefined: the phone's). */
  useDtmf(method: DtmfMethod | undefined): this {
    this.dtmfMethod = method;
    return this;
  }

  get recording(): boolean {
    return this.isRecording;
  }

  /** Marks the call as recorded or not: the credential source calls it when its platform starts or stops a recording. */
  setRecording(on: boolean): void {
    if (this.isRecording === on || this.currentState === CallState.Ended) return;
    this.isRecording = on;
    this.host.changed(this);
  }

  /** Sends an in-dialog INFO on an answered call (provider call features); resolves on its 2xx. */
  async sendInfo(contentType: string, body: string): Promise<void> {
    this.require(this.currentState === CallState.Established, 'Only an answered call can carry this request.');
    await this.session.sendInfo(contentType, body);
  }

  snapshot(): CallSnapshot {
    return Object.freeze({
      id: this.id,
      direction: this.direction,
      state: this.currentState,
      remote: this.remote,
      held: this.isHeld,
      remoteHeld: this.isRemoteHeld,
      earlyMedia: this.hasEarlyMedia,
      muted: this.isMuted,
      recording: this.isRecording,
      autoAnswerAt: this.autoAnswer?.at,
      createdAt: this.createdAt,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      endReason: this.endReason,
      endCode: this.endCode,
      platformIds: this.platformIds,
      quality: this.monitor?.quality,
      warnings: Object.freeze([...(this.monitor?.warnings ?? []), ...(this.microphoneWait.waiting ? [CallWarning.MicrophoneWaiting] : [])]),
    });
  }

  async answer(): Promise<void> {
    this.require(this.direction === CallDirection.Inbound && this.currentState === CallState.Ringing, 'Only a ringing incoming call can be answered.');
    this.setState(CallState.Answering);
    try {
      const allowed = this.host.microphoneAllowed();
      await this.host.takeLine(this);
      const microphone = this.host.acquireAudio();
      microphone.catch(() => undefined);
      // Allowed already: the answer leaves while the microphone opens (see Phone.call).
      // Otherwise the user may yet refuse it, and the call keeps ringing if so.
      if (await allowed) {
        const accepted = this.session.accept(new MediaStream());
        this.useMicrophone(microphone, accepted);
        await accepted;
        return;
      }
      this.microphoneWait.watch(microphone);
      const stream = await microphone;
      // The caller may have hung up while the microphone prompt was open.
      if (this.state !== CallState.Answering) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      await this.session.accept(stream);
    } catch (error) {
      // Keep the call ringing so the user can retry once the microphone is allowed.
      if (this.state === CallState.Answering) this.setState(CallState.Ringing);
      throw toPhoneError(error, ErrorCode.CallFailed);
    }
  }

  /**
   * Answers this ringing call by itself in `delayMs` (auto-answer, src/core/auto-answer.ts),
   * unless it is answered, declined, cancelled or {@link cancelAutoAnswer}ed first.
   */
  answerIn(delayMs: number): void {
    if (this.currentState !== CallState.Ringing || this.direction !== CallDirection.Inbound || this.autoAnswer) return;
    const timer = setTimeout(() => {
      this.autoAnswer = undefined;
      this.answer().catch((error: unknown) => this.host.report(toPhoneError(error, ErrorCode.CallFailed), this));
    }, delayMs);
    this.autoAnswer = { at: Date.now() + delayMs, timer };
    this.host.changed(this);
  }

  /** Stops a pending auto-answer: the call rings on, for the user to answer or decline. */
  cancelAutoAnswer(): void {
    if (!this.stopAutoAnswer()) return;
    this.host.changed(this);
  }

  private stopAutoAnswer(): boolean {
    if (!this.autoAnswer) return false;
    clearTimeout(this.autoAnswer.timer);
    this.autoAnswer = undefined;
    return true;
  }

  /**
   * Declines an incoming call with 486 Busy Here, not 603 Decline: a 6xx ends every
   * forked branch (RFC 3261 §16.7), which would stop the user's other devices ringing.
   */
  async decline(): Promise<void> {
    this.require(this.direction === CallDirection.Inbound && this.currentState === CallState.Ringing, 'Only a ringing incoming call can be declined.');
    this.localEnd = CallEndReason.Declined;
    await this.session.reject(486);
  }

  /** Ends the call in whatever way its state needs (CANCEL, reject or BYE). */
  async hangup(): Promise<void> {
    if (this.currentState === CallState.Ended) return;
    this.localEnd ??= CallEndReason.LocalHangup;
    await this.session.terminate();
  }

  /**
   * Renegotiates the call (a re-INVITE; hold and mute stay) after the phone's connection
   * changed under it:
   * - `reconnected`: gives the peer our Contact on the new connection (RFC 3261 §12.2),
   *   without which its in-dialog requests (hold, BYE) cannot reach us; skipped when the
   *   peer's own re-INVITE already did. Media usually survives an outage (it never touches
   *   the SIP server), so ICE restarts only if it did not: after an outage a re-INVITE is
   *   often refused (the peer is reconnecting too), and Chromium drops the media of a call
   *   whose answerer rolls back a refused ICE-restart offer (measured: ICE back to `new`).
   * - `network`: the local address may have changed: ICE restarts (RFC 8445 §9).
   */
  async recoverMedia(after: 'reconnected' | 'network'): Promise<void> {
    this.require(this.currentState === CallState.Established, 'Only an answered call has media to recover.');
    const healthy = this.iceState === 'connected' || this.iceState === 'completed';
    await this.renegotiate({ iceRestart: after === 'network' || !healthy, unlessRenewed: after === 'reconnected' });
  }

  private async renegotiate(options: { iceRestart: boolean; unlessRenewed?: boolean }): Promise<void> {
    try {
      await this.session.renegotiate(options);
    } catch (error) {
      throw new PhoneError(ErrorCode.IceFailed, { message: 'The call’s audio connection could not be renewed.', cause: error });
    }
  }

  async hold(): Promise<void> {
    await this.setHold(true);
  }

  async unhold(): Promise<void> {
    await this.host.takeLine(this);
    await this.setHold(false);
  }

  private async setHold(held: boolean): Promise<void> {
    this.require(this.currentState === CallState.Established, 'Only an answered call can be held or resumed.');
    if (this.isHeld === held) return;
    // Not while reconnecting: the re-INVITE could not reach the peer.
    if (!this.host.canRenegotiate()) throw new PhoneError(ErrorCode.HoldFailed, { message: 'The phone is reconnecting to its server; try again in a moment.' });
    try {
      await this.session.setHold(held);
    } catch (error) {
      throw new PhoneError(ErrorCode.HoldFailed, { cause: error });
    }
    this.isHeld = held;
    this.host.changed(this);
  }

  mute(): void {
    this.setMuted(true);
  }

  unmute(): void {
    this.setMuted(false);
  }

  private setMuted(muted: boolean): void {
    this.require(this.currentState !== CallState.Ended, 'The call has ended.');
    if (this.isMuted === muted) return;
    this.isMuted = muted;
    this.session.setMuted(muted);
    this.host.changed(this);
  }

  /** Sends DTMF: RFC 4733 telephone-events when negotiated, otherwise SIP INFO (application/dtmf-relay). */
  async sendDtmf(tones: string): Promise<void> {
    if (!DTMF_TONES.test(tones)) throw new PhoneError(ErrorCode.DtmfFailed, { message: `Not DTMF tones: use 0-9, *, #, A-D.` });
    this.require(this.currentState === CallState.Established, 'Tones can only be sent on an answered call.');
    if ((this.dtmfMethod ?? this.host.dtmfTransport) === 'rfc4733' && this.session.sendDtmfRtp(tones)) return;
    try {
      for (const tone of tones) await this.session.sendInfo('application/dtmf-relay', dtmfInfoBody(tone));
    } catch (error) {
      throw new PhoneError(ErrorCode.DtmfFailed, { cause: error });
    }
  }

  /**
   * Transfers the other party: blind to a SIP URI, or attended to the party of another
   * call (REFER with Replaces, RFC 3891). This call ends once the peer accepts the REFER.
   */
  async transfer(target: string | Call): Promise<void> {
    this.require(this.currentState === CallState.Established, 'Only an answered call can be transferred.');
    const referTo = target instanceof Call ? target.session : this.host.targetUri(target);
    try {
      await this.session.refer(referTo);
    } catch (error) {
      throw new PhoneError(ErrorCode.TransferFailed, { cause: error });
    }
    this.localEnd = CallEndReason.Transferred;
    await this.session.terminate();
    if (target instanceof Call) target.endAfterReplaced();
  }

  /**
   * The consultation call of an attended transfer: the transfer target ends it itself once
   * the transferee's INVITE with Replaces arrives (RFC 5589 §7); hanging up first would
   * make that INVITE fail with 481. Hang up only if that has not happened within Timer B
   * (64·T1 = 32 s, RFC 3261 §17.1.1.2), the longest the transferee's INVITE can take.
   */
  private endAfterReplaced(): void {
    this.localEnd = CallEndReason.Transferred;
    this.replaceTimer = setTimeout(() => void this.hangup().catch(() => undefined), 32_000);
  }

  /**
   * Called by the phone: an incoming INVITE with Replaces is taking this call over
   * (RFC 3891). The SIP stack ends it with its own BYE once the new call is answered,
   * which is a transfer, not a hang-up by the peer.
   */
  replacedBy(): void {
    this.replacing = true;
  }

  /** Moves this call's audio to another speaker. */
  async setAudioOutput(deviceId: string): Promise<void> {
    if (this.audio && 'setSinkId' in this.audio) await this.audio.setSinkId(deviceId);
  }

  /** Swaps the microphone without renegotiating. */
  async replaceMicrophone(track: MediaStreamTrack): Promise<void> {
    await this.session.replaceAudioTrack(track);
  }

  /**
   * Gives the call the microphone that opens while the call is set up (its offer or answer
   * left without it): the audio sender gets the track once `setUp` (the offer or answer
   * sent) settles. If the microphone cannot open, the call ends with that error.
   */
  useMicrophone(microphone: Promise<MediaStream>, setUp: Promise<unknown>): void {
    this.microphoneWait.watch(microphone);
    void Promise.allSettled([microphone, setUp]).then(async ([opened, sent]) => {
      if (opened.status === 'rejected') {
        this.fail(toPhoneError(opened.reason, ErrorCode.CallFailed));
        return;
      }
      const stream = opened.value;
      const [track] = stream.getAudioTracks();
      const close = (): void => stream.getTracks().forEach((t) => t.stop());
      // Not set up, or ended meanwhile: the call's own end says why.
      if (sent.status === 'rejected' || !track || this.currentState === CallState.Ended) {
        close();
        return;
      }
      await this.session.replaceAudioTrack(track).catch((error: unknown) => {
        close();
        this.fail(toPhoneError(error, ErrorCode.CallFailed));
      });
    });
  }

  private require(condition: boolean, message: string): asserts condition {
    if (!condition) throw new PhoneError(ErrorCode.InvalidState, { message });
  }

  private setState(next: CallState): void {
    const previous = this.currentState;
    if (previous === next) return;
    if (!CALL_TRANSITIONS[previous].includes(next)) return;
    this.currentState = next;
    // Answered (by hand or by the timer), or ended: nothing is left to answer by itself.
    if (next !== CallState.Ringing) this.stopAutoAnswer();
    this.host.changed(this, previous);
  }

  private onEstablished(): void {
    this.startedAt = Date.now();
    this.hasEarlyMedia = false;
    this.playRemoteAudio();
    this.setState(CallState.Established);
    this.startMonitor();
  }

  /**
   * Measures the answered call every second (src/core/quality), until it ends. The monitor is
   * a chunk of its own, loaded when the first call is answered: pages that never answer one
   * do not download it. Its first measurement is a second away, so loading costs no sample.
   */
  private startMonitor(): void {
    const options = this.host.quality;
    if (options?.enabled === false || this.monitor || this.monitorLoading) return;
    this.monitorLoading = true;
    void import('./quality/monitor.js').then(
      ({ QualityMonitor }) => {
        // The call may have ended while the chunk loaded: nothing to measure then.
        if (this.currentState === CallState.Ended) return;
        this.createMonitor(QualityMonitor, options);
      },
      // A chunk that fails to load (network gone) leaves the call unmeasured: quality is advisory, the call goes on.
      () => undefined,
    );
  }

  private createMonitor(Monitor: typeof QualityMonitor, options: QualityOptions | undefined): void {
    const quality = (this.monitor = new Monitor(
      {
        source: () => this.session.peerConnection,
        quiet: () => ({ microphone: this.isMuted, both: this.isHeld || this.isRemoteHeld }),
        sampled: (sample) => this.host.qualityEvent('call-quality', { callId: this.id, quality: sample }),
        warning: (warning, raised, sample) => this.warned(warning, raised, sample),
      },
      { thresholds: options?.thresholds, eventEvery: Math.round((options?.eventInterval ?? 5_000) / 1_000) },
    ));
    quality.start();
  }

  private warned(warning: CallWarning, raised: boolean, quality: CallQuality | undefined): void {
    this.host.qualityEvent(raised ? 'call-warning' : 'call-warning-cleared', { callId: this.id, warning, quality });
    // The snapshot's `warnings` changed: a call update as for hold or mute (a sample alone, every second, is none).
    this.host.changed(this);
  }

  private playRemoteAudio(): void {
    const stream = this.session.remoteStream;
    // Early media already plays this stream: the answer keeps the same one (RFC 3261 §13.2.1).
    if (!stream || this.audio?.srcObject === stream) return;
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.srcObject = stream;
    this.audio = audio;
    const output = this.host.audioOutputId();
    if (output) void this.setAudioOutput(output).catch(() => undefined);
    audio.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === 'NotAllowedError')
        this.host.report(new PhoneError(ErrorCode.AudioPlaybackBlocked, { cause: error }), this);
    });
  }

  /**
   * The media path broke (ICE `failed`, or `disconnected` for longer than a blip: a new local
   * address after a network change does that). An answered call restarts ICE while the
   * signalling works; while it does not, the phone restarts it once reconnected. The call
   * fails when restarts do not bring the media back, or before it was answered.
   */
  private onIceState(state: RTCIceConnectionState): void {
    this.iceState = state;
    clearTimeout(this.iceTimer);
    if (this.currentState === CallState.Ended) return;
    if (state === 'connected' || state === 'completed') this.iceRestarts = 0;
    else if (state === 'disconnected' && this.currentState === CallState.Established) this.iceTimer = setTimeout(() => this.mediaBroken(), ICE_GRACE_MS);
    else if (state === 'failed') this.mediaBroken();
  }

  private mediaBroken(): void {
    if (this.currentState === CallState.Ended) return;
    if (this.currentState === CallState.Established && this.iceRestarts < MAX_ICE_RESTARTS) {
      if (!this.host.canRenegotiate()) return;
      this.iceRestarts++;
      this.renegotiate({ iceRestart: true }).then(
        () => this.awaitRestart(),
        () => this.failMedia(),
      );
      return;
    }
    this.failMedia();
  }

  /**
   * A restart whose new checks cannot start (no candidate of the new generation reaches the
   * peer) leaves ICE `disconnected` and Chromium reports no further change (measured: no
   * `checking`, no `failed`), so the grace period starts again from the answer.
   */
  private awaitRestart(): void {
    if (this.iceState !== 'disconnected' || this.currentState !== CallState.Established) return;
    clearTimeout(this.iceTimer);
    this.iceTimer = setTimeout(() => this.mediaBroken(), ICE_GRACE_MS);
  }

  private failMedia(): void {
    this.fail(new PhoneError(ErrorCode.IceFailed));
  }

  /** Ends the call because of `error`, which call-ended and rc-error report. */
  private fail(error: PhoneError): void {
    if (this.currentState === CallState.Ended) return;
    this.failure = error;
    void this.session.terminate().catch(() => undefined);
  }

  private onEnded(info: SessionEndInfo): void {
    if (this.currentState === CallState.Ended) return;
    clearTimeout(this.replaceTimer);
    clearTimeout(this.iceTimer);
    this.monitor?.stop();
    this.microphoneWait.stop(true);
    const { reason, error } = this.endOutcome(info);
    if (this.audio) {
      this.audio.pause();
      this.audio.srcObject = null;
      this.audio = undefined;
    }
    this.endedAt = Date.now();
    this.endReason = reason;
    this.endCode = error?.code;
    this.setState(CallState.Ended);
    this.host.ended(this, reason, error);
  }

  private endOutcome(info: SessionEndInfo): { reason: CallEndReason; error?: PhoneError } {
    if (this.failure) return { reason: CallEndReason.Failed, error: this.failure };
    if (info.sessionExpired) return { reason: CallEndReason.Failed, error: new PhoneError(ErrorCode.SessionExpired) };
    if (this.expectedEnd) return { reason: this.expectedEnd };
    if (info.cancelled) return { reason: cancelReason(info.cancelled.reason, this.host.trustCancelReason) };
    if (this.localEnd) return { reason: this.localEnd };
    if (info.byRemoteBye) return { reason: CallEndReason.RemoteHangup };
    if (this.replacing) return { reason: CallEndReason.Transferred };
    if (info.rejectedWith) {
      const { statusCode, reasonPhrase } = info.rejectedWith;
      const code = codeForCallStatus(statusCode);
      const error = new PhoneError(code, { statusCode, message: `${ERROR_CATALOGUE[code].message} (${statusCode} ${reasonPhrase})` });
      return { reason: REJECT_REASONS[code] ?? CallEndReason.Failed, error };
    }
    if (info.error !== undefined) return { reason: CallEndReason.Failed, error: toPhoneError(info.error, ErrorCode.CallFailed) };
    return { reason: this.direction === CallDirection.Inbound && this.startedAt === undefined ? CallEndReason.Cancelled : CallEndReason.RemoteHangup };
  }
}
