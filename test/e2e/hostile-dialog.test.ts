/**
 * A hostile party inside an established call: what a raw SIP-over-WebSocket peer
 * (raw-sip-peer.ts) can send once the kit has answered it — re-INVITEs whose SDP would make
 * the browser build hundreds of transports or probe thousands of addresses, oversized and
 * flooding INFO. The kit answers each at the wire (asserted at the peer) and the call goes
 * on (asserted with getStats both ways).
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { expectAudioFlowing, mountProvider, unmountAll, waitFor } from '../rig/phone-rig.js';
import { header, RawPeerPool, type Dialog, type RawSipPeer } from './raw-sip-peer.js';

const pool = new RawPeerPool();

// The rig's Kamailio reads at most 16 KB per message (tcp_rd_buf_size), as many servers
// cap messages: what a peer can send through it is bounded by that, hence "hundreds".

/** The peer's current offer as a new one (RFC 3264 §8: same origin, version + 1), with `edit` applied. */
function reoffer(pc: RTCPeerConnection, edit: (sdp: string) => string): string {
  const sdp = pc.localDescription!.sdp.replace(/^(o=\S+ \S+ )(\d+)/m, (_, head: string, version: string) => `${head}${Number(version) + 1}`);
  return edit(sdp);
}

describe('a hostile party in an established call (raw SIP peer)', () => {
  let alice: RcPhoneProvider;
  let peer: RawSipPeer;
  let dialog: Dialog;
  let callId: string;
  let pc: RTCPeerConnection;

  beforeEach(async () => {
    alice = await mountProvider('alice');
    peer = await pool.peer();
    ({ dialog, callId, pc } = await pool.establish(peer, alice, 'alice', { microphone: true }));
  });
  afterEach(async () => {
    pool.closeAll();
    await unmountAll();
  });

  /** The call is still up at the kit and at the peer, with audio both ways. */
  async function callGoesOn(): Promise<void> {
    expect(alice.phone!.getCall(callId)?.state).to.equal('established');
    expect((await peer.inDialog(dialog, 'INFO', [], 'ping', 'text/plain')).status, 'an INFO after it').to.equal(200);
    await expectAudioFlowing(pc, 'the peer');
    await expectAudioFlowing(alice.phone!.getCall(callId)!.peerConnection, 'the kit');
  }

  describe('re-INVITE with hostile SDP → 488 (RFC 3261 §21.4.26), the call goes on', () => {
    const cases: [string, (sdp: string) => string][] = [
      [
        'a hundred and twenty audio sections',
        (sdp) => {
          // Their ICE credentials and fingerprint at session level (RFC 8839 §5.4, RFC 8122 §5) keep
          // each section short enough to fit a hundred through the server, and acceptable to the browser.
          const shared = ['ice-ufrag', 'ice-pwd', 'fingerprint', 'setup'].map((name) => new RegExp(`^a=${name}:[^\\r\\n]*\\r\\n`, 'm').exec(sdp)![0]).join('');
          const session = sdp.replace(/\r\nm=/, `\r\n${shared}m=`);
          return (
            session +
            Array.from(
              { length: 120 },
              (_, i) => `m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:x${i}\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n`,
            ).join('')
          );
        },
      ],
      [
        'two hundred and fifty candidates',
        (sdp) =>
          sdp.replace(
            /(a=candidate:[^\r\n]*\r\n)/,
            (first) => first + Array.from({ length: 250 }, (_, i) => `a=candidate:${i} 1 udp 1 10.9.${i >> 8}.${i & 255} 9 typ host\r\n`).join(''),
          ),
      ],
    ];
    for (const [label, edit] of cases) {
      it(label, async () => {
        const response = await peer.inDialog(dialog, 'INVITE', [], reoffer(pc, edit), 'application/sdp');
        expect(response.status).to.equal(488);
        await callGoesOn();
      });
    }
  });

  describe('INFO (RFC 6086)', () => {
    const dtmf = (tone: string): Promise<number> =>
      peer.inDialog(dialog, 'INFO', [], `Signal=${tone}\r\nDuration=100\r\n`, 'application/dtmf-relay').then((r) => r.status!);

    it('a body over 8 KB → 413, not handed on, the call goes on', async () => {
      const tones: string[] = [];
      alice.addEventListener('rc-dtmf-received', (e) => tones.push(e.detail.tone));
      const huge = `Signal=7\r\nDuration=100\r\nX: ${'x'.repeat(9_000)}\r\n`;
      expect((await peer.inDialog(dialog, 'INFO', [], huge, 'application/dtmf-relay')).status).to.equal(413);
      expect(await dtmf('1')).to.equal(200);
      expect(tones).to.deep.equal(['1']);
      await callGoesOn();
    });

    it('a flood → each answered, those beyond 20 a second refused 480 with Retry-After and not handed on', async () => {
      const tones: string[] = [];
      alice.addEventListener('rc-dtmf-received', (e) => tones.push(e.detail.tone));
      const statuses = await Promise.all(Array.from({ length: 60 }, () => dtmf('5')));
      // Every INFO the kit counted arrived before its answer did.
      const floodAnswered = performance.now();
      const accepted = statuses.filter((status) => status === 200).length;
      expect(accepted).to.be.within(1, 20);
      expect(statuses.filter((status) => status === 480)).to.have.length(60 - accepted);
      expect(peer.responses.filter((r) => r.status === 480).every((r) => header(r, 'retry-after') === '1')).to.equal(true);
      expect(tones).to.have.length(accepted);
      // Once the second is over, requests are handed on again (a poll for the first 200 could
      // land while 19 are still counted, and the next request would be refused).
      await waitFor(() => performance.now() - floodAnswered > 1_000, "the limiter's second is over", 2_000);
      expect(await dtmf('9'), 'an INFO after the flood').to.equal(200);
      await callGoesOn();
    });
  });
});
