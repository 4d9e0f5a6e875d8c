import { RESUME_TIMEOUT, resumeWithin } from '../core/audio-context.js';
import { ErrorCode, PhoneError } from '../core/errors.js';
import { RingerTurn } from './ringer-turn.js';

/** DTMF frequency pairs in Hz, low group then high group (ITU-T Q.23). */
export const DTMF_FREQUENCIES: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  A: [697, 1633],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  B: [770, 1633],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  C: [852, 1633],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
  D: [941, 1633],
};

/** A tone that repeats: its frequencies (Hz), then `on` seconds of sound every `period` seconds. */
export interface Cadence {
  readonly frequencies: readonly number[];
  readonly on: number;
  readonly period: number;
}

/**
 * Ringback tones (what a caller hears while the far end rings):
 * - `north-america`: 440 + 480 Hz, 2 s on, 4 s off (ANSI T1.401, the North American Numbering Plan countries);
 * - `etsi`: 425 Hz, 1 s on, 4 s off (ETSI ES 201 970, ITU-T E.180: most of Europe and many other countries).
 */
export const RINGBACK_CADENCES = {
  'north-america': { frequencies: [440, 480], on: 2, period: 6 },
  etsi: { frequencies: [425], on: 1, period: 5 },
} as const satisfies Record<string, Cadence>;
export type RingbackCadence = keyof typeof RINGBACK_CADENCES;

/** The ringtone: the North American ring (ANSI T1.401), familiar everywhere as a phone ringing. */
const RING: Cadence = RINGBACK_CADENCES['north-america'];
const TEST_TONE = { frequency: 660, seconds: 1.2 };
/** The intercom alert before a call answers by itself: two short high beeps, unlike any ring. */
const AUTO_ANSWER_ALERT = { frequencies: [1_000], seconds: 0.12, gap: 0.1, count: 2 };
const LEVEL = 0.12;

/** A short burst of two sines with soft edges (no clicks), played at `at` on `ctx`. */
function burst(ctx: BaseAudioContext, destination: AudioNode, frequencies: readonly number[], at: number, seconds: number): void {
  const gain = ctx.createGain();
  gain.gain.setValueAtTime(0, at);
  gain.gain.linearRampToValueAtTime(LEVEL, at + 0.01);
  gain.gain.setValueAtTime(LEVEL, at + seconds - 0.01);
  gain.gain.linearRampToValueAtTime(0, at + seconds);
  gain.connect(destination);
  for (const frequency of frequencies) {
    const oscillator = ctx.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(at);
    oscillator.stop(at + seconds);
  }
}

/** Schedules the DTMF tone for `key` (0-9, *, #, A-D); false for anything else. */
export function scheduleDtmf(ctx: BaseAudioContext, destination: AudioNode, key: string, at: number, seconds = 0.12): boolean {
  const pair = DTMF_FREQUENCIES[key.toUpperCase()];
  if (!pair) return false;
  burst(ctx, destination, pair, at, seconds);
  return true;
}

export type ToneKind = 'dtmf' | 'ring' | 'ringback' | 'test' | 'auto-answer';

export interface TonePlayDetail {
  readonly kind: ToneKind;
  /** The device the sound goes to ('' = the system default). */
  readonly sinkId: string;
  readonly key?: string;
  /** The ringback's cadence. */
  readonly cadence?: RingbackCadence;
}

/** A repeating tone in progress: its own path to the output, cut on stop so a burst in progress ends at once. */
interface Repeating {
  readonly bus: GainNode;
  readonly timer: ReturnType<typeof setInterval>;
}

/** Plays `cadence` on `destination` from now until the returned tone is stopped. */
function repeat(ctx: AudioContext, destination: AudioNode, cadence: Cadence, monitor: AudioNode | undefined): Repeating {
  const bus = ctx.createGain();
  bus.connect(destination);
  if (monitor) bus.connect(monitor);
  const once = (): void => burst(ctx, bus, cadence.frequencies, ctx.currentTime + 0.02, cadence.on);
  once();
  return { bus, timer: setInterval(once, cadence.period * 1000) };
}

function stopRepeating(tone: Repeating | undefined): void {
  if (!tone) return;
  clearInterval(tone.timer);
  tone.bus.disconnect();
}

interface Output {
  readonly node: AudioNode;
  readonly audio: HTMLAudioElement | undefined;
}

export interface TonePlayerOptions {
  /** Makes the player's AudioContext (default `new AudioContext()`). */
  audioContext?: () => AudioContext;
  /** How long a suspended AudioContext may take to start (ms, default 2000) before a sound is `audio-playback-blocked`. */
  resumeTimeout?: number;
}

/**
 * Local sounds of the phone, made with Web Audio: keypad feedback tones, the ringtone, the
 * ringback (a caller's "it is ringing" tone) and the speaker test. Each sound goes to a chosen output device: through a
 * MediaStreamAudioDestinationNode played by an `<audio>` element whose `setSinkId`
 * picks the device, so the ringer and the call speaker can differ at the same time.
 * Fires `play` (detail {@link TonePlayDetail}) for every sound it starts.
 */
export class TonePlayer extends EventTarget {
  private ctx: AudioContext | undefined;
  private readonly outputs = new Map<string, Output>();
  private ringTone: Repeating | undefined;
  private ringSink: string | undefined;
  /** Who wants a ringback, and where and how: it plays while anyone does (the last asker's). */
  private readonly ringbackOwners = new Map<object, { sinkId: string; cadence: RingbackCadence }>();
  private ringbackTone: (Repeating & { readonly sinkId: string; readonly cadence: RingbackCadence }) | undefined;
  /** Hears the ring and ringback tones as they play (see {@link monitor}). */
  private monitorNode: AnalyserNode | undefined;
  /** Who wants the ringtone: it plays while anyone does (two phones on a page may ring at once). */
  private readonly ringOwners = new Map<object, string>();
  /** Of the tabs that want to ring, one does (see RingerTurn). */
  private readonly turn = new RingerTurn((mine) => (mine ? this.ringForOwners() : this.silence()));
  private readonly createContext: () => AudioContext;
  private readonly resumeTimeout: number;

  constructor(options: TonePlayerOptions = {}) {
    super();
    this.createContext = options.audioContext ?? (() => new AudioContext());
    this.resumeTimeout = options.resumeTimeout ?? RESUME_TIMEOUT;
  }

  /** The device the ringtone is playing on, or undefined when it is not ringing. */
  get ringingOn(): string | undefined {
    return this.ringSink;
  }

  /** Plays the feedback tone of a keypad key. Never throws: feedback is best effort. */
  dtmf(key: string, sinkId = ''): void {
    this.prepare(sinkId)
      .then(({ ctx, output }) => {
        if (scheduleDtmf(ctx, output.node, key, ctx.currentTime)) this.played({ kind: 'dtmf', sinkId, key });
      })
      .catch(() => undefined);
  }

  /**
   * Rings on `sinkId` for `owner` (restarting it there if it rings elsewhere), until
   * `stopRingtone(owner)`. When another tab of this browser rings already, this one stays
   * quiet until that one stops, unless the user looks at this one. Rejects with
   * `audio-playback-blocked`.
   */
  async startRingtone(sinkId = '', owner: object = this): Promise<void> {
    this.ringOwners.set(owner, sinkId);
    if (!(await this.turn.want()) || this.ringOwners.get(owner) !== sinkId) return;
    try {
      await this.ring(sinkId);
    } catch (error) {
      this.ringOwners.delete(owner);
      if (this.ringOwners.size === 0) this.turn.release();
      throw error;
    }
  }

  /** Stops `owner`'s ringtone; it goes quiet once no owner is left (no owner: stop for everyone). */
  stopRingtone(owner?: object): void {
    if (owner) this.ringOwners.delete(owner);
    else this.ringOwners.clear();
    if (this.ringOwners.size === 0) {
      this.silence();
      this.turn.release();
    } else if (this.turn.mine) this.ringForOwners();
  }

  private ringForOwners(): void {
    const next = [...this.ringOwners.values()].pop();
    if (next !== undefined) void this.ring(next).catch(() => undefined);
  }

  private async ring(sinkId: string): Promise<void> {
    if (this.ringSink === sinkId) return;
    this.silence();
    this.ringSink = sinkId;
    let prepared: { ctx: AudioContext; output: Output };
    try {
      prepared = await this.prepare(sinkId);
    } catch (error) {
      if (this.ringSink === sinkId) this.ringSink = undefined;
      throw error;
    }
    // Stopped (or moved) while the device was being opened.
    if (this.ringSink !== sinkId || this.ringTone !== undefined) return;
    this.ringTone = repeat(prepared.ctx, prepared.output.node, RING, this.monitorNode);
    this.played({ kind: 'ring', sinkId });
  }

  private silence(): void {
    stopRepeating(this.ringTone);
    this.ringTone = undefined;
    this.ringSink = undefined;
  }

  /** The ringback playing (its device and cadence), or undefined. */
  get ringbackOn(): { readonly sinkId: string; readonly cadence: RingbackCadence } | undefined {
    const tone = this.ringbackTone;
    return tone && { sinkId: tone.sinkId, cadence: tone.cadence };
  }

  /**
   * Plays the ringback tone `cadence` on `sinkId` (the call's speaker) for `owner` until
   * `stopRingback(owner)`: what a caller hears while the far end rings and sends no audio of
   * its own. Rejects with `audio-playback-blocked`.
   */
  async startRingback(sinkId: string, cadence: RingbackCadence, owner: object = this): Promise<void> {
    this.ringbackOwners.set(owner, { sinkId, cadence });
    await this.ringbackForOwners();
  }

  /** Stops `owner`'s ringback; it goes quiet once no owner is left (no owner: stop for everyone). */
  stopRingback(owner?: object): void {
    if (owner) this.ringbackOwners.delete(owner);
    else this.ringbackOwners.clear();
    void this.ringbackForOwners().catch(() => undefined);
  }

  private async ringbackForOwners(): Promise<void> {
    const wanted = [...this.ringbackOwners.values()].pop();
    const playing = this.ringbackTone;
    if (playing && wanted?.sinkId === playing.sinkId && wanted.cadence === playing.cadence) return;
    stopRepeating(playing);
    this.ringbackTone = undefined;
    if (!wanted) return;
    const { ctx, output } = await this.prepare(wanted.sinkId);
    // Stopped, or asked for elsewhere, while the device was being opened.
    if ([...this.ringbackOwners.values()].pop() !== wanted || this.ringbackTone) return;
    const tone = repeat(ctx, output.node, RINGBACK_CADENCES[wanted.cadence], this.monitorNode);
    this.ringbackTone = { ...tone, ...wanted };
    this.played({ kind: 'ringback', sinkId: wanted.sinkId, cadence: wanted.cadence });
  }

  /**
   * An AnalyserNode that hears the ring and ringback tones started from now on, whatever
   * device they play on: for level meters and for tests that check a tone really sounds.
   */
  monitor(): AnalyserNode {
    const ctx = (this.ctx ??= this.createContext());
    if (!this.monitorNode) {
      this.monitorNode = ctx.createAnalyser();
      // A silent source keeps the analyser rendering when no tone feeds it (Chromium stops
      // rendering a node without inputs, and its data would keep the last tone heard).
      const silence = ctx.createConstantSource();
      silence.offset.value = 0;
      silence.connect(this.monitorNode);
      silence.start();
    }
    return this.monitorNode;
  }

  /**
   * Plays the intercom alert on `sinkId` once: a call is about to be answered by itself
   * (auto-answer). Rejects with `audio-playback-blocked`.
   */
  async autoAnswerAlert(sinkId = ''): Promise<void> {
    const { ctx, output } = await this.prepare(sinkId);
    const { frequencies, seconds, gap, count } = AUTO_ANSWER_ALERT;
    for (let i = 0; i < count; i++) burst(ctx, output.node, frequencies, ctx.currentTime + 0.02 + i * (seconds + gap), seconds);
    this.played({ kind: 'auto-answer', sinkId });
  }

  /** Plays a short test tone on `sinkId`; resolves when it has finished. */
  async testTone(sinkId = ''): Promise<void> {
    const { ctx, output } = await this.prepare(sinkId);
    burst(ctx, output.node, [TEST_TONE.frequency], ctx.currentTime + 0.02, TEST_TONE.seconds);
    this.played({ kind: 'test', sinkId });
    await new Promise((resolve) => setTimeout(resolve, TEST_TONE.seconds * 1000 + 50));
  }

  /** Stops everything and releases the audio context. */
  dispose(): void {
    this.stopRingtone();
    this.ringbackOwners.clear();
    stopRepeating(this.ringbackTone);
    this.ringbackTone = undefined;
    this.turn.dispose();
    for (const sink of [...this.outputs.keys()]) this.closeOutput(sink);
    void this.ctx?.close().catch(() => undefined);
    this.ctx = undefined;
  }

  private played(detail: TonePlayDetail): void {
    this.dispatchEvent(new CustomEvent<TonePlayDetail>('play', { detail }));
  }

  private async prepare(sinkId: string): Promise<{ ctx: AudioContext; output: Output }> {
    this.ctx ??= this.createContext();
    const ctx = this.ctx;
    // Without a user gesture on the page yet, resume() stays pending until there is one.
    if (!(await resumeWithin(ctx, this.resumeTimeout)))
      throw new PhoneError(ErrorCode.AudioPlaybackBlocked, {
        message: 'The browser has not let this page play sound yet (nothing on it was clicked or typed).',
      });
    let output = this.outputs.get(sinkId);
    if (!output) {
      output = this.openOutput(ctx, sinkId);
      this.outputs.set(sinkId, output);
    }
    const { audio } = output;
    if (audio) {
      try {
        if (sinkId && audio.sinkId !== sinkId) await audio.setSinkId(sinkId);
        if (audio.paused) await audio.play();
      } catch (error) {
        this.closeOutput(sinkId);
        throw new PhoneError(ErrorCode.AudioPlaybackBlocked, { cause: error });
      }
    }
    return { ctx, output };
  }

  private openOutput(ctx: AudioContext, sinkId: string): Output {
    const canChoose = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
    // No device choice possible: the context's own output is the default device.
    if (!sinkId || !canChoose) return { node: ctx.destination, audio: undefined };
    const node = ctx.createMediaStreamDestination();
    const audio = new Audio();
    audio.srcObject = node.stream;
    return { node, audio };
  }

  private closeOutput(sinkId: string): void {
    const output = this.outputs.get(sinkId);
    if (!output) return;
    this.outputs.delete(sinkId);
    if (output.audio) {
      output.audio.pause();
      output.audio.srcObject = null;
      output.node.disconnect();
    }
  }
}

let shared: TonePlayer | undefined;

/** The page-wide player the elements share (one AudioContext per page). */
export function tonePlayer(): TonePlayer {
  shared ??= new TonePlayer();
  return shared;
}
