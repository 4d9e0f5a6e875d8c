import { Web, type BodyAndContentType, type SessionDescriptionHandlerModifier } from 'sip.js';
import { audioDirection, holdsUs, offerAsAnswer, offerDirection } from './sdp-direction.js';
import { sdpExcess } from './sdp-limits.js';

type Logger = ConstructorParameters<typeof Web.SessionDescriptionHandler>[0];
type Configuration = ConstructorParameters<typeof Web.SessionDescriptionHandler>[2];

/** Candidate types a configured STUN/TURN server yields. */
type ServerCandidateType = 'srflx' | 'relay';

/**
 * The candidate types that show `iceServers` at work: a relay candidate when a TURN server
 * is configured (behind a symmetric NAT only the relay connects, so a server-reflexive
 * candidate from the same server is not enough), else a server-reflexive one.
 */
export function serverCandidateTypes(iceServers: readonly RTCIceServer[]): readonly ServerCandidateType[] {
  const urls = iceServers.flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls]));
  if (urls.some((url) => /^turns?:/i.test(url))) return ['relay'];
  return urls.length > 0 ? ['srflx', 'relay'] : [];
}

/**
 * True when every media section of `sdp` that needs its own transport carries a candidate
 * whose type `accepts`. Rejected sections (port 0) and `a=bundle-only` sections use the
 * transport of their BUNDLE group (RFC 8843 §7.5) and carry no candidates of their own.
 */
export function everySectionHasCandidate(sdp: string, accepts: (type: string) => boolean): boolean {
  const sections = sdp
    .split(/\r?\n(?=m=)/)
    .slice(1)
    .filter((section) => !/^m=\S+ 0 /.test(section) && !/\r?\na=bundle-only\b/.test(section));
  return (
    sections.length > 0 &&
    sections.every((section) =>
      section.split(/\r?\n/).some((line) => {
        // Component 1 (RTP) only: calls multiplex RTCP on it (rtcpMuxPolicy 'require', RFC 5761 §5.1.3),
        // so a component-2 candidate carries nothing. Firefox gathers those all the same, and with
        // a TURN server its RTCP relay candidate can come first.
        const type = /^a=candidate:\S+ 1 .* typ (\S+)/.exec(line)?.[1];
        return type !== undefined && accepts(type);
      }),
    )
  );
}

const serverKey = (iceServers: readonly RTCIceServer[]): string => JSON.stringify(iceServers.map((server) => server.urls));

/**
 * What the calls of one phone have seen of its STUN/TURN servers, shared by their
 * handlers. A server that gave no candidate within a whole gathering timeout is taken as
 * unreachable (a firewall dropping UDP 3478 looks exactly like that), and later calls stop
 * waiting for it, instead of each paying the timeout again. Every call keeps gathering
 * after its description is sent, so a server that answers late makes the next calls wait
 * for it again. Changing the server list (not just refreshed credentials) starts afresh.
 */
export class IceServerHealth {
  private key = '';
  private reachable = true;

  /** Whether to wait for candidates from `iceServers` at all. */
  expectsCandidates(iceServers: readonly RTCIceServer[]): boolean {
    this.select(iceServers);
    return this.reachable;
  }

  /** A server candidate arrived (however late). */
  answered(iceServers: readonly RTCIceServer[]): void {
    this.select(iceServers);
    this.reachable = true;
  }

  /** A gathering ran its whole timeout, or finished, without a server candidate. */
  silent(iceServers: readonly RTCIceServer[]): void {
    this.select(iceServers);
    this.reachable = false;
  }

  private select(iceServers: readonly RTCIceServer[]): void {
    const key = serverKey(iceServers);
    if (key === this.key) return;
    this.key = key;
    this.reachable = true;
  }
}

/**
 * sip.js's web handler with an earlier "good enough" point for non-trickle ICE.
 *
 * sip.js sends an offer or answer only once ICE gathering completes or its timeout
 * fires. In Chromium the UDP host candidate arrives a few ms after setLocalDescription but
 * the TCP host candidate ~120 ms later, and that wait is most of sip.js's call setup time
 * (README, Performance). The TCP one is `tcptype active` with port 9: per RFC 6544 §4.5 the
 * peer never connects to it (our agent opens the connection and the peer learns it as
 * peer-reflexive), so leaving it out of the SDP loses no path. This handler sends as soon as
 *
 * - every media section has a candidate, when no STUN/TURN server is configured;
 * - every media section has a relay (TURN configured) or server-reflexive candidate, when
 *   servers are configured and {@link IceServerHealth} has not seen them fail: a host
 *   candidate alone does not cross a NAT. A host candidate suffices once they have;
 * - our connectivity checks already succeeded (an answerer whose checks reached the
 *   offerer's candidates: the offerer learns our address as peer-reflexive, RFC 8445 §7.3.1.3).
 *
 * sip.js's `iceGatheringTimeout` still bounds the wait, so a dead server costs at most one
 * timeout per phone rather than one per call.
 */
export class KitSessionDescriptionHandler extends Web.SessionDescriptionHandler {
  /** Called with the ICE connection state of this call's media. */
  onIceStateChange: ((state: RTCIceConnectionState) => void) | undefined;
  /** Called when the peer puts us on hold or takes us off it (its offer's direction). */
  onRemoteHoldChange: ((held: boolean) => void) | undefined;
  /** The peer's last offer put us on hold (RFC 3264 §8.4). */
  remoteHolds = false;
  /** The last negotiated state, restored when a re-offer is refused (see rollbackDescription). */
  private stable: { local: RTCSessionDescriptionInit; remote: RTCSessionDescriptionInit; directions: RTCRtpTransceiverDirection[] } | undefined;

  private readonly iceServers: readonly RTCIceServer[];
  private readonly serverTypes: readonly string[];
  /** A server candidate arrived on this connection. */
  private serverCandidateSeen = false;
  /** The current wait was ended because checks succeeded, which says nothing about the servers. */
  private connectedEarly = false;
  private waiting = false;
  /** The description being made is the call's first offer. */
  private firstOffer = false;
  /** The microphone of the first offer, while it opens. */
  private openingMedia: Promise<void> | undefined;

  constructor(
    logger: Logger,
    mediaStreamFactory: Web.MediaStreamFactory,
    configuration: Configuration,
    private readonly health: IceServerHealth,
  ) {
    super(logger, mediaStreamFactory, configuration);
    this.iceServers = configuration?.peerConnectionConfiguration?.iceServers ?? [];
    this.serverTypes = serverCandidateTypes(this.iceServers);
    this.peerConnectionDelegate = {
      onicecandidate: ({ candidate }) => {
        if (candidate?.type && this.serverTypes.includes(candidate.type)) {
          this.serverCandidateSeen = true;
          this.health.answered(this.iceServers);
        }
        if (this.waiting && this.hasUsableCandidates()) this.iceGatheringComplete();
      },
      oniceconnectionstatechange: () => {
        const state = this.peerConnection?.iceConnectionState;
        if (!state) return;
        if (this.waiting && (state === 'connected' || state === 'completed')) {
          this.connectedEarly = true;
          this.iceGatheringComplete();
        }
        this.onIceStateChange?.(state);
      },
    };
  }

  override async getDescription(options?: Web.SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<BodyAndContentType> {
    const pc = this.peerConnection;
    this.firstOffer = pc?.signalingState === 'stable' && pc.getTransceivers().length === 0;
    const description = await super.getDescription(options, modifiers);
    this.rememberStable();
    return description;
  }

  override async setDescription(sdp: string, options?: Web.SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<void> {
    const pc = this.peerConnection;
    const isOffer = pc === undefined || pc.signalingState === 'stable';
    // Our offer's direction, before the answer makes it current.
    const offered = pc?.getTransceivers()[0]?.direction;
    // Refused before the browser acts on it: sip.js then answers a re-INVITE 488 (RFC 3261
    // §21.4.26) and the call keeps its current session; a first offer fails the answer.
    const excess = sdpExcess(sdp);
    if (excess) throw new Error(`The peer's session description was refused: ${excess}.`);
    await super.setDescription(sdp, options, modifiers);
    this.rememberStable();
    // The peer's offer says whether it holds us; so does its answer to an offer of ours that
    // asked for audio both ways. Its answer to our hold offer says nothing about its own wish.
    if (isOffer || offered === 'sendrecv') this.setRemoteHolds(holdsUs(audioDirection(sdp)));
  }

  private setRemoteHolds(held: boolean): void {
    if (held === this.remoteHolds) return;
    this.remoteHolds = held;
    this.onRemoteHoldChange?.(held);
  }

  /**
   * A local offer's direction: hold offers `sendonly`, or `inactive` when the peer holds us
   * already; anything else offers `sendrecv` (RFC 3264 §8.4, RFC 6337 §5.3). sip.js derives
   * it from the transceiver's current direction instead, which after answering a peer's hold
   * (`recvonly`) would offer `recvonly` for a resume. Answers keep sip.js's rules.
   */
  protected override updateDirection(options?: Web.SessionDescriptionHandlerOptions): Promise<void> {
    const pc = this.peerConnection;
    if (pc?.signalingState !== 'stable') return super.updateDirection(options);
    const direction = offerDirection(options?.hold === true, this.remoteHolds);
    for (const transceiver of pc.getTransceivers()) if (transceiver.direction !== 'stopped') transceiver.direction = direction;
    return Promise.resolve();
  }

  private rememberStable(): void {
    const pc = this.peerConnection;
    if (pc?.signalingState !== 'stable' || !pc.localDescription || !pc.remoteDescription) return;
    this.stable = {
      local: pc.localDescription.toJSON() as RTCSessionDescriptionInit,
      remote: pc.remoteDescription.toJSON() as RTCSessionDescriptionInit,
      directions: pc.getTransceivers().map((transceiver) => transceiver.direction),
    };
  }

  /** Drops a peer's offer we could not answer (an UPDATE's, see in-dialog-update.ts). */
  async rollbackRemoteOffer(): Promise<void> {
    const pc = this.peerConnection;
    if (pc?.signalingState === 'have-remote-offer') await pc.setRemoteDescription({ type: 'rollback' }).catch(() => undefined);
  }

  /**
   * Undoes a local offer the peer refused (sip.js calls this on any non-2xx to a re-INVITE;
   * its own web handler has none, which leaves the connection in have-local-offer).
   *
   * Not by `setLocalDescription({type: 'rollback'})`: in Chromium (measured with 156) that
   * stops the call's incoming audio for good once the offer changed a transceiver's
   * direction. Instead the last negotiated state is negotiated again, locally: the old
   * directions are offered anew (same ICE credentials and fingerprint, so no restart) and
   * the peer's last description is applied as the answer — its answer when we offered last,
   * else its offer turned into an answer ({@link offerAsAnswer}). Only if that fails is the
   * offer rolled back.
   */
  async rollbackDescription(): Promise<void> {
    const pc = this.peerConnection;
    if (pc?.signalingState !== 'have-local-offer') return;
    const stable = this.stable;
    try {
      if (!stable) throw new Error('Nothing negotiated yet.');
      pc.getTransceivers().forEach((transceiver, index) => {
        const direction = stable.directions[index];
        if (direction && transceiver.direction !== 'stopped') transceiver.direction = direction;
      });
      await pc.setLocalDescription(await pc.createOffer());
      const answer: RTCSessionDescriptionInit =
        stable.local.type === 'offer' ? stable.remote : { type: 'answer', sdp: offerAsAnswer(stable.remote.sdp ?? '', stable.local.sdp ?? '') };
      await pc.setRemoteDescription(answer);
      this.rememberStable();
    } catch {
      if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
    }
  }

  /**
   * A call's first offer does not wait for the microphone: its audio transceiver is added
   * at once, so the offer is made and ICE gathering runs while the device opens (50–500 ms
   * for real devices). sip.js's addTrack later reuses that transceiver, as a sender that has
   * never sent is reused (W3C webrtc-pc, addTrack), and the offer leaves only once the
   * microphone is open: {@link waitForIceGatheringComplete} waits for both.
   */
  protected override getLocalMediaStream(options?: Web.SessionDescriptionHandlerOptions): Promise<void> {
    if (!this.firstOffer) return super.getLocalMediaStream(options);
    this.firstOffer = false;
    this.peerConnection?.addTransceiver('audio', { direction: 'sendrecv', streams: [this.localMediaStream] });
    const media = super.getLocalMediaStream(options);
    // Awaited (and its failure reported) by waitForIceGatheringComplete.
    media.catch(() => undefined);
    this.openingMedia = media;
    return Promise.resolve();
  }

  /** The microphone opens while the call is set up: if the call ended meanwhile, it is closed again. */
  protected override setLocalMediaStream(stream: MediaStream): Promise<void> {
    if (this.peerConnection) return super.setLocalMediaStream(stream);
    for (const track of stream.getTracks()) track.stop();
    return Promise.reject(new Error('Peer connection closed.'));
  }

  protected override async waitForIceGatheringComplete(restart?: boolean, timeout?: number): Promise<void> {
    const media = this.openingMedia;
    this.openingMedia = undefined;
    const waiting = super.waitForIceGatheringComplete(restart, timeout);
    this.waiting = true;
    this.connectedEarly = false;
    // Candidates may have arrived before sip.js started waiting. An ICE restart waits for
    // the new generation, which only the events that follow can tell.
    if (!restart && this.hasUsableCandidates()) this.iceGatheringComplete();
    try {
      // No microphone (denied, unplugged): the offer is never sent and the session ends.
      await Promise.all([waiting, media]);
    } finally {
      this.waiting = false;
    }
    // Ended by the timeout or by gathering finishing, without a candidate from the servers.
    if (!restart && !this.connectedEarly && !this.serverCandidateSeen && this.expectsServerCandidate()) this.health.silent(this.iceServers);
  }

  private expectsServerCandidate(): boolean {
    return this.serverTypes.length > 0 && this.health.expectsCandidates(this.iceServers);
  }

  private hasUsableCandidates(): boolean {
    const sdp = this.peerConnection?.localDescription?.sdp;
    if (!sdp) return false;
    const accepted = this.expectsServerCandidate() ? this.serverTypes : undefined;
    return everySectionHasCandidate(sdp, (type) => accepted === undefined || accepted.includes(type));
  }
}
