/**
 * Odd Contact URIs from a raw caller (raw-sip-peer.ts): the Contact of an INVITE is where
 * the kit sends every later request of the call (RFC 3261 §12.1.2), so what it does with one
 * is asserted where those requests arrive — at the peer.
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { commandsOf, mountProvider, nextEvent, unmountAll } from '../rig/phone-rig.js';
import { RawPeerPool, type RawSipPeer } from './raw-sip-peer.js';

const pool = new RawPeerPool();

describe('odd Contact URIs from a raw caller', () => {
  let alice: RcPhoneProvider;
  let peer: RawSipPeer;
  beforeEach(async () => {
    alice = await mountProvider('alice');
    peer = await pool.peer();
  });
  afterEach(async () => {
    pool.closeAll();
    await unmountAll();
  });

  // URI headers are no part of a dialog's Contact nor of a Request-URI (RFC 3261 §19.1.1, Table 1).
  const HEADERS = '?Subject=pwned&Call-Info=%3Chttp://evil.invalid/%3E&X-Evil=1';
  for (const [label, user] of [
    // sip.js would write `%3A` and `%3F` unescaped: `:` then starts a password, `?` URI headers.
    ['an escaped user part (CR/LF, NUL, `:`, `?`)', '%0D%0AX-Evil%3A%201%00%3FSubject%3Dx@'],
    ['no user part', ''],
  ] as const) {
    it(`${label} and URI headers: rings; the hold re-INVITE and the BYE go to that Contact without its headers`, async () => {
      const target = `sip:${user}${peer.host};transport=ws`;
      const { callId } = await pool.establish(peer, alice, 'alice', { contact: `<${target}${HEADERS}>` });
      // The peer refuses the hold: only the request it received matters here.
      peer.answer = (request) => (request.method === 'INVITE' ? 488 : 200);
      const refused = nextEvent(alice, 'rc-error');
      expect(await commandsOf(alice).hold(callId)).to.equal(false);
      expect((await refused).detail.code).to.equal('hold-failed');
      const ended = nextEvent(alice, 'rc-call-ended');
      expect(await commandsOf(alice).hangup(callId)).to.equal(true);
      await ended;
      const bye = await peer.waitForRequest((request) => request.method === 'BYE', 'the BYE');
      const reinvite = peer.received.find((request) => request.method === 'INVITE');
      for (const request of [reinvite, bye]) {
        // The escapes stay escapes (RFC 3261 §19.1.2): CR/LF never becomes a line of the request.
        expect(request?.startLine, `${request?.method}'s Request-URI`).to.equal(`${request?.method} ${target} SIP/2.0`);
        for (const name of ['subject', 'call-info', 'x-evil']) expect(request?.headers.has(name), `${request?.method} has ${name}`).to.equal(false);
      }
    });
  }

  it('a Contact sip.js cannot read (tel:, an empty user, a non-UTF-8 escape, headers outside <>, garbage) → 400 at the caller at once; nothing rings, no rc-error', async () => {
    const rang: string[] = [];
    const errors: string[] = [];
    alice.addEventListener('rc-call-incoming', (event) => rang.push(event.detail.callId));
    alice.addEventListener('rc-error', (event) => errors.push(event.detail.code));
    const { sdp } = await pool.offer();
    const unreadable = [
      '<tel:+15551234567>',
      `<sip:@${peer.host};transport=ws>`,
      // An escape that decodes to no UTF-8 text.
      `<sip:%C0@${peer.host};transport=ws>`,
      `<sip:heidi@${peer.host};transport=ws>?Subject=x`,
      'garbage<<',
    ];
    for (const contact of unreadable) {
      // sip.js alone drops such an INVITE unanswered: the peer would wait for its timer.
      const { response } = await peer.request('INVITE', { ruri: `sip:alice@${peer.domain}`, contact, body: sdp }, 2_000);
      expect(`${response.status} ${response.startLine.slice(12)}`, contact).to.equal('400 Bad Contact');
    }
    expect(rang).to.deep.equal([]);
    // A peer's malformed request is no fault of the page's: it is answered, not reported.
    expect(errors).to.deep.equal([]);
    expect(alice.snapshot.registration).to.equal('registered');
  });
});
