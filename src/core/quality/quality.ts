/**
 * What the quality monitor measures and warns about, and the thresholds it warns at. The
 * defaults and their sources are explained in docs/quality.md.
 */

/**
 * Warnings a call raises while its quality is poor, and clears once it recovers
 * (Twilio Voice's call warnings are the model; its names where they match).
 */
export const QualityWarning = {
  /** The round-trip time is above `maxRtt`. */
  HighRtt: 'high-rtt',
  /** The jitter of the audio received is above `maxJitter`. */
  HighJitter: 'high-jitter',
  /** More than `maxPacketLoss` of the packets (either way) were lost over the loss window. */
  HighPacketLoss: 'high-packet-loss',
  /** The MOS estimate is below `minMos`. */
  LowMos: 'low-mos',
  /** No audio packet arrived for `noAudioSeconds` (and the call is not on hold). */
  NoAudioReceived: 'no-audio-received',
  /** The microphone sent only silence for `silentMicrophoneSeconds` while not muted. */
  MicrophoneSilent: 'microphone-silent',
  /** The microphone's level did not move at all for `stuckMicrophoneSeconds` (a stuck or broken input). */
  MicrophoneStuck: 'microphone-stuck',
  /** ICE lost the media path (`disconnected` or `failed`). */
  IceDisconnected: 'ice-disconnected',
} as const;
export type QualityWarning = (typeof QualityWarning)[keyof typeof QualityWarning];

/** Every warning a call raises: the quality monitor's, and those not measured from its stats. */
export const CallWarning = {
  ...QualityWarning,
  /** The call's microphone is still opening while its tab is hidden: Firefox opens it only once the user selects that tab (core/microphone-wait.ts). */
  MicrophoneWaiting: 'microphone-waiting',
} as const;
export type CallWarning = (typeof CallWarning)[keyof typeof CallWarning];

/** Where a call's media goes: the ICE candidate pair in use (W3C webrtc-stats `RTCIceCandidatePairStats`). */
export interface CallRoute {
  /** `host`, `srflx`, `prflx` or `relay` (through a TURN server). */
  readonly local: string;
  readonly remote: string;
  /** `udp` or `tcp`: how the packets leave this browser. */
  readonly protocol: string;
  /** How this browser reaches its TURN server, on a `relay` route. */
  readonly relayProtocol: string | undefined;
}

/** One measurement of a call's audio path. Times in ms; levels and loss 0…1. */
export interface CallQuality {
  /** When it was measured (ms since epoch). */
  readonly at: number;
  /** Mean opinion score estimate, 1…4.5 (ITU-T G.107 E-model), once RTT and jitter are known. */
  readonly mos: number | undefined;
  readonly rtt: number | undefined;
  /** Interarrival jitter of the audio received (RFC 3550 §6.4.1). */
  readonly jitter: number | undefined;
  /** Packets lost over the loss window, the worse of the two directions. */
  readonly packetLoss: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Level of the audio received. */
  readonly audioLevelIn: number | undefined;
  /**
   * Level of the microphone: `media-source` audioLevel where the browser reports it (Chromium);
   * where it does not (Firefox), the RMS of the call's outgoing track, measured with Web Audio
   * on the same scale (1.0 = 0 dBov). Undefined while it cannot be measured (no track yet, or
   * the browser has not let the page start an AudioContext: no user gesture yet), and then no
   * `microphone-silent` or `microphone-stuck` warning.
   */
  readonly audioLevelOut: number | undefined;
  readonly route: CallRoute | undefined;
  /** The audio codec in use (e.g. `audio/opus`). */
  readonly codec: string | undefined;
}

/** When a warning is raised. A warning clears with hysteresis (see docs/quality.md). */
export interface QualityThresholds {
  /** ms (default 250). */
  readonly maxRtt: number;
  /** ms (default 30). */
  readonly maxJitter: number;
  /** 0…1 (default 0.03). */
  readonly maxPacketLoss: number;
  /** Default 3.5. */
  readonly minMos: number;
  /** Default 3. */
  readonly noAudioSeconds: number;
  /** Default 4. */
  readonly silentMicrophoneSeconds: number;
  /** Default 10. */
  readonly stuckMicrophoneSeconds: number;
  /** Seconds of the sliding window packet loss is measured over (default 5). */
  readonly lossWindowSeconds: number;
}

export const QUALITY_DEFAULTS: QualityThresholds = Object.freeze({
  maxRtt: 250,
  maxJitter: 30,
  maxPacketLoss: 0.03,
  minMos: 3.5,
  noAudioSeconds: 3,
  silentMicrophoneSeconds: 4,
  stuckMicrophoneSeconds: 10,
  lossWindowSeconds: 5,
});

/** `PhoneOptions.quality`. */
export interface QualityOptions {
  /** Measure calls at all (default true). */
  readonly enabled?: boolean;
  readonly thresholds?: Partial<QualityThresholds>;
  /** How often `call-quality` fires, ms (default 5000; measurements are taken every second). */
  readonly eventInterval?: number;
}

export interface CallQualityDetail {
  readonly callId: string;
  readonly quality: CallQuality;
}

export interface CallWarningDetail {
  readonly callId: string;
  readonly warning: CallWarning;
  /** The measurement that raised or cleared it; for `microphone-waiting`, the last one (undefined before the first). */
  readonly quality: CallQuality | undefined;
}
