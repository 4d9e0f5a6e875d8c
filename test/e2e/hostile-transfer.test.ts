/**
 * Transfer requests from a hostile peer: REFER (RFC 3515) and INVITE with Replaces
 * (RFC 3891), written by hand by a raw SIP-over-WebSocket client (raw-sip-peer.ts), so
 * nothing between the attacker and the kit cleans them. What the kit answers is asserted
 * at that peer; what it does is asserted on the kit and at the other test accounts.
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import type { TransferRequest } from '../../src/core/transfer-policy.js';
import { mountProvider, nextEvent, rigConfig, unmountAll, waitFor } from '../rig/phone-rig.js';
import { header, RawPeerPool, type Dialog, type RawSipPeer, type SipMessage } from './raw-sip-peer.js';

const pool = new RawPeerPool();
const rawPeer = (user = 'heidi'): Promise<RawSipPeer> => pool.peer(user);

/** The raw peer calls `callee` and the kit answers: an established call with the kit. */
const establish = (peer: RawSipPeer, callee: RcPhoneProvider, user: string): Promise<{ dialog: Dialog; callId: string }> => pool.establish(peer, callee, user);

const refer = (peer: RawSipPeer, dialog: Dialog, referTo: string): Promise<SipMessage> => peer.inDialog(dialog, 'REFER', [`Refer-To: ${referTo}`]);

/** The sipfrag status lines of the NOTIFYs the kit sent the peer, with their Subscription-State. */
const notifies = (peer: RawSipPeer): string[] =>
  peer.received.filter((r) => r.method === 'NOTIFY').map((r) => `${r.body.trim()} | ${(header(r, 'subscription-state') ?? '').split(';')[0]}`);

describe('hostile transfer requests (raw SIP peer)', () => {
  let domain: string;
  before(async () => {
    domain = (await rigConfig()).domain;
  });
  afterEach(async () => {
    pool.closeAll();
    await unmountAll();
  });

  describe('REFER', () => {
    const refused: [string, (domain: string) => string][] = [
      ['a target in another domain', () => '<sip:premium@evil.example>'],
      ['URI headers other than Replaces', (d) => `<sip:bob@${d}?P-Asserted-Identity=%3Csip%3Aceo%40${d}%3E>`],
      [
        'a Replaces with CR/LF that would add a header',
        (d) => `<sip:bob@${d}?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2%0D%0AP-Asserted-Identity%3A%20%3Csip%3Aceo%40${d}%3E>`,
      ],
      ['a Replaces with extra parameters', (d) => `<sip:bob@${d}?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2%3Bfoo%3Dbar>`],
      ['a Replaces next to another header', (d) => `<sip:bob@${d}?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2&X-Evil=1>`],
    ];
    for (const [label, referTo] of refused) {
      it(`${label} → 403, transfer-refused, nobody is called`, async () => {
        const alice = await mountProvider('alice');
        const bob = await mountProvider('bob');
        const peer = await rawPeer();
        const { dialog, callId } = await establish(peer, alice, 'alice');
        let bobRang = false;
        bob.addEventListener('rc-call-incoming', () => (bobRang = true));
        const error = nextEvent(alice, 'rc-error');
        const answer = await refer(peer, dialog, referTo(domain));
        expect(answer.status).to.equal(403);
        const { detail } = await error;
        expect(detail.code).to.equal('transfer-refused');
        expect(detail.callId).to.equal(callId);
        expect(alice.snapshot.calls.map((c) => c.direction)).to.deep.equal(['inbound']);
        expect(alice.snapshot.calls[0]!.state).to.equal('established');
        expect(bobRang).to.equal(false);
        expect(notifies(peer)).to.deep.equal([]);
      });
    }

    // sip.js cannot parse these Refer-To values: it would drop the REFER unanswered (the peer's
    // transaction times out). RFC 3515 §2.4.2: 400 for a malformed REFER, 403 for a target
    // the phone will not follow.
    for (const [label, referTo, status] of [
      ['a tel: URI', '<tel:+19005550100>', 403],
      ['garbage', '<<<>>>', 400],
      ['CR/LF in the header (two Refer-To)', '<sip:bob@127.0.0.1>\r\nX-Evil: 1\r\nRefer-To: <sip:x@evil.example>', 400],
    ] as const) {
      it(`${label} → ${status}, transfer-refused, nobody is called, the call goes on`, async () => {
        const alice = await mountProvider('alice');
        const bob = await mountProvider('bob');
        const peer = await rawPeer();
        const { dialog, callId } = await establish(peer, alice, 'alice');
        let bobRang = false;
        bob.addEventListener('rc-call-incoming', () => (bobRang = true));
        const error = nextEvent(alice, 'rc-error');
        expect((await refer(peer, dialog, referTo)).status).to.equal(status);
        expect((await error).detail).to.include({ code: 'transfer-refused', callId });
        expect((await peer.inDialog(dialog, 'INFO', [], 'ping', 'text/plain')).status, 'the call still answers').to.equal(200);
        expect(alice.snapshot.calls.map((c) => c.state)).to.deep.equal(['established']);
        expect(bobRang).to.equal(false);
        expect(notifies(peer)).to.deep.equal([]);
      });
    }

    it('REFERs repeated after a refused one are each answered 403 and reported once', async () => {
      const alice = await mountProvider('alice');
      const peer = await rawPeer();
      const { dialog } = await establish(peer, alice, 'alice');
      const errors: string[] = [];
      alice.addEventListener('rc-error', (e) => errors.push(e.detail.code));
      const answers = [];
      for (const referTo of ['<sip:premium@evil.example>', `<sip:bob@${domain}>`, `<sip:carol@${domain}>`])
        answers.push((await refer(peer, dialog, referTo)).status);
      expect(answers).to.deep.equal([403, 403, 403]);
      expect((await peer.inDialog(dialog, 'INFO', [], 'ping', 'text/plain')).status).to.equal(200);
      expect(errors).to.deep.equal(['transfer-refused']);
      expect(alice.snapshot.calls.map((c) => c.state)).to.deep.equal(['established']);
    });

    it('a transfer in our own domain is followed once, with RFC 3515 NOTIFYs; a second REFER is refused', async () => {
      const alice = await mountProvider('alice');
      const bob = await mountProvider('bob');
      const peer = await rawPeer();
      const { dialog } = await establish(peer, alice, 'alice');
      const bobRings = nextEvent(bob, 'rc-call-incoming');
      expect((await refer(peer, dialog, `<sip:bob@${domain}>`)).status).to.equal(202);
      const incoming = (await bobRings).detail;
      expect(incoming.call.remote.user).to.equal('alice');
      await peer.waitForRequest((r) => r.method === 'NOTIFY' && /180/.test(r.body), 'the NOTIFY of 180 Ringing');
      const error = nextEvent(alice, 'rc-error');
      expect((await refer(peer, dialog, `<sip:carol@${domain}>`)).status, 'the second REFER').to.equal(403);
      expect((await error).detail.code).to.equal('transfer-refused');
      await bob.phone!.getCall(incoming.callId)!.answer();
      await peer.waitForRequest((r) => r.method === 'NOTIFY' && /^SIP\/2\.0 200/.test(r.body), 'the final NOTIFY');
      const sent = notifies(peer);
      // §2.4.4: 100 Trying first; §2.4.5: provisional ones keep the subscription active, the final one ends it.
      expect(sent[0]).to.equal('SIP/2.0 100 Trying | active');
      expect(sent.at(-1)).to.match(/^SIP\/2\.0 200 .* \| terminated$/);
      expect(sent.slice(0, -1).every((line) => / \| active$/.test(line))).to.equal(true);
      const notify = peer.received.find((r) => r.method === 'NOTIFY')!;
      expect(header(notify, 'event')).to.equal('refer');
      expect(header(notify, 'content-type')).to.match(/^message\/sipfrag/);
      const ended = nextEvent(alice, 'rc-call-ended', (e) => e.detail.call.direction === 'inbound');
      await peer.inDialog(dialog, 'BYE');
      expect((await ended).detail.reason).to.equal('transferred');
    });

    it('transferPolicy "never" refuses even our own domain', async () => {
      const alice = await mountProvider('alice', { phoneOptions: { transferPolicy: 'never' } });
      const peer = await rawPeer();
      const { dialog } = await establish(peer, alice, 'alice');
      const error = nextEvent(alice, 'rc-error');
      expect((await refer(peer, dialog, `<sip:bob@${domain}>`)).status).to.equal(403);
      expect((await error).detail.code).to.equal('transfer-refused');
    });

    it('a transferPolicy function sees the request and can allow another domain or refuse', async () => {
      const seen: TransferRequest[] = [];
      const alice = await mountProvider('alice', {
        phoneOptions: {
          transferPolicy: (request) => {
            seen.push(request);
            return Promise.resolve(false);
          },
        },
      });
      const peer = await rawPeer();
      const { dialog, callId } = await establish(peer, alice, 'alice');
      expect((await refer(peer, dialog, `<sip:bob@${domain}>`)).status).to.equal(403);
      expect(seen).to.deep.equal([{ callId, target: `sip:bob@${domain}`, from: `sip:heidi@${domain}`, attended: false }]);
    });

    it('an unsolicited REFER (no dialog) is not followed', async () => {
      const alice = await mountProvider('alice');
      const bob = await mountProvider('bob');
      const peer = await rawPeer();
      let bobRang = false;
      bob.addEventListener('rc-call-incoming', () => (bobRang = true));
      const { response } = await peer.request('REFER', { ruri: `sip:alice@${domain}`, headers: [`Refer-To: <sip:bob@${domain}>`] });
      // sip.js answers a REFER outside any dialog 405 Method Not Allowed (RFC 3261 §8.2.1).
      expect(response.status).to.equal(405);
      expect(alice.snapshot.calls).to.have.length(0);
      expect(bobRang).to.equal(false);
    });
  });

  describe('INVITE with Replaces', () => {
    it('naming a dialog the phone does not have → 481', async () => {
      const alice = await mountProvider('alice');
      const peer = await rawPeer();
      const offer = await pool.offer();
      const { response } = await peer.invite('alice', offer.sdp, ['Replaces: nosuchcall;to-tag=1;from-tag=2']);
      expect(response.status).to.equal(481);
      expect(alice.snapshot.calls).to.have.length(0);
    });

    it('naming a call still ringing here (an early dialog we did not start) → 481, never answered', async () => {
      const alice = await mountProvider('alice');
      const peer = await rawPeer();
      const offer = await pool.offer();
      const ringing = nextEvent(alice, 'rc-call-incoming');
      const invited = peer.invite('alice', offer.sdp);
      await ringing;
      await waitFor(() => peer.responses.some((r) => r.status === 180), 'the 180 Ringing');
      const ringingResponse = peer.responses.find((r) => r.status === 180)!;
      const toTag = /tag=([^;>\s]+)/.exec(header(ringingResponse, 'to')!)![1];
      const fromTag = /tag=([^;>\s]+)/.exec(header(ringingResponse, 'from')!)![1];
      const callId = header(ringingResponse, 'call-id');
      const second = await pool.offer();
      // The caller itself tries to make the phone answer its own ringing call.
      const { response } = await peer.invite('alice', second.sdp, [`Replaces: ${callId};to-tag=${toTag};from-tag=${fromTag}`]);
      expect(response.status).to.equal(481);
      expect(alice.snapshot.calls.map((c) => c.state)).to.deep.equal(['ringing']);
      await alice.phone!.calls[0]!.hangup();
      await invited;
    });

    it('from a party that is not in the call and was not referred by it → 403, the call goes on', async () => {
      const alice = await mountProvider('alice');
      const heidi = await rawPeer('heidi');
      const { dialog, callId } = await establish(heidi, alice, 'alice');
      const mallory = await rawPeer('ivan');
      const offer = await pool.offer();
      const error = nextEvent(alice, 'rc-error');
      const { response } = await mallory.invite('alice', offer.sdp, [`Replaces: ${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`]);
      expect(response.status).to.equal(403);
      expect((await error).detail.code).to.equal('transfer-refused');
      expect(alice.snapshot.calls.map((c) => [c.id, c.state])).to.deep.equal([[callId, 'established']]);
    });

    it('referred by the party of the call (attended transfer) → taken over', async () => {
      const alice = await mountProvider('alice');
      const heidi = await rawPeer('heidi');
      const { dialog, callId } = await establish(heidi, alice, 'alice');
      const judy = await rawPeer('judy');
      const offer = await pool.offer();
      const replaced = nextEvent(alice, 'rc-call-ended', (e) => e.detail.call.id === callId);
      const { response } = await judy.invite('alice', offer.sdp, [
        `Replaces: ${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`,
        `Referred-By: <sip:heidi@${domain}>`,
      ]);
      expect(response.status).to.equal(200);
      expect((await replaced).detail.reason).to.equal('transferred');
      await heidi.waitForRequest((r) => r.method === 'BYE', 'the BYE ending the replaced call');
      expect(alice.snapshot.calls.map((c) => c.remote.user)).to.deep.equal(['judy']);
    });
  });
});
