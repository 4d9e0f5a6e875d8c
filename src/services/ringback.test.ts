import { expect } from '@open-wc/testing';
import { ringbackCadence } from './ringback.js';
import { RINGBACK_CADENCES, TonePlayer, type TonePlayDetail } from './tone-player.js';
import { hearsTone, toneLevel } from '../../test/rig/tone-monitor.js';

describe('ringback', () => {
  it('chooses the cadence: a named one as it is, off, else the country’s (default-country, then the language region)', () => {
    expect(ringbackCadence('etsi', 'US', 'en-US')).to.equal('etsi');
    expect(ringbackCadence('north-america', 'DE', 'de-DE')).to.equal('north-america');
    expect(ringbackCadence('off', 'US', 'en-US')).to.equal(undefined);
    expect(ringbackCadence('auto', 'CA', 'fr-FR')).to.equal('north-america');
    expect(ringbackCadence('auto', 'fr', 'en-US')).to.equal('etsi');
    expect(ringbackCadence('auto', '', 'en-US')).to.equal('north-america');
    expect(ringbackCadence('', '', 'de-AT')).to.equal('etsi');
    // No region in the tag: its likely one (en → US).
    expect(ringbackCadence('auto', '', 'en')).to.equal('north-america');
    expect(ringbackCadence('auto', '', 'not a language')).to.equal('etsi');
  });

  it('the cadences are the standard ones: 440 + 480 Hz 2 s of 6, 425 Hz 1 s of 5', () => {
    expect(RINGBACK_CADENCES['north-america']).to.deep.equal({ frequencies: [440, 480], on: 2, period: 6 });
    expect(RINGBACK_CADENCES.etsi).to.deep.equal({ frequencies: [425], on: 1, period: 5 });
  });

  for (const cadence of ['north-america', 'etsi'] as const) {
    it(`TonePlayer plays the ${cadence} ringback (heard at its monitor), and is silent once stopped`, async () => {
      const player = new TonePlayer();
      const played: TonePlayDetail[] = [];
      player.addEventListener('play', (e) => played.push((e as CustomEvent<TonePlayDetail>).detail));
      const monitor = player.monitor();
      const owner = {};
      try {
        await player.startRingback('', cadence, owner);
        expect(player.ringbackOn).to.deep.equal({ sinkId: '', cadence });
        expect(played).to.deep.equal([{ kind: 'ringback', sinkId: '', cadence }]);
        await hearsTone(monitor, RINGBACK_CADENCES[cadence].frequencies);
        player.stopRingback(owner);
        expect(player.ringbackOn).to.equal(undefined);
        expect(await toneLevel(monitor), 'silent after stop').to.be.below(1e-4);
      } finally {
        player.dispose();
      }
    });
  }
});
