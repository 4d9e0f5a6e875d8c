import { expect } from '@open-wc/testing';
import { staticCredentials, type CredentialSource } from '../core/credentials.js';
import { ErrorCode, PhoneError } from '../core/errors.js';
import { credentialsFromSettings, type CredentialSettings } from './from-settings.js';

const NONE: CredentialSettings = {
  provider: 'sip',
  credentials: undefined,
  server: '',
  uri: '',
  authorizationUsername: '',
  password: '',
  displayName: '',
  tokenUrl: '',
  fetchCredentials: undefined,
  tokenHeaders: undefined,
  allowInsecure: false,
};

describe('credentialsFromSettings', () => {
  it('makes SIP credentials once the server and address are set, leaving empty names out', () => {
    expect(credentialsFromSettings({ ...NONE, server: 'wss://pbx.example.test/ws' })).to.equal(undefined);
    expect(credentialsFromSettings({ ...NONE, server: 'wss://pbx.example.test/ws', uri: 'sip:alice@example.test', password: 'pw' })).to.deep.equal({
      server: 'wss://pbx.example.test/ws',
      uri: 'sip:alice@example.test',
      authorizationUsername: undefined,
      password: 'pw',
      displayName: undefined,
    });
  });

  it('prefers the credentials the host set, whatever the provider', () => {
    const credentials = { server: 'wss://a.test/ws', uri: 'sip:a@a.test', password: 'pw' };
    expect(credentialsFromSettings({ ...NONE, server: 'wss://b.test/ws', uri: 'sip:b@b.test', credentials })).to.equal(credentials);
    const source = staticCredentials(credentials);
    expect(credentialsFromSettings({ ...NONE, provider: 'ringcentral', credentials: source })).to.equal(source);
  });

  it('makes a token source once it has an endpoint, reading the headers from the settings at each fetch', async () => {
    expect(credentialsFromSettings({ ...NONE, provider: 'token' })).to.equal(undefined);
    const settings = { ...NONE, provider: 'token', tokenUrl: '/sip-token', displayName: 'Alice', tokenHeaders: { authorization: 'Bearer one' } as HeadersInit };
    const source = credentialsFromSettings(settings) as CredentialSource;
    expect(source.shareKey).to.equal(`token ${new URL('/sip-token', location.href).href}`);
    const seen: (string | null)[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = async (_url, init) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      return Response.json({ server: 'wss://t.test/ws', uri: 'sip:t@t.test', username: 't', password: 'pw', expiresAt: Date.now() + 600_000 });
    };
    try {
      await source.load(new AbortController().signal);
      settings.tokenHeaders = { authorization: 'Bearer two' };
      expect((await source.load(new AbortController().signal)).displayName).to.equal('Alice');
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(seen).to.deep.equal(['Bearer one', 'Bearer two']);
  });

  it('refuses a token-url that is not https:// (an http:// one on another computer, javascript:), unless allow-insecure', () => {
    const code = (tokenUrl: string, allowInsecure = false): string | undefined => {
      const made = credentialsFromSettings({ ...NONE, provider: 'token', tokenUrl, allowInsecure });
      return made instanceof PhoneError ? made.code : undefined;
    };
    expect(code('http://app.example.test/sip-token')).to.equal(ErrorCode.InvalidConfiguration);
    expect(code('javascript:alert(1)')).to.equal(ErrorCode.InvalidConfiguration);
    expect(code('javascript:alert(1)', true)).to.equal(ErrorCode.InvalidConfiguration);
    expect(code('http://app.example.test/sip-token', true)).to.equal(undefined);
    expect(code('https://app.example.test/sip-token')).to.equal(undefined);
    // This computer (the test server is http://localhost or 127.0.0.1).
    expect(code('http://127.0.0.1:8080/sip-token')).to.equal(undefined);
    expect(code('http://localhost/sip-token')).to.equal(undefined);
    expect(code('/sip-token')).to.equal(undefined);
  });

  it('leaves RingCentral to its sign-in session', () => {
    expect(credentialsFromSettings({ ...NONE, provider: 'ringcentral', server: 'https://platform.example.test' })).to.equal(undefined);
  });

  it('reports an unknown provider, quoting at most 32 characters of it', () => {
    const error = credentialsFromSettings({ ...NONE, provider: `sipp${'x'.repeat(64)}`, server: 'wss://a.test/ws', uri: 'sip:a@a.test' });
    expect(error).to.be.instanceOf(PhoneError);
    expect((error as PhoneError).code).to.equal(ErrorCode.InvalidConfiguration);
    expect((error as PhoneError).message).to.equal(`Unknown provider "sipp${'x'.repeat(28)}": use "sip", "token" or "ringcentral".`);
  });
});
