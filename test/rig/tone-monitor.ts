/**
 * Test helpers that listen to a TonePlayer's monitor (an AnalyserNode): what the player
 * really makes sound, not what it says it does.
 */
import { waitUntil } from '@open-wc/testing';

/** RMS of what the monitor hears now. */
export async function toneLevel(monitor: AnalyserNode): Promise<number> {
  // The analyser's window is its last fftSize samples: let it fill after whatever just changed,
  // in the context's own time. Firefox's mock sound device (test/rig/firefox.mjs) renders
  // behind the wall clock on a busy machine, so waiting the window's length in wall time could
  // read samples from before the change.
  const { context } = monitor;
  const until = context.currentTime + monitor.fftSize / context.sampleRate + 0.05;
  await waitUntil(() => context.currentTime >= until, 'the monitor renders a whole window', { timeout: 5_000, interval: 20 });
  const samples = new Float32Array(monitor.fftSize);
  monitor.getFloatTimeDomainData(samples);
  return Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
}

/** The frequencies (Hz) of the monitor's strongest spectral peaks, `count` of them, each a local maximum. */
function peaks(monitor: AnalyserNode, count: number): number[] {
  const bins = new Float32Array(monitor.frequencyBinCount);
  monitor.getFloatFrequencyData(bins);
  const hz = monitor.context.sampleRate / monitor.fftSize;
  const local = [...bins.keys()].filter((i) => i > 0 && i < bins.length - 1 && bins[i]! >= bins[i - 1]! && bins[i]! >= bins[i + 1]!);
  return local
    .sort((a, b) => bins[b]! - bins[a]!)
    .slice(0, count)
    .map((i) => i * hz)
    .sort((a, b) => a - b);
}

/** Waits until the monitor hears sound whose strongest peaks are `frequencies` (±8 Hz). */
export async function hearsTone(monitor: AnalyserNode, frequencies: readonly number[], timeout = 3_000): Promise<void> {
  monitor.fftSize = 16_384;
  monitor.smoothingTimeConstant = 0;
  let heard: number[] = [];
  await waitUntil(
    async () => {
      if ((await toneLevel(monitor)) < 0.01) return false;
      heard = peaks(monitor, frequencies.length);
      return heard.length === frequencies.length && heard.every((f, i) => Math.abs(f - frequencies[i]!) <= 8);
    },
    `the monitor hears ${frequencies.join(' + ')} Hz (heard ${heard.map((f) => f.toFixed(0)).join(', ')})`,
    { timeout, interval: 50 },
  );
}
