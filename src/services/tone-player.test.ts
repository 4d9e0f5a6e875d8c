import { expect, waitUntil } from '@open-wc/testing';
import type { PhoneError } from '../core/errors.js';
import { RINGER_LOCK } from './ringer-turn.js';
import { DTMF_FREQUENCIES, scheduleDtmf, TonePlayer, type TonePlayDetail } from './tone-player.js';

const RATE = 8000;

/** Signal power at `frequency` (Goertzel algorithm): how a DTMF receiver hears a tone. */
function power(samples: Float32Array, frequency: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / RATE);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

async function render(key: string): Promise<Float32Array> {
  const ctx = new OfflineAudioContext(1, RATE * 0.2, RATE);
  expect(scheduleDtmf(ctx, ctx.destination, key, 0, 0.15)).to.equal(true);
  return (await ctx.startRendering()).getChannelData(0);
}

describe('TonePlayer', () => {
  it('makes each DTMF key of its two ITU-T Q.23 frequencies and no others', async () => {
    const all = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
    for (const key of ['1', '5', '9', '*', '0', '#', 'D']) {
      const samples = await render(key);
      const [low, high] = DTMF_FREQUENCIES[key]!;
      const others = all.filter((f) => f !== low && f !== high).map((f) => power(samples, f));
      const loudestOther = Math.max(...others);
      expect(power(samples, low), `${key} low`).to.be.greaterThan(loudestOther * 20);
      expect(power(samples, high), `${key} high`).to.be.greaterThan(loudestOther * 20);
    }
  });

  it('refuses keys that are not DTMF', () => {
    const ctx = new OfflineAudioContext(1, RATE, RATE);
    expect(scheduleDtmf(ctx, ctx.destination, 'x', 0)).to.equal(false);
  });

  it('a context the browser keeps suspended (no user gesture yet): ringtone and ringback reject with audio-playback-blocked in time', async () => {
    // As Chromium treats a page nobody clicked yet: resume() stays pending until someone does.
    class HeldContext extends AudioContext {
      override resume(): Promise<void> {
        return new Promise(() => undefined);
      }
    }
    const held = new HeldContext();
    await held.suspend();
    const player = new TonePlayer({ audioContext: () => held, resumeTimeout: 300 });
    const failure = (started: Promise<void>): Promise<string> =>
      started.then(
        () => 'played',
        (error: unknown) => (error as PhoneError).code,
      );
    try {
      const start = performance.now();
      expect(await failure(player.startRingtone('', {}))).to.equal('audio-playback-blocked');
      expect(player.ringingOn).to.equal(undefined);
      expect(await failure(player.startRingback('', 'etsi', {}))).to.equal('audio-playback-blocked');
      expect(player.ringbackOn).to.equal(undefined);
      expect(await failure(player.testTone())).to.equal('audio-playback-blocked');
      expect(performance.now() - start, 'ms until all three gave up').to.be.below(3_000);
    } finally {
      player.dispose();
    }
  });

  it('rings on a device while any owner wants it, and goes quiet when the last stops', async () => {
    const player = new TonePlayer();
    const played: TonePlayDetail[] = [];
    player.addEventListener('play', (e) => played.push((e as CustomEvent<TonePlayDetail>).detail));
    const a = {};
    const b = {};
    await player.startRingtone('', a);
    await player.startRingtone('', b);
    expect(player.ringingOn).to.equal('');
    expect(played.filter((p) => p.kind === 'ring')).to.have.length(1);
    player.stopRingtone(a);
    expect(player.ringingOn).to.equal('');
    player.stopRingtone(b);
    expect(player.ringingOn).to.equal(undefined);
    player.dispose();
  });

  // Two players stand for two tabs: they share the browser profile's Web Locks.
  it('of the players that want to ring, one does; when it stops, the next one rings', async () => {
    const a = new TonePlayer();
    const b = new TonePlayer();
    const ringing = (): TonePlayer[] => [a, b].filter((player) => player.ringingOn !== undefined);
    try {
      await a.startRingtone('', a);
      await b.startRingtone('', b);
      await waitUntil(() => ringing().length === 1, 'one rings');
      const [first] = ringing();
      const second = first === a ? b : a;
      // The quiet one waits for the turn: one holds the lock, the other asked for it.
      await waitUntil(async () => {
        const { held = [], pending = [] } = await navigator.locks.query();
        return held.filter((lock) => lock.name === RINGER_LOCK).length === 1 && pending.filter((lock) => lock.name === RINGER_LOCK).length === 1;
      }, 'one holds the turn, one waits');
      expect(ringing()).to.deep.equal([first]);

      first!.stopRingtone();
      await waitUntil(() => second.ringingOn === '', 'the other one rings once the first stops');
      expect(first!.ringingOn).to.equal(undefined);
      second.stopRingtone();
      expect(ringing()).to.deep.equal([]);
      await waitUntil(async () => ((await navigator.locks.query()).held ?? []).every((lock) => lock.name !== RINGER_LOCK), 'the turn is given up');
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('reports a device it cannot play on as audio-playback-blocked', async () => {
    const player = new TonePlayer();
    let error: unknown;
    await player.testTone('no-such-device').catch((e: unknown) => (error = e));
    expect((error as { code?: string }).code).to.equal('audio-playback-blocked');
    player.dispose();
  });
});
