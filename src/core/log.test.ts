import { expect } from '@open-wc/testing';
import { redact } from './log.js';

describe('redact', () => {
  it('removes SIP digest credentials from a trace, keeping the rest', () => {
    const trace = [
      'REGISTER sip:127.0.0.1 SIP/2.0',
      'Via: SIP/2.0/WS abc.invalid;branch=z9hG4bK1',
      'Authorization: Digest algorithm=MD5, username="alice", realm="127.0.0.1", nonce="n1", uri="sip:127.0.0.1", response="0123456789abcdef"',
      'proxy-authorization:Digest username="1700000000:alice", response="fedcba"',
      'Contact: <sip:x@abc.invalid;transport=ws>',
      '',
    ].join('\r\n');
    const clean = redact(trace);
    expect(clean).not.to.match(/0123456789abcdef|fedcba|1700000000:alice|nonce="n1"/);
    expect(clean).to.include('Authorization: [redacted]\r\nproxy-authorization: [redacted]\r\nContact: <sip:x@abc.invalid;transport=ws>');
    expect(clean).to.include('Via: SIP/2.0/WS abc.invalid;branch=z9hG4bK1');
  });

  it('removes an Authorization header quoted inside an error message', () => {
    expect(redact('request failed (Authorization: Bearer abc.def) after 3 tries')).to.equal('request failed (Authorization: [redacted]');
  });

  it('removes passwords, tokens and secrets in JSON, options and query strings', () => {
    const cases: [string, string][] = [
      ['{"username":"1700000000:alice","password":"c2VjcmV0\\"x=","expires":1}', '{"username":"1700000000:alice","password":[redacted],"expires":1}'],
      ["authorizationPassword: 'hunter2', uri: 'sip:a@b'", "authorizationPassword: [redacted], uri: 'sip:a@b'"],
      ['grant_type=refresh_token&refresh_token=RT-123&client_id=CID', 'grant_type=refresh_token&refresh_token=[redacted]&client_id=CID'],
      ['{"access_token":"AT","token_type":"bearer","refresh_token":"RT"}', '{"access_token":[redacted],"token_type":"bearer","refresh_token":[redacted]}'],
      ['client_secret=s3cr3t code_verifier=v-1', 'client_secret=[redacted] code_verifier=[redacted]'],
      ['https://app.example/cb?code=U0xDMT&state=xyz', 'https://app.example/cb?code=[redacted]&state=xyz'],
      ['assertion=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'assertion=[redacted]'],
      ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln in a sentence', 'jwt [redacted] in a sentence'],
      ['Bearer U0pDMTFQMDFQQVMwMHxBQUJm', 'Bearer [redacted]'],
    ];
    for (const [input, output] of cases) expect(redact(input), input).to.equal(output);
  });

  it('leaves ordinary text alone', () => {
    const text = 'call 7f3e to sip:bob@example.com ended: 486 Busy Here; tokenUrl is set; Authorization failed twice';
    expect(redact(text)).to.equal(text);
  });
});
