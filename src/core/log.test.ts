import { expect } from '@open-wc/testing';
import { redact, redacting, type Logger } from './log.js';

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

  it('removes SDP ICE passwords and SDES keys, pwd/passwd, single-quoted keys and URL-encoded secrets', () => {
    const cases: [string, string][] = [
      ['a=ice-ufrag:F7gI\r\na=ice-pwd:x9cml/YzichV2+XlhiMu8g\r\n', 'a=ice-ufrag:F7gI\r\na=ice-pwd:[redacted]\r\n'],
      [
        'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32',
        'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[redacted]|2^20|1:32',
      ],
      ['user=alice&pwd=hunter2', 'user=alice&pwd=[redacted]'],
      ['{"passwd":"hunter2"}', '{"passwd":[redacted]}'],
      ["{'password': 'hunter2'}", "{'password': [redacted]}"],
      ['body: username%3Dalice%26password%3Dhunter2', 'body: username=alice%26password=[redacted]'],
      ['%7B%22client_secret%22%3A%22s3cr3t%22%7D', '%7B"client_secret":[redacted]%7D'],
    ];
    for (const [input, output] of cases) expect(redact(input), input).to.equal(output);
  });

  it('redacting() hands a custom logger (PhoneOptions.logger) redacted messages only', () => {
    const lines: string[] = [];
    const logger: Logger = (_level, message) => lines.push(message);
    redacting(logger)('warn', 'refresh failed: {"refresh_token":"RT-1"} a=ice-pwd:abc123');
    expect(lines).to.deep.equal(['refresh failed: {"refresh_token":[redacted]} a=ice-pwd:[redacted]']);
  });

  it('leaves ordinary text alone', () => {
    const text = 'call 7f3e to sip:bob@example.com ended: 486 Busy Here; tokenUrl is set; Authorization failed twice';
    expect(redact(text)).to.equal(text);
  });
});
