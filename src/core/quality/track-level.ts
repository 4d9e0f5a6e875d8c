/**
 * The microphone's level where the browser reports none. Firefox (ESR 153) gives no
 * `media-source` audioLevel (W3C webrtc-stats `RTCAudioSourceStats`), so the monitor listens
 * to the call's outgoing track itself: a `MediaStreamAudioSourceNode` into an `AnalyserNode`,
 * in an AudioContext of its own. It is made only when a report lacks that level (the monitor
 * decides), so Chromium never pays for it.
 */

/**
 * The level of `samples` on webrtc-stats' `audioLevel` scale: their root mean square.
 *
 * Web Audio's samples are linear with full scale at ±1, and webrtc-stats puts `audioLevel`'s
 * 1.0 at 0 dBov (RFC 6464) and defines its unit through `totalAudioEnergy`: the square root of
 * the squared full-scale-normalised samples averaged over time, i.e. their RMS. So the RMS of
 * the analyser's window needs no scaling, and the monitor's thresholds (silence below 0.001,
 * −60 dBov; a level that does not move) apply as they are. Chromium reports the peak of its
 * last ≈ 100 ms instead (libwebrtc's `voe::AudioLevel`), higher than the RMS by the sound's
 * crest factor (≈ 1.4 for a tone, 3–4 for speech): both read 0 for the digital silence of a
 * disabled or dead track, which is what `microphone-silent` is for.
 */
export function rmsLevel(samples: Float32Array): number {
  let energy = 0;
  for (const sample of samples) energy += sample * sample;
  return samples.length ? Math.min(1, Math.sqrt(energy / samples.length)) : 0;
}

/** What the monitor asks of a level meter (a fake one in unit tests). */
export interface LevelMeter {
  /** The level of `track` now (0…1), or undefined when it cannot be measured. */
  level(track: MediaStreamTrack | undefined): number | undefined;
  /** Releases its nodes and context; safe to call twice. */
  stop(): void;
}

/** An AudioContext and the analyser its sources feed. */
interface Graph {
  readonly context: AudioContext;
  readonly analyser: AnalyserNode;
  readonly samples: Float32Array<ArrayBuffer>;
}

/** Measures the level of a call's outgoing track with Web Audio, following it when it changes. */
export class TrackLevelMeter implements LevelMeter {
  private graph: Graph | undefined;
  private input: { readonly track: MediaStreamTrack | undefined; readonly node?: MediaStreamAudioSourceNode; readonly at?: number } | undefined;
  private resuming = false;
  private stopped = false;

  constructor(private readonly createContext: () => AudioContext = () => new AudioContext()) {}

  /**
   * Undefined, never a false 0, while nothing can be heard yet: no track, a context the
   * browser keeps suspended (autoplay policy, until the page has had a user gesture), or a
   * source connected less than one analyser window ago (its window still holds zeros).
   */
  level(track: MediaStreamTrack | undefined): number | undefined {
    if (this.stopped) return undefined;
    // A device switch (RTCRtpSender.replaceTrack) brings a new track: listen to that one.
    if (!this.input || track !== this.input.track) this.listen(track);
    const { graph, input } = this;
    if (!graph || input?.at === undefined) return undefined;
    const { context, analyser, samples } = graph;
    if (context.state !== 'running') {
      this.resume(context);
      return undefined;
    }
    if (context.currentTime - input.at < analyser.fftSize / context.sampleRate) return undefined;
    analyser.getFloatTimeDomainData(samples);
    return rmsLevel(samples);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.input?.node?.disconnect();
    this.input = undefined;
    void this.graph?.context.close().catch(() => undefined);
    this.graph = undefined;
  }

  private listen(track: MediaStreamTrack | undefined): void {
    this.input?.node?.disconnect();
    // Until a source is connected the track counts as followed with nothing to hear: a track the
    // browser refuses to take is not retried every second.
    this.input = { track };
    if (!track) return;
    try {
      const graph = (this.graph ??= this.createGraph());
      // The analyser is pulled without reaching the destination (as the preflight's microphone check): nothing is played.
      const node = graph.context.createMediaStreamSource(new MediaStream([track]));
      node.connect(graph.analyser);
      this.input = { track, node, at: graph.context.currentTime };
    } catch {
      // No AudioContext to be had (a browser's limit) or a track Web Audio cannot take: no level, as before.
    }
  }

  private createGraph(): Graph {
    const context = this.createContext();
    const analyser = context.createAnalyser();
    // The longest window an analyser keeps (≈ 0.7 s at 48 kHz): the monitor reads once a second,
    // so the level stands for most of that second, not a 43 ms glimpse (the default 2048) that a
    // pause between words fills. Measured on Firefox's mock microphone: 0.005…0.06 against
    // 0.002…0.04 with the default, where silence is < 0.001.
    analyser.fftSize = 32_768;
    return { context, analyser, samples: new Float32Array(analyser.fftSize) };
  }

  /**
   * Asks a suspended context to start, one request at a time, and does not wait: the monitor
   * asks again at its next measurement. (`resumeWithin` in core/audio-context.ts bounds a wait
   * for a sound; here nothing waits, and a browser may keep `resume()` pending until the user
   * interacts, so a request every second would pile up.)
   */
  private resume(context: AudioContext): void {
    if (this.resuming || context.state !== 'suspended') return;
    this.resuming = true;
    const done = (): void => void (this.resuming = false);
    context.resume().then(done, done);
  }
}
