import { expect } from '@open-wc/testing';
import { Core } from 'sip.js';
import { MIN_REGISTER_EXPIRES, boundRegisterExpires } from './register-expires.js';
import { TelUris, telToSip } from './tel-uri.js';
import { RemoteTargets, screenContact } from './contact-uri.js';

const message = (startLine: string, headers: string[], body = ''): string =>
  [startLine, 'Via: SIP/2.0/WS a.invalid;branch=z9hG4bKx', 'Call-ID: c1', ...headers, `Content-Length: ${body.length}`, '', body].join('\r\n');

const quiet = { error: () => undefined, warn: () => undefined, log: () => undefined, debug: () => undefined };
const parse = (text: string): Core.IncomingMessage | undefined => Core.Parser.parseMessage(text, quiet as unknown as Core.Logger);

describe('telToSip (tel-uri.ts)', () => {
  const invite = (from: string, to: string): string =>
    message('INVITE sip:bob@example.com SIP/2.0', [`From: ${from}`, `t: ${to}`, 'CSeq: 1 INVITE', 'Contact: <sip:x@a.invalid>', 'Max-Forwards: 70']);

  it('sip.js drops a message with a tel: From, and reads it once rewritten (RFC 3261 §19.1.6)', () => {
    const text = invite('"Gateway" <tel:+15551234567>;tag=a', '<sip:bob@example.com>');
    expect(parse(text)).to.equal(undefined);
    const parsed = parse(telToSip(text, 'example.com')) as Core.IncomingRequestMessage;
    expect(parsed.from.uri.toString()).to.equal('sip:+15551234567@example.com;user=phone');
    expect(parsed.from.displayName).to.equal('Gateway');
    expect(parsed.fromTag).to.equal('a');
  });

  it('a bare tel: addr-spec keeps its ;tag as a header parameter (RFC 3261 §20.10); compact To too', () => {
    const parsed = parse(telToSip(invite('tel:+1555;tag=b', 'tel:+1666'), 'example.com')) as Core.IncomingRequestMessage;
    expect(parsed.fromTag).to.equal('b');
    expect(parsed.from.uri.user).to.equal('+1555');
    expect(parsed.to.uri.toString()).to.equal('sip:+1666@example.com;user=phone');
  });

  it('leaves other messages, and tel: outside From and To, as they are', () => {
    const text = invite('<sip:a@b>;tag=c', '<sip:bob@example.com>') + 'tel:+1';
    expect(telToSip(text, 'example.com')).to.equal(text);
  });
});

describe('TelUris (tel-uri.ts)', () => {
  it("writes the peer's tel: URIs back into what the kit sends in that call, and only in that call (RFC 3261 §8.2.6.2, §12.2.1.1)", () => {
    const tels = new TelUris('example.com');
    const read = parse(
      tels.read(message('INVITE sip:bob@example.com SIP/2.0', ['From: <tel:+1555>;tag=a', 'To: tel:+1666', 'CSeq: 1 INVITE'])),
    ) as Core.IncomingRequestMessage;
    // What sip.js writes from what it read: the URIs as it prints them.
    const from = `From: <${read.from.uri.toString()}>;tag=a`;
    const to = `To: "Bob" <${read.to.uri.toString()}>;tag=b`;
    const sent = message('SIP/2.0 200 OK', [from, to, 'CSeq: 1 INVITE']);
    // Read as text: sip.js itself cannot read these headers (see above).
    const restored = tels.restore(sent);
    expect(restored).to.match(/^From: <tel:\+1555>;tag=a\r$/m);
    expect(restored).to.match(/^To: "Bob" <tel:\+1666>;tag=b\r$/m);
    const otherCall = sent.replace('Call-ID: c1', 'Call-ID: c2');
    expect(tels.restore(otherCall)).to.equal(otherCall);
  });

  it('remembers a bounded number of calls, the oldest forgotten first', () => {
    const tels = new TelUris('example.com', 2);
    const invite = (callId: string): string =>
      message('INVITE sip:bob@example.com SIP/2.0', ['From: <tel:+1555>;tag=a', 'To: <sip:bob@example.com>', 'CSeq: 1 INVITE']).replace('c1', callId);
    for (const callId of ['c1', 'c2', 'c3']) tels.read(invite(callId));
    const bye = (callId: string): string =>
      message('BYE sip:x@a.invalid SIP/2.0', ['To: <sip:+1555@example.com;user=phone>;tag=a', 'CSeq: 2 BYE']).replace('c1', callId);
    expect(tels.restore(bye('c1'))).to.equal(bye('c1'));
    expect(tels.restore(bye('c3'))).to.contain('To: <tel:+1555>;tag=a');
  });
});

describe('screenContact (contact-uri.ts)', () => {
  const invite = (contact: string, method = 'INVITE'): string =>
    message(`${method} sip:bob@example.com SIP/2.0`, [
      'From: <sip:a@b>;tag=a',
      'To: <sip:bob@example.com>',
      `CSeq: 1 ${method}`,
      `Contact: ${contact}`,
      'Max-Forwards: 70',
    ]);

  it("removes a Contact's URI headers, also with a proxy's ;alias= after them (RFC 3261 §19.1.1)", () => {
    const { text, unreadable } = screenContact(
      invite('<sip:x@a.invalid;transport=ws?Subject=x&Call-Info=%3Chttp://e%3E;alias=127.0.0.1~5~5>;expires=9'),
      quiet as unknown as Core.Logger,
    );
    expect(unreadable).to.equal(undefined);
    const contact = (parse(text) as Core.IncomingRequestMessage).parseHeader('contact') as Core.NameAddrHeader;
    expect(contact.uri.toString()).to.equal('sip:x@a.invalid;transport=ws;alias=127.0.0.1~5~5');
    expect(contact.getParam('expires')).to.equal('9');
    // A `?` of the user part (RFC 3261 §25.1 user-unreserved) starts nothing.
    const user = screenContact(invite('<sip:a?b@a.invalid?Subject=x>'), quiet as unknown as Core.Logger).text;
    expect(((parse(user) as Core.IncomingRequestMessage).parseHeader('contact') as Core.NameAddrHeader).uri.toString()).to.equal('sip:a?b@a.invalid');
  });

  for (const contact of ['<tel:+1555>', '<sip:@a.invalid>', '<sip:x@a.invalid>?Subject=x', 'garbage<<']) {
    it(`a request with the unreadable Contact ${contact} is read without it, to be refused`, () => {
      const text = invite(contact);
      expect(parse(text), 'sip.js drops it').to.equal(undefined);
      const { unreadable } = screenContact(text, quiet as unknown as Core.Logger);
      expect(unreadable?.method).to.equal('INVITE');
      expect(unreadable?.fromTag).to.equal('a');
    });
  }

  it('an ACK with one is delivered without it; a response and a readable Contact are left as they are', () => {
    const ack = screenContact(invite('<tel:+1555>', 'ACK'), quiet as unknown as Core.Logger);
    expect(ack.unreadable).to.equal(undefined);
    expect(parse(ack.text)?.hasHeader('Contact')).to.equal(false);
    const response = message('SIP/2.0 200 OK', ['From: <sip:a@b>;tag=a', 'To: <sip:b@b>;tag=b', 'CSeq: 1 INVITE', 'Contact: <tel:+1555>']);
    expect(screenContact(response, quiet as unknown as Core.Logger)).to.deep.equal({ text: response });
    const plain = invite('<sip:x@a.invalid;transport=ws>');
    expect(screenContact(plain, quiet as unknown as Core.Logger)).to.deep.equal({ text: plain });
  });
});

describe('RemoteTargets (contact-uri.ts)', () => {
  it("sends a call's requests to its Contact as the peer wrote it, not as sip.js prints it (RFC 3261 §12.1.2, §19.1.4)", () => {
    const targets = new RemoteTargets();
    const raw = 'sip:a%3Ab%3FSubject%3Dx%2F@a.invalid;transport=ws';
    targets.read(message('INVITE sip:bob@example.com SIP/2.0', ['From: <sip:a@b>;tag=a', 'To: <sip:bob@example.com>', 'CSeq: 1 INVITE', `Contact: <${raw}>`]));
    const printed = (
      parse(message(`BYE ${raw} SIP/2.0`, ['From: <sip:a@b>;tag=a', 'To: <sip:a@b>;tag=b', 'CSeq: 2 BYE'])) as Core.IncomingRequestMessage
    ).ruri!.toRaw();
    expect(printed, 'as sip.js prints it').to.equal('sip:a:b?Subject%3Dx/@a.invalid;transport=ws');
    const bye = message(`BYE ${printed} SIP/2.0`, ['From: <sip:bob@example.com>;tag=b', 'To: <sip:a@b>;tag=a', 'CSeq: 2 BYE']);
    expect(targets.restore(bye).split('\r\n')[0]).to.equal(`BYE ${raw} SIP/2.0`);
    const otherCall = bye.replace('Call-ID: c1', 'Call-ID: c2');
    expect(targets.restore(otherCall)).to.equal(otherCall);
  });
});

describe('boundRegisterExpires (register-expires.ts)', () => {
  const ok = (contact: string, extra: string[] = []): string =>
    message('SIP/2.0 200 OK', ['From: <sip:a@b>;tag=1', 'To: <sip:a@b>;tag=2', 'CSeq: 2 REGISTER', `Contact: ${contact}`, ...extra]);

  for (const [granted, read] of [
    ['0', MIN_REGISTER_EXPIRES],
    ['4294967295', 600],
    ['soon', 600],
    ['300', 300],
  ] as const) {
    it(`a grant of ${granted} is read as ${read}`, () => {
      const text = boundRegisterExpires(ok(`<sip:x@a.invalid;transport=ws>;expires=${granted};+sip.instance="<urn:uuid:1>"`, [`Expires: ${granted}`]), 600);
      expect(text).to.contain(`;expires=${read};+sip.instance`);
      expect(text).to.match(new RegExp(`^Expires: ${read}\\r$`, 'm'));
    });
  }

  it('touches no answer to another method, and no failure', () => {
    const other = ok('<sip:x@a.invalid>;expires=0').replace('2 REGISTER', '2 SUBSCRIBE');
    expect(boundRegisterExpires(other, 600)).to.equal(other);
    const refused = ok('<sip:x@a.invalid>;expires=0').replace('200 OK', '403 Forbidden');
    expect(boundRegisterExpires(refused, 600)).to.equal(refused);
  });
});
