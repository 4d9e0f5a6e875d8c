// The RingCentral emulator, driven by the real @ringcentral/sdk as the kit will drive it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, test } from 'node:test';
import { SDK } from '@ringcentral/sdk';
import { startRingCentralEmulator } from '../emulators/ringcentral/server.mjs';

const PUBLIC_CLIENT = 'rc-kit-test-client';
const JWT_CLIENT = { clientId: 'rc-kit-jwt-client', clientSecret: 'rc-kit-jwt-secret' };
const REDIRECT_URI = 'http://127.0.0.1:8123/callback';
const SIP_PROVISION = '/restapi/v1.0/client-info/sip-provision';
const EXTENSION = '/restapi/v1.0/account/~/extension/~';
const ALICE = {
  ownerId: '62264425016',
  extensionNumber: '115',
  login: 'alice',
  jwt: 'alice-test-jwt',
  name: 'Alice Tester',
  phoneNumbers: ['+16504223279'],
  sip: { username: '17203861294*115', password: 'alice-sip', authorizationId: '802398804016', domain: 'sip.test' },
};
const BOB = { ownerId: '62264426016', extensionNumber: '116', login: 'bob', voip: false };
const SIP = {
  outboundProxy: '127.0.0.1:5066',
  outboundProxyBackup: '127.0.0.1:5067',
  transport: /** @type {const} */ ('WS'),
};

/** @type {Awaited<ReturnType<typeof startRingCentralEmulator>>} */
let emulator;
before(async () => {
  emulator = await startRingCentralEmulator({ users: [ALICE, BOB], sip: SIP });
});
after(() => emulator.close());
beforeEach(() => control('reset'));

/** The Web Storage subset the SDK uses, kept in memory (one instance = one browser profile). */
class MemoryStorage {
  /** @param {Iterable<[string, string]>} [entries] */
  constructor(entries = []) {
    this.items = new Map(entries);
  }
  /** @param {string} key */
  getItem(key) {
    return this.items.get(key) ?? null;
  }
  /** @param {string} key @param {string} value */
  setItem(key, value) {
    this.items.set(key, String(value));
  }
  /** @param {string} key */
  removeItem(key) {
    this.items.delete(key);
  }
  keys() {
    return [...this.items.keys()];
  }
}

/** @param {{ clientId?: string, clientSecret?: string, storage?: MemoryStorage }} [options] */
function createSdk({ clientId = PUBLIC_CLIENT, clientSecret, storage = new MemoryStorage() } = {}) {
  return new SDK({
    server: emulator.url,
    clientId,
    clientSecret,
    redirectUri: REDIRECT_URI,
    fetch,
    Request,
    Response,
    Headers,
    localStorage: /** @type {any} */ (storage),
    refreshDelayMs: 0,
  });
}

/**
 * Follows the SDK's PKCE authorize URL with automatic approval, as a browser would.
 * @param {ReturnType<SDK['platform']>} platform
 */
async function authorize(platform, { login = 'alice', state = 'state-1' } = {}) {
  const url = new URL(platform.loginUrl({ usePKCE: true, state }));
  url.searchParams.set('auto', '1');
  url.searchParams.set('login', login);
  const res = await fetch(url, { redirect: 'manual' });
  assert.equal(res.status, 302);
  const location = new URL(/** @type {string} */ (res.headers.get('location')));
  return { location, params: platform.parseLoginRedirect(location.search) };
}

/** @param {ReturnType<typeof createSdk>} sdk */
async function pkceLogin(sdk, { login = 'alice' } = {}) {
  const platform = sdk.platform();
  const { params } = await authorize(platform, { login });
  await platform.login({ code: params.code, code_verifier: platform.codeVerifier });
  return platform;
}

/** @param {string} name @param {unknown} [body] */
const control = (name, body = {}) => fetch(`${emulator.url}/__emulator/${name}`, { method: 'POST', body: JSON.stringify(body) });

const requestLog = async () => (await fetch(`${emulator.url}/__emulator/log`)).json();

/** @param {Record<string, string>} fields @param {Record<string, string>} [headers] */
const tokenRequest = (fields, headers = {}) =>
  fetch(`${emulator.url}/restapi/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });

/** @param {string} accessToken */
const getExtension = (accessToken) => fetch(`${emulator.url}${EXTENSION}`, { headers: { authorization: `bearer ${accessToken}` } });

/** @param {Promise<unknown>} promise @returns {Promise<any>} the rejection */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('expected a rejection');
}

/** The contract's OAuth error body. @param {string} error @param {string} errorCode @param {string} message */
const oauthError = (error, errorCode, message) => ({
  error,
  errors: [{ errorCode, message }],
  error_description: message,
});

/** @param {Response} res @param {number} status @param {string} errorCode */
async function assertApiError(res, status, errorCode) {
  assert.equal(res.status, status);
  const body = await res.json();
  assert.equal(body.errors[0].errorCode, errorCode);
  assert.equal(body.message, body.errors[0].message);
}

test('PKCE login: authorize redirects with code, verbatim state and expires_in; tokens as in the contract', async () => {
  const storage = new MemoryStorage();
  const platform = createSdk({ storage }).platform();
  const state = 'a b/é&c=d';
  const authorizeUrl = platform.loginUrl({ usePKCE: true, state });
  assert.match(authorizeUrl, /brand_id=&display=&prompt=/, 'the SDK sends empty parameters');

  const { location, params } = await authorize(platform, { state });
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT_URI);
  assert.deepEqual([...location.searchParams.keys()], ['code', 'state', 'expires_in']);
  assert.equal(params.state, state);
  assert.equal(params.expires_in, '60');

  const res = await platform.login({ code: params.code, code_verifier: platform.codeVerifier });
  const body = await res.json();
  assert.deepEqual(Object.keys(body), [
    'access_token',
    'token_type',
    'expires_in',
    'refresh_token',
    'refresh_token_expires_in',
    'scope',
    'owner_id',
    'endpoint_id',
  ]);
  assert.equal(body.token_type, 'bearer');
  assert.equal(body.expires_in, 3600);
  assert.equal(body.refresh_token_expires_in, 604800);
  assert.equal(body.owner_id, ALICE.ownerId);
  assert.match(body.access_token, /^[\w-]{43}$/);

  const stored = JSON.parse(/** @type {string} */ (storage.getItem('rc-platform')));
  assert.equal(stored.access_token, body.access_token);
  assert.equal(stored.code_verifier, platform.codeVerifier);

  const log = await requestLog();
  const tokenCall = log.find((/** @type {any} */ e) => e.path === '/restapi/oauth/token');
  assert.equal(tokenCall.grant_type, 'authorization_code');
  assert.equal(tokenCall.client_id, PUBLIC_CLIENT);
  assert.deepEqual(tokenCall.sent, ['code', 'code_verifier']);
  const logText = JSON.stringify(log);
  for (const secret of [params.code, platform.codeVerifier, body.access_token, body.refresh_token]) {
    assert.ok(!logText.includes(secret), 'the log holds no secret values');
  }
});

test('sip-provision answers with the user’s SIP credentials and a stable device id', async () => {
  const platform = await pkceLogin(createSdk());
  const provision = async (/** @type {object} */ device) => (await platform.post(SIP_PROVISION, { sipInfo: [{ transport: 'WSS' }], device })).json();

  const first = await provision({});
  assert.deepEqual(first, {
    device: {
      id: first.device.id,
      type: 'WebPhone',
      status: 'Online',
      extension: { id: 62264425016, extensionNumber: '115' },
      phoneLines: [{ phoneInfo: { phoneNumber: '+16504223279' } }],
    },
    sipInfo: [{ ...ALICE.sip, ...SIP, switchBackInterval: 1800 }],
    sipFlags: { voipFeatureEnabled: true, voipCountryBlocked: false, outboundCallsEnabled: true },
    sipErrorCodes: ['408', '502', '503', '504'],
  });
  assert.match(first.device.id, /^\d+$/);
  assert.equal((await provision({ id: first.device.id })).device.id, first.device.id);
  assert.notEqual((await provision({})).device.id, first.device.id);

  const extension = await (await platform.get(EXTENSION)).json();
  assert.deepEqual(extension, {
    id: 62264425016,
    extensionNumber: '115',
    name: 'Alice Tester',
    contact: { firstName: 'Alice', lastName: 'Tester', email: 'alice@example.test' },
  });

  const invalid = await rejection(platform.post(SIP_PROVISION, { sipInfo: [{ transport: 'UDP' }] }));
  await assertApiError(invalid.response, 400, 'CMN-101');
});

test('refresh rotates the pair; the old refresh token replays the same pair until 10 s after first use', async () => {
  const platform = await pkceLogin(createSdk());
  const old = await platform.auth().data();
  await platform.refresh();
  const current = await platform.auth().data();
  assert.notEqual(current.access_token, old.access_token);
  assert.notEqual(current.refresh_token, old.refresh_token);
  await assertApiError(await getExtension(/** @type {string} */ (old.access_token)), 401, 'OAU-213');

  const replay = () =>
    tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: /** @type {string} */ (old.refresh_token),
      client_id: PUBLIC_CLIENT,
    });
  const samePair = async () => {
    const res = await replay();
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.access_token, current.access_token);
    assert.equal(body.refresh_token, current.refresh_token);
  };
  await samePair();
  await platform.get(EXTENSION); // first use of the new access token
  await control('clock', { advance: 9_000 });
  await samePair();
  await control('clock', { advance: 2_000 });
  const late = await replay();
  assert.equal(late.status, 400);
  assert.deepEqual(await late.json(), oauthError('invalid_grant', 'OAU-211', 'Token revoked'));

  await platform.refresh();
  assert.notEqual((await platform.auth().data()).access_token, current.access_token, 'the new refresh token works');
});

test('an unused new pair keeps the old refresh token working for up to 60 minutes', async () => {
  const platform = await pkceLogin(createSdk());
  const old = /** @type {string} */ ((await platform.auth().data()).refresh_token);
  await platform.refresh();
  const replay = () => tokenRequest({ grant_type: 'refresh_token', refresh_token: old, client_id: PUBLIC_CLIENT });
  await control('clock', { advance: 59 * 60_000 });
  assert.equal((await replay()).status, 200);
  await control('clock', { advance: 2 * 60_000 });
  assert.equal((await replay()).status, 400);
});

test('requested lifetimes are clamped; -1 means the default', async () => {
  const platform = await pkceLogin(createSdk());
  let refreshToken = /** @type {string} */ ((await platform.auth().data()).refresh_token);
  const refresh = async (/** @type {Record<string, string>} */ ttls) => {
    const res = await tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: PUBLIC_CLIENT,
      ...ttls,
    });
    const body = await res.json();
    refreshToken = body.refresh_token;
    return [body.expires_in, body.refresh_token_expires_in];
  };
  assert.deepEqual(await refresh({ access_token_ttl: '60', refresh_token_ttl: '86400' }), [600, 86400]);
  assert.deepEqual(await refresh({ access_token_ttl: '7200', refresh_token_ttl: '9999999' }), [3600, 604800]);
  assert.deepEqual(await refresh({ access_token_ttl: '-1', refresh_token_ttl: '-1' }), [3600, 604800]);
});

test('logout in one tab revokes the session, so the other tab’s refresh fails', async () => {
  const storage = new MemoryStorage();
  const tabA = await pkceLogin(createSdk({ storage }));
  const tabB = createSdk({ storage: new MemoryStorage(storage.items) }).platform();
  let refreshError = null;
  tabB.on(tabB.events.refreshError, (/** @type {unknown} */ e) => (refreshError = e));

  await tabA.logout();
  const error = await rejection(tabB.refresh());
  assert.equal(error.response.status, 400);
  assert.deepEqual(await error.response.json(), oauthError('invalid_grant', 'OAU-211', 'Token revoked'));
  assert.ok(refreshError);
  assert.equal(await tabB.auth().accessTokenValid(), false, 'the SDK cleared its tokens');

  const revokeCall = (await requestLog()).find((/** @type {any} */ e) => e.path === '/restapi/oauth/revoke');
  assert.deepEqual(revokeCall.sent, ['token']);
});

test('revokeAll fault ends every session', async () => {
  const alice = await pkceLogin(createSdk());
  const bob = await pkceLogin(createSdk(), { login: 'bob' });
  await control('faults', { revokeAll: true });
  for (const platform of [alice, bob]) {
    const error = await rejection(platform.get(EXTENSION));
    assert.equal(error.response.status, 400, 'the 401 led to a refresh, which failed');
  }
});

test('a replayed code is rejected and revokes the tokens issued from it', async () => {
  const platform = createSdk().platform();
  const { params } = await authorize(platform);
  const verifier = platform.codeVerifier;
  await platform.login({ code: params.code, code_verifier: verifier });

  const replay = await tokenRequest({
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
    client_id: PUBLIC_CLIENT,
  });
  assert.equal(replay.status, 400);
  assert.deepEqual(await replay.json(), oauthError('invalid_grant', 'OAU-106', 'Invalid authorization code'));

  const { access_token: accessToken } = await platform.auth().data();
  await assertApiError(await getExtension(/** @type {string} */ (accessToken)), 401, 'OAU-213');
  const error = await rejection(platform.refresh());
  assert.equal((await error.response.json()).errors[0].errorCode, 'OAU-211');
});

test('a wrong code_verifier or an expired code is rejected', async () => {
  const platform = createSdk().platform();
  const wrong = await rejection(platform.login({ code: (await authorize(platform)).params.code, code_verifier: 'x'.repeat(43) }));
  assert.equal(wrong.response.status, 400);
  assert.deepEqual(await wrong.response.json(), oauthError('invalid_grant', 'OAU-106', 'Invalid authorization code'));

  const { params } = await authorize(platform);
  await control('clock', { advance: 61_000 });
  const expired = await rejection(platform.login({ code: params.code, code_verifier: platform.codeVerifier }));
  assert.deepEqual(await expired.response.json(), oauthError('invalid_grant', 'OAU-108', 'Authorization code is expired'));
});

test('redirect URIs: only loopback http is accepted, and the token request must repeat it exactly', async () => {
  const authorizeWith = (/** @type {string} */ redirectUri) => {
    const url = new URL('/restapi/oauth/authorize', emulator.url);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: PUBLIC_CLIENT,
      redirect_uri: redirectUri,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      auto: '1',
      login: 'alice',
    }).toString();
    return fetch(url, { redirect: 'manual' });
  };
  for (const bad of ['https://attacker.example/cb', 'http://example.com/cb', 'http://127.0.0.1:8123/cb#x']) {
    const res = await authorizeWith(bad);
    assert.equal(res.status, 400, bad);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /OAU-109/);
  }
  assert.equal((await authorizeWith('http://localhost:9999/any/path')).status, 302);

  const platform = createSdk().platform();
  const { params } = await authorize(platform);
  const error = await rejection(
    platform.login({
      code: params.code,
      code_verifier: platform.codeVerifier,
      redirect_uri: 'http://127.0.0.1:8123/other',
    }),
  );
  assert.deepEqual(await error.response.json(), oauthError('invalid_grant', 'OAU-109', 'Redirect URIs do not match'));
});

test('the user can deny on the sign-in page', async () => {
  const platform = createSdk().platform();
  const url = new URL(platform.loginUrl({ usePKCE: true, state: 's' }));
  const page = await (await fetch(url)).text();
  assert.match(page, /id="approve"/);

  const form = new URLSearchParams([...url.searchParams, ['login', 'alice'], ['decision', 'deny']]);
  const res = await fetch(new URL('/restapi/oauth/authorize', emulator.url), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const location = new URL(/** @type {string} */ (res.headers.get('location')));
  assert.equal(location.searchParams.get('error'), 'access_denied');
  assert.equal(location.searchParams.get('state'), 's');
  assert.throws(() => platform.parseLoginRedirect(location.search));
});

test('JWT login needs the client secret in Basic auth', async () => {
  const platform = createSdk(JWT_CLIENT).platform();
  const body = await (await platform.login({ jwt: ALICE.jwt })).json();
  assert.equal(body.owner_id, ALICE.ownerId);
  const [jwtCall] = await requestLog();
  assert.equal(jwtCall.grant_type, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
  assert.equal(jwtCall.authorization, true);
  assert.equal(jwtCall.client_id, undefined);
  assert.deepEqual(jwtCall.sent, ['assertion']);

  const publicClient = await rejection(createSdk().platform().login({ jwt: ALICE.jwt }));
  assert.equal((await publicClient.response.json()).errors[0].errorCode, 'OAU-112');
  const wrongSecret = await rejection(
    createSdk({ ...JWT_CLIENT, clientSecret: 'nope' })
      .platform()
      .login({ jwt: ALICE.jwt }),
  );
  assert.equal(wrongSecret.response.status, 401);
  assert.equal((await wrongSecret.response.json()).error, 'invalid_client');
  const unknownJwt = await rejection(platform.login({ jwt: 'not-a-known-jwt' }));
  assert.equal((await unknownJwt.response.json()).error, 'invalid_grant');
});

test('sip-provision answers 403 SPR-101 for a user without VoIP', async () => {
  const alice = await pkceLogin(createSdk());
  await control('faults', { noVoip: ALICE.ownerId });
  const denied = await rejection(alice.post(SIP_PROVISION, { sipInfo: [{ transport: 'WSS' }] }));
  await assertApiError(denied.response, 403, 'SPR-101');

  const bob = await pkceLogin(createSdk(), { login: 'bob' });
  const bobDenied = await rejection(bob.post(SIP_PROVISION, { sipInfo: [{ transport: 'WSS' }] }));
  await assertApiError(bobDenied.response, 403, 'SPR-101');
});

test('scripted 429 (with Retry-After) and 503 answers, then normal service', async () => {
  const platform = await pkceLogin(createSdk());
  await control('faults', { rateLimit: { path: SIP_PROVISION, count: 1, retryAfter: 2 } });
  let rateLimitError = null;
  platform.on(platform.events.rateLimitError, (/** @type {unknown} */ e) => (rateLimitError = e));
  const limited = await rejection(platform.post(SIP_PROVISION, { sipInfo: [{ transport: 'WSS' }] }));
  assert.equal(limited.response.headers.get('retry-after'), '2');
  await assertApiError(limited.response, 429, 'CMN-301');
  assert.equal(/** @type {any} */ (rateLimitError).retryAfter, 2000);

  await control('faults', { unavailable: { path: SIP_PROVISION, count: 1 } });
  const unavailable = await rejection(platform.post(SIP_PROVISION, { sipInfo: [{ transport: 'WSS' }] }));
  await assertApiError(unavailable.response, 503, 'CMN-201');
  assert.equal((await platform.post(SIP_PROVISION, { sipInfo: [{ transport: 'WSS' }] })).status, 200);

  const typo = await control('faults', { rateLimt: {} });
  assert.equal(typo.status, 400);
});

test('expired access tokens: the SDK gets 401 OAU-128, refreshes with the default lifetime and retries', async () => {
  const platform = await pkceLogin(createSdk());
  await control('faults', { expireAccessTokens: true });
  assert.equal((await platform.get(EXTENSION)).status, 200);
  const calls = (await requestLog()).slice(-3);
  assert.deepEqual(
    calls.map((/** @type {any} */ e) => [e.path, e.status, e.errorCode ?? e.grant_type]),
    [
      [EXTENSION, 401, 'OAU-128'],
      ['/restapi/oauth/token', 200, 'refresh_token'],
      [EXTENSION, 200, undefined],
    ],
  );
  assert.equal((await platform.auth().data()).expires_in, 3600);
});

/** A call the rig's SIP side sets up for alice with bob (POST /__emulator/telephony/sessions). */
async function telephonySession(direction = 'Inbound') {
  const res = await control('telephony/sessions', { user: 'alice', peer: 'bob', direction });
  assert.equal(res.status, 201);
  return /** @type {Promise<{ telephonySessionId: string, partyId: string, header: string }>} */ (res.json());
}

/** @param {string} id */
const sessionPath = (id) => `/restapi/v1.0/account/~/telephony/sessions/${id}`;

test('telephony sessions: the call’s session with alice’s party, recordings as the platform starts them', async () => {
  const platform = await pkceLogin(createSdk());
  const ids = await telephonySession();
  assert.match(ids.telephonySessionId, /^s-[0-9a-z]+$/);
  assert.match(ids.partyId, /^p-[0-9a-z]+-1$/);
  assert.equal(ids.header, `party-id=${ids.partyId};session-id=${ids.telephonySessionId}`);

  const session = await (await platform.get(sessionPath(ids.telephonySessionId))).json();
  assert.equal(session.id, ids.telephonySessionId);
  assert.deepEqual(session.origin, { type: 'Call' });
  assert.ok(!Number.isNaN(Date.parse(session.creationTime)));
  const [mine, theirs] = session.parties;
  assert.deepEqual(
    { id: mine.id, extensionId: mine.extensionId, direction: mine.direction, status: mine.status.code, recordings: mine.recordings },
    { id: ids.partyId, extensionId: ALICE.ownerId, direction: 'Inbound', status: 'Answered', recordings: [] },
  );
  assert.equal(mine.to.extensionId, ALICE.ownerId);
  assert.equal(mine.from.extensionId, BOB.ownerId);
  assert.equal(theirs.direction, 'Outbound');

  // Automatic call recording starts; later the recording is paused.
  assert.equal((await control('telephony/recording', { ...ids, active: true })).status, 204);
  const recorded = await (await platform.get(sessionPath(ids.telephonySessionId))).json();
  assert.deepEqual(recorded.parties[0].recordings, [{ id: '1', active: true }]);
  assert.deepEqual(recorded.parties[1].recordings, []);
  await control('telephony/recording', { ...ids, active: false });
  const paused = await (await platform.get(sessionPath(ids.telephonySessionId))).json();
  assert.deepEqual(paused.parties[0].recordings, [{ id: '1', active: false }]);

  // Needs a valid token, like every REST call.
  const anonymous = await fetch(`${emulator.url}${sessionPath(ids.telephonySessionId)}`);
  await assertApiError(anonymous, 401, 'OAU-149');

  // Another user's call, an unknown id and an ended call are not found.
  const bob = await pkceLogin(createSdk({ storage: new MemoryStorage() }), { login: 'bob' });
  const other = await control('telephony/sessions', { user: 'alice', direction: 'Outbound' }).then((r) => r.json());
  await assertApiError((await rejection(bob.get(sessionPath(other.telephonySessionId)))).response, 404, 'CMN-102');
  await assertApiError((await rejection(platform.get(sessionPath('s-unknown')))).response, 404, 'CMN-102');
  await control('telephony/end', { telephonySessionId: ids.telephonySessionId });
  await assertApiError((await rejection(platform.get(sessionPath(ids.telephonySessionId)))).response, 404, 'CMN-102');

  // Reset forgets every session.
  await control('reset');
  const again = await pkceLogin(createSdk());
  await assertApiError((await rejection(again.get(sessionPath(other.telephonySessionId)))).response, 404, 'CMN-102');
});

test('telephony sessions need the CallControl app permission: 403 InsufficientPermissions / CMN-401', async () => {
  const platform = await pkceLogin(createSdk());
  const ids = await telephonySession();
  const expected = {
    errorCode: 'InsufficientPermissions',
    message: 'In order to call this API endpoint, application needs to have [CallControl] permission',
    errors: [
      {
        errorCode: 'CMN-401',
        message: 'In order to call this API endpoint, application needs to have [CallControl] permission',
        permissionName: 'CallControl',
      },
    ],
    permissionName: 'CallControl',
  };
  await control('faults', { noCallControl: true });
  const denied = await rejection(platform.get(sessionPath(ids.telephonySessionId)));
  assert.equal(denied.response.status, 403);
  assert.deepEqual(await denied.response.json(), expected);
  // The permission is checked before the resource.
  assert.equal((await rejection(platform.get(sessionPath('s-unknown')))).response.status, 403);
  assert.deepEqual(
    (await requestLog()).filter((/** @type {any} */ e) => e.path.includes('/telephony/')).map((/** @type {any} */ e) => [e.status, e.errorCode]),
    [
      [403, 'CMN-401'],
      [403, 'CMN-401'],
    ],
  );

  // The same answer for an app registered without CallControl in its scope.
  const narrow = await startRingCentralEmulator({
    users: [ALICE, BOB],
    sip: SIP,
    clients: [{ clientId: PUBLIC_CLIENT, redirectUris: ['http://127.0.0.1:*'], scope: 'ReadAccounts VoipCalling' }],
  });
  try {
    const created = await fetch(`${narrow.url}/__emulator/telephony/sessions`, {
      method: 'POST',
      body: JSON.stringify({ user: 'alice', direction: 'Inbound' }),
    }).then((r) => r.json());
    const sdk = new SDK({
      server: narrow.url,
      clientId: PUBLIC_CLIENT,
      redirectUri: REDIRECT_URI,
      fetch,
      Request,
      Response,
      Headers,
      localStorage: /** @type {any} */ (new MemoryStorage()),
    });
    const { params } = await authorize(sdk.platform());
    await sdk.platform().login({ code: params.code, code_verifier: sdk.platform().codeVerifier });
    const narrowDenied = await rejection(sdk.platform().get(sessionPath(created.telephonySessionId)));
    assert.deepEqual(await narrowDenied.response.json(), expected);
  } finally {
    await narrow.close();
  }
});

test('CORS: preflight 204 and the exact origin echoed with credentials', async () => {
  const origin = 'http://localhost:8000';
  const preflight = await fetch(`${emulator.url}${SIP_PROVISION}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), origin);
  assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization, client-id, x-user-agent, content-type');
  assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET, POST, PUT, DELETE, PATCH, OPTIONS');

  const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x', client_id: PUBLIC_CLIENT }, { origin });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('access-control-allow-origin'), origin);
  assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(res.headers.get('access-control-expose-headers'), 'retry-after');
});

test('the CLI prints its URL once listening', async () => {
  const serverPath = fileURLToPath(new URL('../emulators/ringcentral/server.mjs', import.meta.url));
  const child = spawn(process.execPath, [serverPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [chunk] = await once(child.stdout, 'data');
    const { url } = JSON.parse(String(chunk));
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await fetch(`${url}/__emulator/log`)).status, 200);
  } finally {
    child.kill();
  }
});
