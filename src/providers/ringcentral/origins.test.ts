import { expect } from '@open-wc/testing';
import { ErrorCode, PhoneError } from '../../core/errors.js';
import { exactOrigins } from './origins.js';

const refusal = (value: readonly string[] | string): string | undefined => {
  try {
    exactOrigins(value, 'https://page.example');
    return undefined;
  } catch (error) {
    return error instanceof PhoneError ? error.code : 'not a PhoneError';
  }
};

describe('exactOrigins (allowedOrigins)', () => {
  it('a string is a list of exact origins, not a substring to search: a look-alike does not pass', () => {
    const allowed = exactOrigins('https://phone.acme.com', 'https://page.example');
    expect([...allowed]).to.deep.equal(['https://phone.acme.com']);
    for (const lookAlike of ['https://phone.acme.co', 'https://acme.com', 'https://phone.acme.com.evil.example', 'http://phone.acme.com', 'null'])
      expect(allowed.has(lookAlike), lookAlike).to.equal(false);
  });

  it('takes a list or a space- or comma-separated string; paths are dropped, the default is the page’s origin', () => {
    expect([...exactOrigins('https://a.example, https://b.example:8443/app', 'https://page.example')]).to.deep.equal([
      'https://a.example',
      'https://b.example:8443',
    ]);
    expect([...exactOrigins(['https://A.example/'], 'https://page.example')]).to.deep.equal(['https://a.example']);
    expect([...exactOrigins(undefined, 'https://page.example')]).to.deep.equal(['https://page.example']);
    expect([...exactOrigins('  ', 'https://page.example')]).to.deep.equal(['https://page.example']);
  });

  it('refuses "*", "null", non-http(s) origins and URLs with credentials (invalid-configuration)', () => {
    for (const value of ['*', ['https://a.example', '*'], 'null', 'javascript:alert(1)', 'file:///etc', 'https://a.example@b.example', 'a.example'])
      expect(refusal(value), String(value)).to.equal(ErrorCode.InvalidConfiguration);
  });
});
