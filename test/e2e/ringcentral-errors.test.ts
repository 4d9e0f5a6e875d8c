/**
 * The RingCentral platform's refusals as the kit's typed errors, each driven by the local
 * emulator answering the real request (sip-provision) as the platform does: an app without
 * the VoipCalling permission (403 CMN-401) and a rate limit that outlasts the kit's retries
 * (429 CMN-301 with Retry-After). Checked at the emulator (its request log) and at the
 * registrar (no binding).
 */
import { expect } from '@open-wc/testing';
import { nextEvent, rigCommand } from '../rig/phone-rig.js';
import {
  ALICE_SIP,
  CLIENT_ID,
  clearStorage,
  emulator,
  emulatorLog,
  mountRingCentral,
  obtainCode,
  resetEmulator,
  setFaults,
  startEmulator,
  unmountRingCentral,
} from './ringcentral-rig.js';

const PROVISION = '/restapi/v1.0/client-info/sip-provision';

const provisions = async (server: string): Promise<(string | number | undefined)[][]> =>
  (await emulatorLog(server)).filter((e) => e.method === 'POST' && e.path === PROVISION).map((e) => [e.status, e.errorCode]);

/** Mounts a RingCentral provider signed in with a fresh authorization code, and resolves with its first rc-error. */
async function firstError(server: string): Promise<HTMLElementEventMap['rc-error']> {
  const { code, pkce, redirectUri } = await obtainCode(server);
  const failed = nextEvent(document.body, 'rc-error', undefined, 20_000);
  await mountRingCentral({
    server,
    redirectUri,
    configure: (el) => {
      el.authorizationCode = code;
      el.codeVerifier = pkce.verifier;
    },
  });
  return failed;
}

describe('RingCentral refusals as typed errors', () => {
  beforeEach(clearStorage);
  afterEach(async () => {
    await unmountRingCentral();
    clearStorage();
  });

  it('an app without the VoipCalling permission (403 CMN-401): voip-permission-missing, not registered', async () => {
    // The same client id, registered on this platform without VoipCalling in its scope.
    const server = await startEmulator({
      clients: [{ clientId: CLIENT_ID, redirectUris: ['http://127.0.0.1:*', 'http://localhost:*'], scope: 'ReadAccounts' }],
    });
    const { detail } = await firstError(server);
    expect(detail.code).to.equal('voip-permission-missing');
    expect(detail.error.statusCode).to.equal(403);
    expect(detail.error.message).to.include('CMN-401');
    expect(detail.error.solutions.join(' ')).to.include('VoIP Calling');
    expect(await provisions(server)).to.deep.equal([[403, 'CMN-401']]);
    expect(await rigCommand('contacts', { user: ALICE_SIP })).to.equal(0);
  });

  it('a rate limit that outlasts the retries (429 three times): rate-limited with the wait, not registered', async function () {
    this.timeout(30_000);
    const server = await emulator();
    await resetEmulator(server);
    await setFaults(server, { rateLimit: { path: PROVISION, count: 3, retryAfter: 1 } });
    const { detail } = await firstError(server);
    expect(detail.code).to.equal('rate-limited');
    expect(detail.error.statusCode).to.equal(429);
    expect(detail.error.message).to.include('Try again in 1 s');
    // The kit waited out two Retry-Afters before giving up.
    expect(await provisions(server)).to.deep.equal([
      [429, 'CMN-301'],
      [429, 'CMN-301'],
      [429, 'CMN-301'],
    ]);
    expect(await rigCommand('contacts', { user: ALICE_SIP })).to.equal(0);
  });
});
