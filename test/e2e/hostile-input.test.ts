/**
 * Hostile and malformed input from every direction: dial strings, attribute values,
 * caller identities, SDP and in-dialog messages from a malicious peer, command arguments.
 * Each case must end in a typed rc-error or a safe value: never an exception escaping,
 * never markup injected, never a secret in the console.
 */
import { expect } from '@open-wc/testing';
import { UserAgent, Inviter, Registerer, type SessionDescriptionHandler } from 'sip.js';
import { consoleLogger } from '../../src/core/log.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { account, commandsOf, mountProvider, nextEvent, rigConfig, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';

declare global {
  interface Window {
    __pwned?: boolean;
  }
}

const MARKUP = '<img src=x onerror="window.__pwned=true">';

function expectNoInjection(): void {
  expect(document.querySelector('img'), 'markup from hostile input').to.equal(null);
  expect(window.__pwned).to.equal(undefined);
}

/** Mounts a provider whose display name is `name` and calls bob; resolves with what bob sees. */
async function callBobAs(user: string, name: string): Promise<{ seen: string; hangup: () => Promise<void>; bob: RcPhoneProvider }> {
  const caller = await mountProvider(user, { displayName: name });
  const bob = await mountProvider('bob');
  const ringing = nextEvent(bob, 'rc-call-incoming');
  const call = await caller.phone!.call('bob');
  const { detail } = await ringing;
  return {
    seen: detail.call.remote.displayName,
    bob,
    hangup: async () => {
      const ended = nextEvent(bob, 'rc-call-ended');
      await call.hangup();
      await ended;
    },
  };
}

/**
 * A malicious far end built on raw sip.js: registers as `user` and sends INVITEs whose body
 * and headers it chooses (the kit's own stack never sends such things).
 */
async function maliciousPeer(user: string, sdp: string, extraHeaders: string[] = []): Promise<{ ua: UserAgent; invite: (target: string) => Promise<Inviter> }> {
  const { servers, domain } = await rigConfig();
  const acct = await account(user);
  const badHandler = (): SessionDescriptionHandler => ({
    close: () => undefined,
    getDescription: () => Promise.resolve({ body: sdp, contentType: 'application/sdp' }),
    hasDescription: () => true,
    rollbackDescription: () => Promise.resolve(),
    sendDtmf: () => false,
    setDescription: () => Promise.resolve(),
  });
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${user}@${domain}`),
    transportOptions: { server: servers['primary'] },
    authorizationUsername: user,
    authorizationPassword: acct.password,
    sessionDescriptionHandlerFactory: badHandler,
    logBuiltinEnabled: false,
  });
  await ua.start();
  await new Registerer(ua).register();
  return {
    ua,
    invite: async (target) => {
      const inviter = new Inviter(ua, UserAgent.makeURI(`sip:${target}@${domain}`)!, { extraHeaders });
      await inviter.invite();
      return inviter;
    },
  };
}

describe('hostile input', () => {
  afterEach(async () => {
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

  describe('caller identity', () => {
    it('a script-bearing display name arrives as plain text', async () => {
      const { seen, hangup } = await callBobAs('erin', MARKUP);
      expect(seen).to.equal(MARKUP);
      await hangup();
    });

    it('quotes and backslashes survive the round trip (RFC 3261 quoted-pair)', async () => {
      const name = 'Bob "The Builder" \\o/';
      const { seen, hangup } = await callBobAs('erin', name);
      expect(seen).to.equal(name);
      await hangup();
    });

    it('CRLF cannot inject a header', async () => {
      const { seen, bob, hangup } = await callBobAs('erin', 'Eve\r\nX-Injected: yes');
      expect(seen).to.equal('EveX-Injected: yes');
      expect(bob.phone!.calls[0]!.header('X-Injected')).to.equal(undefined);
      await hangup();
    });

    it('bidi overrides and control characters are stripped', async () => {
      const { seen, hangup } = await callBobAs('frank', 'Bank\u202Emoc.evil\u0007');
      expect(seen).to.equal('Bankmoc.evil');
      await hangup();
    });

    it('unicode names are kept', async () => {
      const name = 'Zoë 😀 שלום 北京';
      const { seen, hangup } = await callBobAs('frank', name);
      expect(seen).to.equal(name);
      await hangup();
    });

    it('a huge display name is capped', async () => {
      const { seen, hangup } = await callBobAs('grace', 'x'.repeat(5000));
      expect(seen).to.have.length(128);
      await hangup();
    });
  });

  describe('a malicious peer', () => {
    it('script-bearing headers ring as a normal call and never become markup', async () => {
      const alice = await mountProvider('alice');
      const peer = await maliciousPeer('heidi', 'v=0\r\n', [`P-Asserted-Identity: "${MARKUP.replace(/"/g, "'")}" <sip:evil@127.0.0.1>`, `X-Name: ${MARKUP}`]);
      try {
        const ringing = nextEvent(alice, 'rc-call-incoming');
        await peer.invite('alice');
        const { detail } = await ringing;
        expect(detail.call.remote.user).to.equal('heidi');
        const ended = nextEvent(alice, 'rc-call-ended');
        expect(await commandsOf(alice).decline(detail.callId)).to.equal(true);
        await ended;
      } finally {
        await peer.ua.stop();
      }
    });

    for (const [label, sdp] of [
      ['garbage SDP', 'this is not SDP <script>alert(1)</script>'],
      ['SDP without any media section', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n'],
      [
        'SDP with a video-only offer',
        'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\n',
      ],
    ] as const) {
      it(`${label}: answering fails with a typed error and the call ends`, async () => {
        const alice = await mountProvider('alice');
        const peer = await maliciousPeer('heidi', sdp);
        try {
          const ringing = nextEvent(alice, 'rc-call-incoming');
          await peer.invite('alice');
          const { detail } = await ringing;
          const error = nextEvent(alice, 'rc-error');
          expect(await commandsOf(alice).answer(detail.callId)).to.equal(false);
          expect((await error).detail.code).to.equal('call-failed');
          await waitFor(() => alice.snapshot.calls.length === 0, 'the broken call to be gone');
        } finally {
          await peer.ua.stop();
        }
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

  it('debug logging of a whole call contains no planted password or token', async () => {
    const password = 'Planted-Pa55word-7f3a';
    const token = 'planted.jwt.token-1c9e';
    const lines: string[] = [];
    const original = { debug: console.debug, log: console.log, warn: console.warn, error: console.error, info: console.info };
    for (const level of Object.keys(original) as (keyof typeof original)[]) {
      console[level] = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    }
    try {
      const logger = consoleLogger(true);
      // A wrong password on purpose: its digest exchange is logged at debug level too.
      const alice = await mountProvider('alice', { password, register: false, phoneOptions: { logger } });
      await nextEvent(alice, 'rc-error');
      logger('debug', `Authorization: Bearer ${token}`);
      logger('debug', JSON.stringify({ access_token: token, password }));
      const bob = await mountProvider('bob', { phoneOptions: { logger } });
      const carol = await mountProvider('carol', { phoneOptions: { logger } });
      const ringing = nextEvent(carol, 'rc-call-incoming');
      const call = await bob.phone!.call('carol');
      await ringing;
      const ended = nextEvent(carol, 'rc-call-ended');
      await call.hangup();
      await ended;
    } finally {
      Object.assign(console, original);
    }
    expect(lines.length).to.be.greaterThan(0);
    const all = lines.join('\n');
    expect(all).not.to.include(password);
    expect(all).not.to.include(token);
    expect(all).not.to.include('bob-secret');
  });
});
