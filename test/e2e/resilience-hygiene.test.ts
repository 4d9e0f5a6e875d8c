import { expect } from '@open-wc/testing';
import type { LogLevel } from '../../src/core/log.js';
import { account, mountProvider, nextEvent, sipUri, unmountAll } from '../rig/phone-rig.js';

/** A provider that is never registered: for configuration errors. */
async function misconfigured(server: string, attributes: Record<string, string> = {}): Promise<HTMLElement> {
  const el = document.createElement('rc-phone-provider');
  el.server = server;
  el.uri = await sipUri('alice');
  el.password = 'alice-secret';
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  return el;
}

describe('connection hygiene', () => {
  afterEach(unmountAll);

  it('refuses an unencrypted ws:// server on another host unless allow-insecure is set', async () => {
    for (const server of ['ws://pbx.example.test/ws', 'ws://127.0.0.1:9 ws://pbx.example.test/ws']) {
      const el = await misconfigured(server);
      const error = nextEvent(el, 'rc-error');
      document.body.append(el);
      try {
        const { detail } = await error;
        expect(detail.code, server).to.equal('insecure-server');
        expect(detail.error.solutions.join(' ')).to.include('allow-insecure');
      } finally {
        el.remove();
      }
    }
    // Allowed, the phone tries the server (which this machine cannot resolve) instead.
    const el = await misconfigured('ws://pbx.example.test/ws', { 'allow-insecure': '' });
    const error = nextEvent(el, 'rc-error');
    document.body.append(el);
    try {
      expect((await error).detail.code).to.equal('server-unreachable');
    } finally {
      el.remove();
    }
  });

  it('logs no SIP traffic by default; traceSip logs it with the digest credentials redacted', async () => {
    const { password } = await account('alice');
    const quiet: string[] = [];
    await mountProvider('alice', { phoneOptions: { logger: (_level: LogLevel, message: string) => quiet.push(message) } });
    expect(quiet.some((line) => /REGISTER sip:/.test(line))).to.equal(false);
    await unmountAll();

    const traced: string[] = [];
    await mountProvider('alice', { phoneOptions: { traceSip: true, logger: (_level: LogLevel, message: string) => traced.push(message) } });
    const trace = traced.join('\n');
    expect(trace).to.match(/sent:\nREGISTER sip:/);
    expect(trace).to.match(/received:\nSIP\/2\.0 200 OK/);
    expect(trace).to.include('Authorization: [redacted]');
    expect(trace).not.to.include(password);
    expect(trace).not.to.match(/response="[0-9a-f]{32}"/);
  });
});
