/**
 * Hostile and malformed input from every direction: dial strings, attribute values,
 * caller identities, SDP and in-dialog messages from a malicious peer, command arguments.
 * Each case must end in a typed rc-error or a safe value: never an exception escaping,
 * never markup injected, never a secret in the console.
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { account, commandsOf, mountProvider, nextEvent, rigConfig, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';
import { PhoneStatusHarness } from '../../src/elements/rc-phone-status/rc-phone-status.harness.js';
import type { RcPhoneStatus } from '../../src/elements/rc-phone-status/rc-phone-status.component.js';
import { shadowRoots } from './elements-helpers.js';
import { header, RawPeerPool, RawSipPeer } from './raw-sip-peer.js';
import { sipjsFarEnd } from './sipjs-far-end.js';

declare global {
  interface Window {
    __pwned?: boolean;
  }
}

const MARKUP = '<img src=x onerror="window.__pwned=true">';

/** Every element of the page, inside every shadow root too (a plain querySelector stops at them). */
const deepQueryAll = (selector: string): Element[] => [document, ...shadowRoots(document.body)].flatMap((root) => [...root.querySelectorAll(selector)]);

/** The text the page shows, shadow roots included. */
const renderedText = (): string =>
  shadowRoots(document.body)
    .map((root) => root.textContent ?? '')
    .join(' ');

function expectNoInjection(): void {
  // MARKUP's element, or any element carrying an event handler attribute or a script.
  const planted = [...deepQueryAll('img[src="x"], [onerror]'), ...shadowRoots(document.body).flatMap((root) => [...root.querySelectorAll('script, iframe')])];
  expect(planted, 'markup from hostile input').to.deep.equal([]);
  expect(window.__pwned).to.equal(undefined);
}

const pool = new RawPeerPool();

/**
 * The raw peer calls the `<rc-phone>` of `callee` (as `user`) with the From display name
 * written as `wire` (RFC 3261 §25.1 display-name, quotes included); resolves with
 * what the kit reports, once `<rc-phone>` shows the ringing call, and a CANCEL to end it.
 */
async function ringFrom(
  peer: RawSipPeer,
  callee: RcPhoneProvider,
  user: string,
  wire: string,
): Promise<{ seen: string; header: (name: string) => string | undefined; cancel: () => Promise<void> }> {
  const offer = await pool.offer();
  const ringing = nextEvent(callee, 'rc-call-incoming');
  const invite = peer.send('INVITE', {
    ruri: `sip:${user}@${peer.domain}`,
    from: `${wire} <${peer.uri}>;tag=${Math.random().toString(36).slice(2)}`,
    body: offer.sdp,
  });
  const { detail } = await ringing;
  await waitFor(() => deepQueryAll('rc-incoming-call[ringing]').length === 1, '<rc-incoming-call> to show the call');
  await waitFor(() => peer.responses.some((r) => r.status === 180), 'the 180 Ringing');
  return {
    seen: detail.call.remote.displayName,
    header: (name) => callee.phone!.getCall(detail.callId)?.header(name),
    cancel: async () => {
      const ended = nextEvent(callee, 'rc-call-ended');
      await peer.cancel(invite);
      await ended;
      await invite.final;
    },
  };
}

describe('hostile input', () => {
  afterEach(async () => {
    pool.closeAll();
    await unmountAll();
    expectNoInjection();
  });

  describe('dial strings', () => {
    const cases = [
      '',
      '   ',
      'bob smith',
      '<script>alert(1)</script>',
      MARKUP,
      'sip:',
      'sip:@',
      'sip:bob@exa mple.com',
      'sip:bob@host>',
      '"quoted"',
      'javascript:alert(1)',
      'bob\r\nX-Evil: 1',
      'bob\u0000',
      '😀📞',
      'a'.repeat(300) + ' x',
    ];
    for (const target of cases) {
      it(`${JSON.stringify(target.slice(0, 30))} → invalid-target, no call`, async () => {
        const alice = await mountProvider('alice');
        const error = nextEvent(alice, 'rc-error');
        expect(await commandsOf(alice).call(target)).to.equal(undefined);
        expect((await error).detail.code).to.equal('invalid-target');
        expect(alice.snapshot.calls).to.have.length(0);
      });
    }

    for (const value of [null, undefined, 42, { toString: () => 'bob' }]) {
      it(`a non-string target (${String(value)}) → invalid-target`, async () => {
        const alice = await mountProvider('alice');
        const error = nextEvent(alice, 'rc-error');
        expect(await commandsOf(alice).call(value as unknown as string)).to.equal(undefined);
        expect((await error).detail.code).to.equal('invalid-target');
      });
    }
  });

  describe('attribute values', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['server is a javascript: URL', { server: 'javascript:alert(1)', uri: 'sip:alice@127.0.0.1' }, 'invalid-configuration'],
      ['server is http://', { server: 'http://127.0.0.1:1', uri: 'sip:alice@127.0.0.1' }, 'invalid-configuration'],
      ['server has no host', { server: 'ws://', uri: 'sip:alice@127.0.0.1' }, 'invalid-configuration'],
      ['uri is markup', { server: 'ws://127.0.0.1:9', uri: MARKUP }, 'invalid-configuration'],
      ['uri has no user', { server: 'ws://127.0.0.1:9', uri: 'sip:@127.0.0.1' }, 'invalid-configuration'],
      ['uri has spaces', { server: 'ws://127.0.0.1:9', uri: 'sip:al ice@127.0.0.1' }, 'invalid-configuration'],
    ];
    for (const [label, attributes, code] of cases) {
      it(`${label} → ${code}`, async () => {
        const el = document.createElement('rc-phone-provider');
        for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
        const error = nextEvent(el, 'rc-error');
        document.body.append(el);
        try {
          expect((await error).detail.code).to.equal(code);
        } finally {
          el.remove();
        }
      });
    }

    it('garbage auto-register still registers; a huge instance-id is invalid-configuration', async () => {
      const el = document.createElement('rc-phone-provider');
      el.setAttribute('server', (await rigConfig()).servers['primary']!);
      el.setAttribute('uri', await sipUri('dave'));
      el.setAttribute('auto-register', '🙃');
      el.setAttribute('instance-id', 'x'.repeat(5000));
      el.password = 'dave-secret';
      const settled = Promise.race([
        nextEvent(el, 'rc-registration-change', (e) => e.detail.state === 'registered').then(() => 'registered'),
        nextEvent(el, 'rc-error').then((e) => e.detail.code),
      ]);
      document.body.append(el);
      try {
        expect(await settled).to.equal('invalid-configuration');
        el.removeAttribute('instance-id');
        await nextEvent(el, 'rc-registration-change', (e) => e.detail.state === 'registered');
      } finally {
        el.remove();
      }
    });
  });

  // Sent by a raw peer (raw-sip-peer.ts), which cleans nothing: what reaches the page is the
  // kit's receive-side cleaning, rendered by <rc-phone> (its <rc-incoming-call>).
  describe('caller identity from a raw peer, rendered by <rc-phone>', () => {
    let peer: RawSipPeer;
    let bob: RcPhoneProvider;
    before(async () => {
      peer = await RawSipPeer.open('heidi');
    });
    after(() => peer.close());
    beforeEach(async () => {
      bob = await mountProvider('bob', { children: '<rc-phone></rc-phone>' });
    });

    const cases: [label: string, wire: string, shown: string][] = [
      ['a script-bearing name arrives as plain text', `"${MARKUP.replace(/"/g, '\\"')}"`, MARKUP],
      ['quotes and backslashes survive (RFC 3261 §25.1 quoted-pair)', '"Bob \\"The Builder\\" \\\\o/"', 'Bob "The Builder" \\o/'],
      // CR/LF reaches a display name only as a folded line between tokens (RFC 3261 §7.3.1):
      // a proxy refuses it inside a quoted string (Kamailio does).
      ['CR/LF (a folded line) cannot add a header', 'Eve\r\n X-Injected', 'Eve X-Injected'],
      ['bidi overrides and escaped control characters are stripped', '"Bank\u202Emoc.evil\\\u0007\u2066"', 'Bankmoc.evil'],
      ['unicode names are kept', '"Zoë 😀 שלום 北京"', 'Zoë 😀 שלום 北京'],
      // The rig's Kamailio reads at most 16 KB per message: 12 000 characters pass through it.
      ['a 12 000-character name is capped to 128', `"${'x'.repeat(12_000)}"`, 'x'.repeat(128)],
    ];
    for (const [label, wire, shown] of cases) {
      it(label, async () => {
        const call = await ringFrom(peer, bob, 'bob', wire);
        expect(call.seen).to.equal(shown);
        expect(renderedText(), 'the name <rc-phone> shows').to.include(shown);
        expect(renderedText()).not.to.include(shown + 'x');
        expect(call.header('X-Injected')).to.equal(undefined);
        expectNoInjection();
        await call.cancel();
      });
    }

    it('URI headers in the From URI are no part of the caller: not in remote.uri, not in a call back (seen at the called sip.js phone)', async () => {
      // The call back goes to carol, a plain sip.js phone: what the kit sends is read there.
      const carol = await sipjsFarEnd('carol', (invitation) => void invitation.reject({ statusCode: 486 }));
      try {
        const offer = await pool.offer();
        const ringing = nextEvent(bob, 'rc-call-incoming');
        const from = `<sip:carol@${peer.domain}?X-Evil=1&Subject=pwned>;tag=${Math.random().toString(36).slice(2)}`;
        const invite = peer.send('INVITE', { ruri: `sip:bob@${peer.domain}`, from, body: offer.sdp });
        const { detail } = await ringing;
        // The headers did reach the phone: the INVITE's From still has them.
        expect(bob.phone!.getCall(detail.callId)?.header('From')).to.include('?X-Evil=1');
        expect(detail.call.remote.uri).to.equal(`sip:carol@${peer.domain}`);
        const ended = nextEvent(bob, 'rc-call-ended');
        await peer.cancel(invite);
        await ended;
        await invite.final;
        // The missed call's "Call back" in <rc-phone>.
        await new PhoneStatusHarness(deepQueryAll('rc-phone-status')[0] as RcPhoneStatus).callAgain();
        await waitFor(() => carol.invites.length === 1, 'the call back to reach carol');
        const request = carol.invites[0]!.invitation.request;
        expect(request.to.uri.toString(), 'the call back is addressed to').to.equal(`sip:carol@${peer.domain}`);
        expect(request.getHeader('X-Evil')).to.equal(undefined);
        expect(request.getHeader('Subject')).to.equal(undefined);
      } finally {
        await carol.stop();
      }
    });

    it('a %-escaped user part (CR/LF, BEL, a bidi override) is cleaned like a display name', async () => {
      const offer = await pool.offer();
      const ringing = nextEvent(bob, 'rc-call-incoming');
      const from = `<sip:%E2%80%AEmoc.evil%0D%0A%07bob@${peer.domain}>;tag=${Math.random().toString(36).slice(2)}`;
      const invite = peer.send('INVITE', { ruri: `sip:bob@${peer.domain}`, from, body: offer.sdp });
      const { detail } = await ringing;
      expect(detail.call.remote.user).to.equal('moc.evilbob');
      // The URI keeps its escapes (RFC 3261 §19.1.2): text that is safe to send back.
      expect(detail.call.remote.uri).to.equal(`sip:%E2%80%AEmoc.evil%0D%0A%07bob@${peer.domain}`);
      await waitFor(() => deepQueryAll('rc-incoming-call[ringing]').length === 1, '<rc-incoming-call> to show the call');
      expect(renderedText(), 'the user <rc-phone> shows').to.include('moc.evilbob');
      expect(renderedText()).not.to.match(/[\u0007\u202e]|moc\.evil\s+bob/);
      const ended = nextEvent(bob, 'rc-call-ended');
      await peer.cancel(invite);
      await ended;
      await invite.final;
    });

    it('a From URI with no user part rings, shown by its address', async () => {
      const offer = await pool.offer();
      const ringing = nextEvent(bob, 'rc-call-incoming');
      const from = `<sip:${peer.domain}>;tag=${Math.random().toString(36).slice(2)}`;
      const invite = peer.send('INVITE', { ruri: `sip:bob@${peer.domain}`, from, body: offer.sdp });
      const { detail } = await ringing;
      expect(detail.call.remote.user).to.equal('');
      expect(detail.call.remote.uri).to.equal(`sip:${peer.domain}`);
      await waitFor(() => deepQueryAll('rc-incoming-call[ringing]').length === 1, '<rc-incoming-call> to show the call');
      expect(renderedText(), 'the address <rc-phone> shows').to.include(`sip:${peer.domain}`);
      const ended = nextEvent(bob, 'rc-call-ended');
      await peer.cancel(invite);
      await ended;
      await invite.final;
    });

    it("a PSTN gateway's tel: From and To (RFC 3966) ring, show the number, are answered, and come back as tel: in the answer and the BYE (at the peer)", async () => {
      const offer = await pool.offer();
      // sip.js 0.21 cannot parse tel: in From/To and drops the INVITE: bounded, so that fails fast.
      const ringing = nextEvent(bob, 'rc-call-incoming', () => true, 5_000);
      const invited = peer.invite('bob', offer.sdp, [], { fromUri: 'tel:+15551234567', to: 'tel:+18005550100' });
      const { detail } = await ringing;
      expect(detail.call.remote.user).to.equal('+15551234567');
      await waitFor(() => deepQueryAll('rc-incoming-call[ringing]').length === 1, '<rc-incoming-call> to show the call');
      expect(renderedText(), 'the number <rc-phone> shows').to.include('+15551234567');
      await waitFor(() => peer.responses.some((r) => r.status === 180), 'the 180 Ringing at the peer');
      expect(await commandsOf(bob).answer(detail.callId)).to.equal(true);
      const { dialog, response } = await invited;
      expect(response.status, 'the answer at the peer').to.equal(200);
      // RFC 3261 §8.2.6.2: a response's From and To are the request's (the To with the kit's tag).
      expect(header(response, 'from'), "the answer's From").to.equal(`<tel:+15551234567>;tag=${dialog!.localTag}`);
      expect(header(response, 'to'), "the answer's To").to.equal(`<tel:+18005550100>;tag=${dialog!.remoteTag}`);
      await offer.accept(response.body);
      await waitFor(() => bob.snapshot.calls[0]?.state === 'established', 'the call to be established');
      // The gateway's in-dialog requests (its From still tel:) reach the call.
      expect((await peer.inDialog(dialog!, 'INFO', [], 'ping', 'text/plain')).status).to.equal(200);
      const ended = nextEvent(bob, 'rc-call-ended');
      expect(await commandsOf(bob).hangup(detail.callId)).to.equal(true);
      await ended;
      // RFC 3261 §12.2.1.1: To is the remote URI and From the local URI, as the gateway sent them.
      const bye = await peer.waitForRequest((r) => r.method === 'BYE' && header(r, 'call-id') === dialog!.callId, 'the BYE at the peer');
      expect(header(bye, 'to'), "the BYE's To").to.equal(`<tel:+15551234567>;tag=${dialog!.localTag}`);
      expect(header(bye, 'from'), "the BYE's From").to.match(new RegExp(`^(?:"[^"]*" )?<tel:\\+18005550100>;tag=${dialog!.remoteTag}$`));
    });

    for (const [binary, shown] of [
      ['utf-8', 'René'],
      ['latin-1', 'Ren\uFFFD'],
    ] as const) {
      it(`an INVITE in a binary WebSocket frame (${binary}) rings, the name decoded as UTF-8; the phone stays connected`, async () => {
        const offer = await pool.offer();
        const changes: string[] = [];
        bob.addEventListener('rc-connection-change', (event) => changes.push(event.detail.state));
        const ringing = nextEvent(bob, 'rc-call-incoming');
        const from = `"René" <${peer.uri}>;tag=${Math.random().toString(36).slice(2)}`;
        const invite = peer.send('INVITE', { ruri: `sip:bob@${peer.domain}`, from, body: offer.sdp, binary });
        expect((await ringing).detail.call.remote.displayName).to.equal(shown);
        await waitFor(() => peer.responses.some((r) => r.status === 180), 'the 180 Ringing at the peer');
        const ended = nextEvent(bob, 'rc-call-ended');
        await peer.cancel(invite);
        await ended;
        await invite.final;
        expect(changes, 'connection changes').to.deep.equal([]);
        expect(bob.snapshot.registration).to.equal('registered');
      });
    }

    it('script-bearing headers ring as a normal call and never become markup', async () => {
      const offer = await pool.offer();
      const ringing = nextEvent(bob, 'rc-call-incoming');
      const invite = peer.send('INVITE', {
        ruri: `sip:bob@${peer.domain}`,
        body: offer.sdp,
        headers: [`P-Asserted-Identity: "${MARKUP.replace(/"/g, '\\"')}" <sip:evil@127.0.0.1>`, `X-Name: ${MARKUP}`],
      });
      const { detail } = await ringing;
      expect(detail.call.remote.user).to.equal(peer.user);
      await waitFor(() => deepQueryAll('rc-incoming-call[ringing]').length === 1, '<rc-incoming-call> to show the call');
      expectNoInjection();
      const ended = nextEvent(bob, 'rc-call-ended');
      expect(await commandsOf(bob).decline(detail.callId)).to.equal(true);
      await ended;
      expect((await invite.final).response.status).to.be.at.least(400);
    });

    for (const [label, sdp] of [
      ['garbage SDP', 'this is not SDP <script>alert(1)</script>'],
      ['SDP without any media section', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'],
      [
        'SDP with a video-only offer',
        'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\n',
      ],
    ] as const) {
      it(`${label}: answering fails with a typed error, the caller gets a failure, the call ends`, async () => {
        const ringing = nextEvent(bob, 'rc-call-incoming');
        const invite = peer.send('INVITE', { ruri: `sip:bob@${peer.domain}`, body: sdp });
        const { detail } = await ringing;
        const error = nextEvent(bob, 'rc-error');
        expect(await commandsOf(bob).answer(detail.callId)).to.equal(false);
        expect((await error).detail.code).to.equal('call-failed');
        expect((await invite.final).response.status).to.be.at.least(400);
        await waitFor(() => bob.snapshot.calls.length === 0, 'the broken call to be gone');
      });
    }
  });

  describe('command arguments', () => {
    async function established(): Promise<{ alice: RcPhoneProvider; bob: RcPhoneProvider; callId: string }> {
      const alice = await mountProvider('alice');
      const bob = await mountProvider('bob');
      const ringing = nextEvent(bob, 'rc-call-incoming');
      const call = await alice.phone!.call('bob');
      const up = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
      await bob.phone!.getCall((await ringing).detail.callId)!.answer();
      await up;
      return { alice, bob, callId: call.id };
    }

    const cases: [string, (c: ReturnType<typeof commandsOf>, id: string) => Promise<unknown>, string][] = [
      ['DTMF with markup', (c, id) => c.sendDtmf(id, MARKUP), 'dtmf-failed'],
      ['empty DTMF', (c, id) => c.sendDtmf(id, ''), 'dtmf-failed'],
      ['hold of an unknown call', (c) => c.hold('no-such-call'), 'invalid-state'],
      ['hangup of an unknown call', (c) => c.hangup('<script>'), 'invalid-state'],
      ['transfer to an empty target', (c, id) => c.transfer(id, ''), 'invalid-target'],
      ['transfer to markup', (c, id) => c.transfer(id, MARKUP), 'invalid-target'],
      ['attended transfer to an unknown call', (c, id) => c.transfer(id, { callId: 'nope' }), 'transfer-failed'],
      ['answer of an outgoing call', (c, id) => c.answer(id), 'invalid-state'],
      ['a microphone that does not exist', (c) => c.setAudioInput('no-such-device'), 'no-microphone'],
    ];
    for (const [label, act, code] of cases) {
      it(`${label} → ${code}, the call goes on`, async () => {
        const { alice, bob, callId } = await established();
        const error = nextEvent(alice, 'rc-error');
        expect(await act(commandsOf(alice), callId)).to.equal(false);
        expect((await error).detail.code).to.equal(code);
        expect(alice.snapshot.calls[0]?.state).to.equal('established');
        const ended = nextEvent(bob, 'rc-call-ended');
        await commandsOf(alice).hangup(callId);
        await ended;
      });
    }
  });

  it('a SIP trace of a registration, a digest challenge and a call carries no secret', async () => {
    const password = 'Planted-Pa55word-7f3a';
    const lines: string[] = [];
    const original = { debug: console.debug, log: console.log, warn: console.warn, error: console.error, info: console.info };
    for (const level of Object.keys(original) as (keyof typeof original)[]) {
      console[level] = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    }
    const logger = (_level: string, message: string): number => lines.push(message);
    const phoneOptions = { traceSip: true, logger };
    try {
      // A wrong password on purpose: its digest exchange (401, then a REGISTER with an
      // Authorization, then 403) is traced too.
      const alice = await mountProvider('alice', { password, register: false, phoneOptions });
      await nextEvent(alice, 'rc-error');
      const bob = await mountProvider('bob', { phoneOptions });
      const carol = await mountProvider('carol', { phoneOptions });
      const ringing = nextEvent(carol, 'rc-call-incoming');
      const call = await bob.phone!.call('carol');
      await ringing;
      const ended = nextEvent(carol, 'rc-call-ended');
      await call.hangup();
      await ended;
    } finally {
      Object.assign(console, original);
    }
    const all = lines.join('\n');
    // The trace is there: the challenge, the answer to it, the call and its SDP.
    expect(all).to.match(/^REGISTER sip:/m);
    expect(all).to.match(/^SIP\/2\.0 401 /m);
    expect(all).to.match(/^Authorization:/im);
    expect(all).to.match(/^INVITE sip:carol@/m);
    expect(all).to.match(/^a=ice-pwd:/m);
    // …and what it carried is gone: the digest response (RFC 3261 §22.4), the SDP's ICE
    // password (RFC 8839 §5.4), the accounts' passwords, any bearer token.
    expect(all).not.to.match(/response="?[0-9a-f]{32}/i);
    expect(all).not.to.match(/^a=ice-pwd:(?!\[redacted\])/m);
    expect(all).not.to.match(/Bearer\s+(?!\[redacted\])|\beyJ[\w-]*\./);
    for (const secret of [password, (await account('bob')).password, (await account('carol')).password]) expect(all).not.to.include(secret);
  });
});
