/**
 * A registrar that grants what no registrar should (test/kamailio/kamailio.cfg REGISTER_EXPIRES:
 * a 200 whose Contact has `expires=` 0, 2^32 − 1 or garbage, nothing saved). sip.js would
 * re-REGISTER at once, for ever, and flap between registered and not; the kit bounds the grant
 * (src/core/sip/register-expires.ts). The REGISTERs are counted in the kit's SIP trace.
 */
import { expect } from '@open-wc/testing';
import { mountProvider, rigCommand, unmountAll } from '../rig/phone-rig.js';

const GRANTS = [
  ['0 s', '0'],
  ['136 years (2^32 − 1 s, beyond a browser timer)', '"4294967295"'],
  ['garbage', '"soon"'],
] as const;

/** Registrars that never let the phone in: kamailio.cfg switches by instance name. */
const REFUSING = {
  'challenges every REGISTER without end': { defines: ['WITH_ENDLESS_CHALLENGE'], code: 'registration-rejected' },
  // sip.js follows no redirect of a REGISTER and reported it apart: the kit waited for ever.
  'answers 302 with no Contact': { defines: ['REGISTER_REFUSAL=302'], code: 'registration-failed' },
} as const;

describe('a hostile registrar', () => {
  afterEach(() => unmountAll());
  after(async () => {
    for (const index of GRANTS.keys()) await rigCommand('kill', { name: `grants-${index}` });
    for (const name of Object.keys(REFUSING)) await rigCommand('kill', { name });
  });

  GRANTS.forEach(([label, value], index) => {
    it(`granting ${label}: the phone registers once and stays registered, with no REGISTER storm`, async () => {
      const { url: server } = await rigCommand<{ url: string }>('start', { name: `grants-${index}`, defines: [`REGISTER_EXPIRES=${value}`] });
      let registers = 0;
      const logger = (_level: string, message: string): void => {
        if (/^REGISTER sip:/m.test(message)) registers += 1;
      };
      const alice = await mountProvider('alice', { server, tabSharing: 'off', phoneOptions: { traceSip: true, logger } });
      const changes: string[] = [];
      alice.addEventListener('rc-registration-change', (event) => changes.push(event.detail.state));
      // The REGISTER and its answer to the digest challenge (RFC 3261 §22.2).
      expect(registers).to.equal(2);
      // Unbounded, the next REGISTER leaves at once: a second is hundreds of them. Bounded, the
      // next leaves after 27 s at the earliest. A second is the window that tells them apart.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(registers, 'REGISTERs sent in all').to.equal(2);
      expect(changes, 'registration changes after registering').to.deep.equal([]);
      expect(alice.snapshot.registration).to.equal('registered');
    });
  });

  for (const [label, { defines, code }] of Object.entries(REFUSING)) {
    it(`that ${label}: ${code} (a typed rc-error), and no more REGISTERs`, async () => {
      const { url: server } = await rigCommand<{ url: string }>('start', { name: label, defines: [...defines] });
      let registers = 0;
      const logger = (_level: string, message: string): void => {
        if (/^REGISTER sip:/m.test(message)) registers += 1;
      };
      const failure = await mountProvider('alice', { server, tabSharing: 'off', phoneOptions: { traceSip: true, logger } }).then(
        () => 'registered',
        (error: Error) => error.message,
      );
      expect(failure).to.contain(code);
      const sent = registers;
      // A loop would show within a second, as above.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(registers, 'REGISTERs after the rejection').to.equal(sent);
      expect(sent).to.be.at.most(2);
    });
  }
});
