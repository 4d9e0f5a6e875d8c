import { expect } from '@open-wc/testing';
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

  it('reports a device it cannot play on as audio-playback-blocked', async () => {
    const player = new TonePlayer();
    let error: unknown;
    await player.testTone('no-such-device').catch((e: unknown) => (error = e));
    expect((error as { code?: string }).code).to.equal('audio-playback-blocked');
    player.dispose();
  });
});
