import { expect } from '@open-wc/testing';
import { dtmfTones, normaliseDialString, stripTelUri } from './dial-string.js';

const target = async (input: string, country?: string) => {
  const result = await normaliseDialString(input, country);
  return result.ok ? result.target : `!${result.problem}`;
};

describe('normaliseDialString', () => {
  it('makes E.164 numbers of international numbers however they are written', async () => {
    expect(await target('+1 (650) 422-3279')).to.equal('+16504223279');
    expect(await target('+44 20 7946 0000')).to.equal('+442079460000');
    expect(await target('+49 (0)30 1234567')).to.equal('+49301234567');
  });

  it('makes E.164 numbers of national numbers with a default country', async () => {
    expect(await target('(650) 422-3279', 'US')).to.equal('+16504223279');
    expect(await target('030 1234567', 'de')).to.equal('+49301234567');
  });

  it('dials extensions, short codes, feature codes and national numbers without a country as typed', async () => {
    expect(await target('101')).to.equal('101');
    expect(await target('*72')).to.equal('*72');
    expect(await target('#31#')).to.equal('#31#');
    expect(await target('650-422-3279')).to.equal('6504223279');
    expect(await target('911', 'US')).to.equal('911');
  });

  it('reads tel: links (RFC 3966) and keeps sip: addresses', async () => {
    expect(await target('tel:+1-650-422-3279;ext=12')).to.equal('+16504223279');
    expect(await target('TEL:%2B16504223279')).to.equal('+16504223279');
    expect(await target('sip:bob@example.com')).to.equal('sip:bob@example.com');
    expect(await target('sips:+16504223279@pbx.example.com;user=phone')).to.equal('sips:+16504223279@pbx.example.com;user=phone');
    expect(stripTelUri('tel:911;phone-context=+1')).to.equal('911');
  });

  it('keeps user names', async () => {
    expect(await target('bob')).to.equal('bob');
    expect(await target('alice.smith')).to.equal('alice.smith');
  });

  it('refuses what cannot be called, saying why', async () => {
    expect(await target('')).to.equal('!empty');
    expect(await target('   ')).to.equal('!empty');
    expect(await target('hello world')).to.equal('!invalid');
    expect(await target('<script>')).to.equal('!invalid');
    expect(await target('sip:')).to.equal('!invalid');
    expect(await target('sip:bob @example.com')).to.equal('!invalid');
    expect(await target('+1 22')).to.equal('!invalid');
    expect(await target('12+34')).to.equal('!invalid');
    expect(await target('+1*23')).to.equal('!invalid');
    expect(await target('1'.repeat(300))).to.equal('!too-long');
    expect(await target(undefined as unknown as string)).to.equal('!empty');
  });

  it('keeps only keypad tones from pasted text', () => {
    expect(dtmfTones('12-34 #*ab')).to.equal('1234#*');
  });
});
