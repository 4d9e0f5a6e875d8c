import { mos } from './mos.js';
import { QUALITY_DEFAULTS, QualityWarning, type CallQuality, type CallRoute, type QualityThresholds } from './quality.js';
import { TrackLevelMeter, type LevelMeter } from './track-level.js';

/** The part of an `RTCPeerConnection` the monitor reads. */
export interface StatsSource {
  getStats(): Promise<RTCStatsReport>;
  readonly iceConnectionState: RTCIceConnectionState;
  /** Where the microphone's track is, for browsers whose stats lack its level. */
  getSenders(): readonly { readonly track: MediaStreamTrack | null }[];
}

/** Timers and time, injected so tests drive them. */
export interface MonitorClock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const systemMonitorClock: MonitorClock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface MonitorHost {
  /** The call's media connection, or undefined while it has none. */
  source(): StatsSource | undefined;
  /** Silence is expected: muted by the user (`microphone`) or on hold either way (`both`). */
  quiet(): { readonly microphone: boolean; readonly both: boolean };
  /** Every `eventEvery` measurements. */
  sampled(quality: CallQuality): void;
  warning(warning: QualityWarning, raised: boolean, quality: CallQuality): void;
}

export interface MonitorSettings {
  readonly thresholds?: Partial<QualityThresholds>;
  /** Measurements between two `sampled` calls (default 5). */
  readonly eventEvery?: number;
  readonly clock?: MonitorClock;
  /** Makes the meter of the outgoing track, where the stats report no microphone level (default {@link TrackLevelMeter}). */
  readonly meter?: () => LevelMeter;
}

const INTERVAL_MS = 1_000;
/** A warning clears only when its value is this far back inside the threshold, so that it does not flap. */
const CLEAR_MARGIN = 0.8;
/** Below this the microphone is silent (RTCAudioSourceStats.audioLevel, 0…1; ≈ −60 dBov). */
const SILENT_LEVEL = 0.001;
/** A live microphone's level moves more than this within seconds; a stuck one does not. */
const STUCK_SPREAD = 0.0001;

type Stat = Record<string, unknown>;
const num = (stat: Stat | undefined, key: string): number | undefined => (typeof stat?.[key] === 'number' ? (stat[key] as number) : undefined);
const str = (stat: Stat | undefined, key: string): string | undefined => (typeof stat?.[key] === 'string' ? (stat[key] as string) : undefined);

/** The track the call sends as its microphone, if any. */
const microphone = (source: StatsSource): MediaStreamTrack | undefined =>
  source.getSenders().find((sender) => sender.track?.kind === 'audio')?.track ?? undefined;

/** A condition counted over consecutive measurements: raised after `raiseAfter` bad ones, cleared after `clearAfter` good ones. */
class Hysteresis {
  active = false;
  private run = 0;
  constructor(
    private readonly raiseAfter: number,
    private readonly clearAfter: number,
  ) {}

  /** `undefined` (not measurable now) leaves it as it is. Returns true when it changed. */
  update(bad: boolean | undefined, good: boolean | undefined = bad === undefined ? undefined : !bad): boolean {
    const towards = this.active ? good : bad;
    if (towards === undefined) return false;
    this.run = towards ? this.run + 1 : 0;
    if (this.run < (this.active ? this.clearAfter : this.raiseAfter)) return false;
    this.active = !this.active;
    this.run = 0;
    return true;
  }
}

interface Counters {
  readonly received: number;
  readonly lost: number;
  readonly sent: number;
  readonly remoteLost: number;
}

/**
 * Measures one established call every second from `getStats()` (W3C webrtc-stats), keeps
 * the packet loss of a sliding window, estimates the MOS and raises and clears warnings.
 * Stops for good with {@link QualityMonitor.stop}: no timer and no `getStats()` after it.
 */
export class QualityMonitor {
  private readonly limits: QualityThresholds;
  private readonly clock: MonitorClock;
  private readonly eventEvery: number;
  private timer: unknown;
  private stopped = false;
  private count = 0;
  private previous: Counters | undefined;
  private readonly window: { lost: number; total: number; remoteLost: number; sent: number }[] = [];
  private readonly levels: number[] = [];
  private latest: CallQuality | undefined;
  private readonly detectors: Record<QualityWarning, Hysteresis>;
  private readonly createMeter: () => LevelMeter;
  private meter: LevelMeter | undefined;
  /** A report once held the microphone's level (Chromium): the meter is never needed. */
  private reportsLevel = false;

  constructor(
    private readonly host: MonitorHost,
    settings: MonitorSettings = {},
  ) {
    this.limits = { ...QUALITY_DEFAULTS, ...settings.thresholds };
    this.clock = settings.clock ?? systemMonitorClock;
    this.eventEvery = Math.max(1, settings.eventEvery ?? 5);
    this.createMeter = settings.meter ?? (() => new TrackLevelMeter());
    const { noAudioSeconds, silentMicrophoneSeconds } = this.limits;
    this.detectors = {
      [QualityWarning.HighRtt]: new Hysteresis(3, 3),
      [QualityWarning.HighJitter]: new Hysteresis(3, 3),
      [QualityWarning.HighPacketLoss]: new Hysteresis(2, 3),
      [QualityWarning.LowMos]: new Hysteresis(3, 3),
      [QualityWarning.NoAudioReceived]: new Hysteresis(noAudioSeconds, 2),
      [QualityWarning.MicrophoneSilent]: new Hysteresis(silentMicrophoneSeconds, 2),
      [QualityWarning.MicrophoneStuck]: new Hysteresis(1, 1),
      [QualityWarning.IceDisconnected]: new Hysteresis(1, 1),
    };
  }

  /** The last measurement. */
  get quality(): CallQuality | undefined {
    return this.latest;
  }

  /** The warnings raised and not cleared. */
  get warnings(): QualityWarning[] {
    return (Object.keys(this.detectors) as QualityWarning[]).filter((name) => this.detectors[name].active);
  }

  start(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.schedule();
  }

  /** Safe to call twice; a measurement under way is dropped. */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.meter?.stop();
    this.meter = undefined;
  }

  private schedule(): void {
    // One timer at a time, set again after each measurement: a slow getStats() never piles up.
    this.timer = this.clock.setTimeout(() => void this.tick(), INTERVAL_MS);
  }

  private async tick(): Promise<void> {
    const source = this.host.source();
    if (source) {
      // Whether a track was attached before the stats were taken: a report without the
      // microphone's level then means the browser reports none, not a track that came too late.
      const hadTrack = microphone(source) !== undefined;
      const report = await source.getStats().catch(() => undefined);
      if (this.stopped) return;
      if (report) this.measure(report, source, hadTrack);
    }
    if (!this.stopped) this.schedule();
  }

  private measure(report: RTCStatsReport, connection: StatsSource, hadTrack: boolean): void {
    const all: Stat[] = [];
    report.forEach((stat: Stat) => all.push(stat));
    const find = (type: string): Stat | undefined => all.find((s) => s['type'] === type && (s['kind'] === undefined || s['kind'] === 'audio'));
    const byId = (id: string | undefined): Stat | undefined => (id === undefined ? undefined : (report.get(id) as Stat | undefined));
    const inbound = find('inbound-rtp');
    const outbound = find('outbound-rtp');
    const remoteInbound = find('remote-inbound-rtp');
    const source = byId(str(outbound, 'mediaSourceId')) ?? find('media-source');
    const pair = byId(str(find('transport'), 'selectedCandidatePairId'));

    const counters: Counters = {
      received: num(inbound, 'packetsReceived') ?? 0,
      lost: num(inbound, 'packetsLost') ?? 0,
      sent: num(outbound, 'packetsSent') ?? 0,
      remoteLost: num(remoteInbound, 'packetsLost') ?? 0,
    };
    const before = this.previous ?? { received: 0, lost: 0, sent: 0, remoteLost: 0 };
    this.previous = counters;
    const received = Math.max(0, counters.received - before.received);
    const lost = Math.max(0, counters.lost - before.lost);
    this.window.push({
      lost,
      total: lost + received,
      remoteLost: Math.max(0, counters.remoteLost - before.remoteLost),
      sent: Math.max(0, counters.sent - before.sent),
    });
    if (this.window.length > this.limits.lossWindowSeconds) this.window.shift();
    const sum = (key: 'lost' | 'total' | 'remoteLost' | 'sent'): number => this.window.reduce((total, entry) => total + entry[key], 0);
    const packetLoss = Math.max(sum('total') ? sum('lost') / sum('total') : 0, sum('sent') ? Math.min(1, sum('remoteLost') / sum('sent')) : 0);

    // RTCP's round trip (RFC 3550 §6.4.1) when the far end reports one, else ICE's consent checks.
    const rttSeconds = num(remoteInbound, 'roundTripTime') ?? num(pair, 'currentRoundTripTime');
    const rtt = rttSeconds === undefined ? undefined : Math.round(rttSeconds * 1000);
    const jitterSeconds = num(inbound, 'jitter');
    const jitter = jitterSeconds === undefined ? undefined : Math.round(jitterSeconds * 10_000) / 10;
    const local = byId(str(pair, 'localCandidateId'));
    const remote = byId(str(pair, 'remoteCandidateId'));
    const route: CallRoute | undefined =
      local && remote
        ? {
            local: str(local, 'candidateType') ?? '',
            remote: str(remote, 'candidateType') ?? '',
            protocol: str(local, 'protocol') ?? '',
            relayProtocol: str(local, 'relayProtocol'),
          }
        : undefined;
    const quality: CallQuality = Object.freeze({
      at: this.clock.now(),
      mos: rtt === undefined || jitter === undefined ? undefined : mos({ rtt, jitter, loss: packetLoss }),
      rtt,
      jitter,
      packetLoss: Math.round(packetLoss * 10_000) / 10_000,
      bytesSent: num(outbound, 'bytesSent') ?? 0,
      bytesReceived: num(inbound, 'bytesReceived') ?? 0,
      audioLevelIn: num(inbound, 'audioLevel'),
      audioLevelOut: this.levelOut(num(source, 'audioLevel'), connection, hadTrack),
      route: route && Object.freeze(route),
      codec: str(byId(str(inbound, 'codecId') ?? str(outbound, 'codecId')), 'mimeType'),
    });
    this.latest = quality;
    this.judge(quality, received, connection.iceConnectionState);
    this.count++;
    if (this.count % this.eventEvery === 0) this.host.sampled(quality);
  }

  /** The stats' microphone level, else (Firefox) the outgoing track's, measured by the meter. */
  private levelOut(reported: number | undefined, connection: StatsSource, hadTrack: boolean): number | undefined {
    if (reported !== undefined) this.reportsLevel = true;
    if (reported !== undefined || this.reportsLevel || !hadTrack) return reported;
    this.meter ??= this.createMeter();
    return this.meter.level(microphone(connection));
  }

  private judge(quality: CallQuality, received: number, ice: RTCIceConnectionState): void {
    const { maxRtt, maxJitter, maxPacketLoss, minMos, stuckMicrophoneSeconds } = this.limits;
    const quiet = this.host.quiet();
    const above = (value: number | undefined, max: number): [boolean | undefined, boolean | undefined] =>
      value === undefined ? [undefined, undefined] : [value > max, value <= max * CLEAR_MARGIN];
    const level = quiet.microphone || quiet.both ? undefined : quality.audioLevelOut;
    if (level === undefined) this.levels.length = 0;
    else {
      this.levels.push(level);
      if (this.levels.length > stuckMicrophoneSeconds) this.levels.shift();
    }
    const spread = this.levels.length ? Math.max(...this.levels) - Math.min(...this.levels) : 0;
    const broken = ice === 'disconnected' || ice === 'failed';
    const verdicts: Record<QualityWarning, [boolean | undefined, boolean | undefined]> = {
      [QualityWarning.HighRtt]: above(quality.rtt, maxRtt),
      [QualityWarning.HighJitter]: above(quality.jitter, maxJitter),
      [QualityWarning.HighPacketLoss]: above(quality.packetLoss, maxPacketLoss),
      [QualityWarning.LowMos]: quality.mos === undefined ? [undefined, undefined] : [quality.mos < minMos, quality.mos >= minMos + 0.2],
      // A path that is down has its own warning; on hold nothing need arrive.
      [QualityWarning.NoAudioReceived]: quiet.both || broken ? [undefined, undefined] : [received === 0, received > 0],
      [QualityWarning.MicrophoneSilent]: level === undefined ? [undefined, undefined] : [level < SILENT_LEVEL, level >= SILENT_LEVEL],
      [QualityWarning.MicrophoneStuck]:
        level === undefined
          ? [undefined, undefined]
          : [this.levels.length >= stuckMicrophoneSeconds && level >= SILENT_LEVEL && spread < STUCK_SPREAD, spread >= STUCK_SPREAD],
      [QualityWarning.IceDisconnected]: [broken, ice === 'connected' || ice === 'completed'],
    };
    for (const name of Object.keys(verdicts) as QualityWarning[]) {
      const detector = this.detectors[name];
      if (detector.update(...verdicts[name])) this.host.warning(name, detector.active, quality);
    }
  }
}
