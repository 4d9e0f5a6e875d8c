import { expect } from '@open-wc/testing';
import { Core } from 'sip.js';
import { MIN_REGISTER_EXPIRES, boundRegisterExpires } from './register-expires.js';
import { telToSip } from './tel-uri.js';

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
