import { Web } from 'sip.js';

type Logger = ConstructorParameters<typeof Web.SessionDescriptionHandler>[0];
type Configuration = ConstructorParameters<typeof Web.SessionDescriptionHandler>[2];

/**
 * sip.js's web handler with an earlier "good enough" point for non-trickle ICE.
 *
 * sip.js sends the offer/answer only when ICE gathering completes or its timeout fires.
 * Chromium yields UDP host candidates ~10 ms after setLocalDescription but TCP host
 * candidates ~130 ms later (README, Performance), so waiting for "complete" is most
 * of call setup time. We proceed as soon as every media section has a usable candidate:
 * any candidate when no ICE servers are configured; a server-reflexive or relay one when
 * they are (a host candidate alone would not cross a NAT). The timeout still bounds the
 * wait, so a dead STUN/TURN server cannot stall a call.
 */
export class KitSessionDescriptionHandler extends Web.SessionDescriptionHandler {
  /** Called with the ICE connection state of this call's media. */
  onIceStateChange: ((state: RTCIceConnectionState) => void) | undefined;

  constructor(
    logger: Logger,
    mediaStreamFactory: Web.MediaStreamFactory,
    configuration: Configuration,
    private readonly wantsServerCandidate: boolean,
  ) {
    super(logger, mediaStreamFactory, configuration);
    this.peerConnectionDelegate = {
      onicecandidate: () => {
        if (this.hasUsableCandidates()) this.iceGatheringComplete();
      },
      oniceconnectionstatechange: () => {
        const state = this.peerConnection?.iceConnectionState;
        if (state) this.onIceStateChange?.(state);
      },
    };
  }

  protected override waitForIceGatheringComplete(restart?: boolean, timeout?: number): Promise<void> {
    const waiting = super.waitForIceGatheringComplete(restart, timeout);
    // Candidates may have arrived before sip.js started waiting.
    if (!restart && this.hasUsableCandidates()) this.iceGatheringComplete();
    return waiting;
  }

  private hasUsableCandidates(): boolean {
    const sdp = this.peerConnection?.localDescription?.sdp;
    if (!sdp) return false;
    const sections = sdp.split(/\r?\nm=/).slice(1);
    const usable = this.wantsServerCandidate ? / typ (srflx|relay)\b/ : / typ \w+/;
    return sections.length > 0 && sections.every((section) => section.split(/\r?\n/).some((line) => line.startsWith('a=candidate:') && usable.test(line)));
  }
}
