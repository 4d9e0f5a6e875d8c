/**
 * What a hostile caller can make the kit believe, sent by hand from a raw SIP-over-WebSocket
 * client (raw-sip-peer.ts) through the rig's Kamailio, which forwards it as many SIP servers
 * do. Asserted on the kit's events and at the peer.
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { mountProvider, nextEvent, unmountAll, waitFor } from '../rig/phone-rig.js';
import { RawPeerPool, type RawSipPeer } from './raw-sip-peer.js';

const pool = new RawPeerPool();
const rawPeer = (user = 'heidi'): Promise<RawSipPeer> => pool.peer(user);

/** The raw peer calls `user` and, once it rings, CANCELs with `headers`; resolves with the kit's call-ended detail. */
async function ringThenCancel(callee: RcPhoneProvider, user: string, headers: readonly string[]): Promise<HTMLElementEventMap['rc-call-ended']['detail']> {
  const peer = await rawPeer();
  const offer = await pool.offer();
  const ringing = nextEvent(callee, 'rc-call-incoming');
  const invite = peer.send('INVITE', { ruri: `sip:${user}@${peer.domain}`, body: offer.sdp });
  await ringing;
  await waitFor(() => peer.responses.some((r) => r.status === 180), 'the 180 Ringing');
  const ended = nextEvent(callee, 'rc-call-ended');
  expect((await peer.cancel(invite, headers)).status).to.equal(200);
  const { detail } = await ended;
  expect((await invite.final).response.status).to.equal(487);
  return detail;
}

describe('a hostile caller (raw SIP peer)', () => {
  afterEach(async () => {
    pool.closeAll();
    await unmountAll();
  });

  describe('CANCEL with Reason: SIP;cause=200 ("answered elsewhere", RFC 3326)', () => {
    it('from a caller, by default: a missed call (cancelled), not hidden as answered elsewhere', async () => {
      const alice = await mountProvider('alice');
      const detail = await ringThenCancel(alice, 'alice', ['Reason: SIP;cause=200;text="Call completed elsewhere"']);
      expect(detail.reason).to.equal('cancelled');
      expect(detail.call.endReason).to.equal('cancelled');
    });

    it('believed when the deployment says its server vouches for it (trustCancelReason)', async () => {
      const alice = await mountProvider('alice', { phoneOptions: { trustCancelReason: true } });
      const detail = await ringThenCancel(alice, 'alice', ['Reason: SIP;cause=200;text="Call completed elsewhere"']);
      expect(detail.reason).to.equal('answered-elsewhere');
    });
  });
});
