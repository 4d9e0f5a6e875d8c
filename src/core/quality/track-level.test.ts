import { expect } from '@open-wc/testing';
import { rmsLevel, TrackLevelMeter } from './track-level.js';

/** A track that carries a sine of `amplitude` (full scale 1), made with Web Audio as a microphone would send it. */
async function toneTrack(amplitude: number) {
  const context = new AudioContext();
  const tone = context.createOscillator();
  const gain = context.createGain();
  gain.gain.value = amplitude;
  const output = context.createMediaStreamDestination();
  tone.connect(gain).connect(output);
  tone.start();
  await context.resume();
  return { track: output.stream.getAudioTracks()[0]!, close: () => context.close() };
}

/** Asks until `read()` satisfies `done`, failing after `ms`: the audio clock, not the test, decides when. */
async function until<T>(read: () => T, done: (value: T) => boolean, ms = 3_000): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (performance.now() > deadline) throw new Error(`still ${String(value)} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const near = (expected: number) => (value: number | undefined) => value !== undefined && Math.abs(value - expected) < 0.02;

describe("the outgoing track's level (Web Audio, where the stats have none)", () => {
  it("is the RMS of the samples, on webrtc-stats' audioLevel scale (1.0 = 0 dBov)", () => {
    expect(rmsLevel(new Float32Array(128))).to.equal(0);
    expect(rmsLevel(new Float32Array(128).fill(0.5))).to.equal(0.5);
    expect(rmsLevel(new Float32Array(128).fill(-1))).to.equal(1);
    // A full-scale sine is −3 dBov: its RMS is 1/√2.
    const sine = Float32Array.from({ length: 4800 }, (_, i) => Math.sin((2 * Math.PI * 1000 * i) / 48_000));
    expect(rmsLevel(sine)).to.be.closeTo(Math.SQRT1_2, 1e-6);
    // −60 dBov, the monitor's silence threshold, reads 0.001.
    expect(rmsLevel(new Float32Array(128).fill(0.001))).to.be.closeTo(0.001, 1e-9);
    expect(rmsLevel(new Float32Array(0))).to.equal(0);
  });

  it('measures a real track, reads 0 once it is disabled, follows a new track and releases its context when stopped', async () => {
    const loud = await toneTrack(0.5);
    const quiet = await toneTrack(0.1);
    let context: AudioContext | undefined;
    const meter = new TrackLevelMeter(() => (context = new AudioContext()));
    try {
      // Nothing to measure, nothing made.
      expect(meter.level(undefined)).to.equal(undefined);
      expect(context).to.equal(undefined);
      // Connected just now, its analyser holds only zeros: no level rather than a false silence.
      expect(meter.level(loud.track)).to.equal(undefined);
      expect(await until(() => meter.level(loud.track), near(0.5 * Math.SQRT1_2))).to.be.above(0.3);
      loud.track.enabled = false;
      expect(
        await until(
          () => meter.level(loud.track),
          (level) => level === 0,
        ),
      ).to.equal(0);
      loud.track.enabled = true;
      await until(() => meter.level(loud.track), near(0.5 * Math.SQRT1_2));
      // A device switch: the sender's new track.
      expect(meter.level(quiet.track)).to.equal(undefined);
      await until(() => meter.level(quiet.track), near(0.1 * Math.SQRT1_2));
    } finally {
      meter.stop();
      meter.stop();
      await loud.close();
      await quiet.close();
    }
    expect(meter.level(quiet.track), 'after stop').to.equal(undefined);
    await until(
      () => context!.state,
      (state) => state === 'closed',
    );
  });

  it('reports no level while the browser keeps its context suspended (autoplay policy), then measures once it runs', async () => {
    const { track, close } = await toneTrack(0.5);
    const context = new AudioContext();
    await context.suspend();
    // As a page without a user gesture: resume() stays pending.
    let resumes = 0;
    context.resume = () => {
      resumes++;
      return new Promise<void>(() => undefined);
    };
    const meter = new TrackLevelMeter(() => context);
    try {
      for (let i = 0; i < 5; i++) expect(meter.level(track)).to.equal(undefined);
      expect(resumes, 'one request at a time').to.equal(1);
      // The user interacted: the browser lets it start.
      await AudioContext.prototype.resume.call(context);
      await until(() => meter.level(track), near(0.5 * Math.SQRT1_2));
    } finally {
      meter.stop();
      await close();
    }
  });
});
