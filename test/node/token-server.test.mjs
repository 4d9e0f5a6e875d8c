// @ts-check
// Tests for the reference token server (examples/token-server). Run: node --test test/node/token-server.test.mjs
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { startTokenServer } from '../../examples/token-server/server.mjs';

const SERVER_SCRIPT = fileURLToPath(new URL('../../examples/token-server/server.mjs', import.meta.url));
const SECRET = 'unit-test-secret-7c1f0e';
/** @type {Record<string, { password: string, sipUser: string }>} */
const USERS = {
  alice: { password: 'alice-pw-4b9d2a', sipUser: 'alice' },
  carol: { password: 'carol-pw-a81c3e', sipUser: 'bob' },
};
const SIP_SERVER = 'ws://127.0.0.1:8088';

/**
 * Independent of the server code on purpose: this is what Kamailio's auth_ephemeral computes.
 * @param {string} secret @param {string} text
 */
const hmacSha1Base64 = (secret, text) => createHmac('sha1', secret).update(text).digest('base64');

/**
 * Start a server for one test and stop it when the test ends.
 * @param {import('node:test').TestContext} t
 * @param {Partial<import('../../examples/token-server/server.mjs').TokenServerOptions>} [options]
 */
async function start(t, options = {}) {
  const server = await startTokenServer({
    sipServer: SIP_SERVER,
    secret: SECRET,
    users: USERS,
    log: () => {},
    ...options,
  });
  t.after(() => server.close());
  return server;
}

/** @param {string} url @param {{ body?: unknown, headers?: Record<string, string>, method?: string }} [init] */
function request(url, { body, headers = {}, method = 'POST' } = {}) {
  return fetch(url, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Log in and return the session token plus the Cookie header value a browser would send back.
 * @param {{ url: string }} server
 */
async function login(server, user = 'alice', password = USERS[user].password) {
  const res = await request(`${server.url}/login`, { body: { user, password } });
  assert.equal(res.status, 200);
  const { sessionToken } = await res.json();
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { sessionToken, setCookie, cookie: setCookie.split(';')[0] };
}

describe('token server', () => {
  it('refuses to mint without a valid app session', async (t) => {
    const server = await start(t);
    /** @type {Record<string, string>[]} */
    const attempts = [{}, { Authorization: 'Bearer not-a-session' }, { Cookie: 'rcpk_session=forged' }];
    for (const headers of attempts) {
      const res = await request(`${server.url}/sip-token`, { headers });
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { error: 'unauthorized' });
    }
    const badLogin = await request(`${server.url}/login`, { body: { user: 'alice', password: 'wrong' } });
    assert.equal(badLogin.status, 401);
    assert.equal(badLogin.headers.get('set-cookie'), null);
  });

  it('logs in with an HttpOnly SameSite=Strict cookie and mints credentials with it', async (t) => {
    const server = await start(t);
    const { setCookie, cookie } = await login(server);
    assert.match(setCookie, /^rcpk_session=[\w-]{43}; /);
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Strict/);
    assert.match(setCookie, /; Secure/, 'Secure by default outside dev mode');

    const res = await request(`${server.url}/sip-token`, { headers: { Cookie: cookie } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const body = await res.json();
    assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'iceServers', 'password', 'server', 'uri', 'username']);
    assert.equal(body.server, SIP_SERVER);
    assert.equal(body.uri, 'sip:alice@127.0.0.1', 'domain defaults to the SIP server host');
    assert.match(body.username, /^\d{10}:alice$/);
    assert.deepEqual(body.iceServers, []);
  });

  it('accepts the bearer token from /login, maps app users to SIP users, and logs out', async (t) => {
    const server = await start(t, { domain: 'sip.example.test' });
    const { sessionToken } = await login(server, 'carol');
    const auth = { Authorization: `Bearer ${sessionToken}` };

    const minted = await (await request(`${server.url}/sip-token`, { headers: auth })).json();
    assert.equal(minted.uri, 'sip:bob@sip.example.test');
    assert.match(minted.username, /:bob$/);

    const out = await request(`${server.url}/logout`, { headers: auth });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    assert.equal((await request(`${server.url}/sip-token`, { headers: auth })).status, 401);
  });

  it('mints a password that verifies with an independent HMAC-SHA1 of the username', async (t) => {
    const server = await start(t);
    const { sessionToken } = await login(server);
    const { username, password } = await (await request(`${server.url}/sip-token`, { headers: { Authorization: `Bearer ${sessionToken}` } })).json();
    assert.equal(password, hmacSha1Base64(SECRET, username));
    assert.notEqual(password, hmacSha1Base64('some-other-secret', username));
  });

  it('sets the expiry from ttlSeconds and the clock, and expires sessions by the clock', async (t) => {
    let now = 1_700_000_000_500;
    const server = await start(t, { ttlSeconds: 5, sessionTtlSeconds: 60, clock: () => now });
    const { sessionToken } = await login(server);
    const auth = { Authorization: `Bearer ${sessionToken}` };

    const minted = await (await request(`${server.url}/sip-token`, { headers: auth })).json();
    assert.equal(minted.username, '1700000005:alice');
    assert.equal(minted.expiresAt, 1_700_000_005_000);

    now += 30_000;
    const later = await (await request(`${server.url}/sip-token`, { headers: auth })).json();
    assert.equal(later.username, '1700000035:alice');

    now += 31_000; // past the 60 s session lifetime
    assert.equal((await request(`${server.url}/sip-token`, { headers: auth })).status, 401);
  });

  it('only answers POST on /sip-token and rejects non-JSON logins', async (t) => {
    const server = await start(t);
    const get = await request(`${server.url}/sip-token`, { method: 'GET' });
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
    const form = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'user=alice&password=x',
    });
    assert.equal(form.status, 415);
    assert.equal((await request(`${server.url}/nope`)).status, 404);
  });

  it('refuses to start without a secret unless in dev mode', async (t) => {
    const saved = process.env.SIP_TOKEN_SECRET;
    delete process.env.SIP_TOKEN_SECRET;
    t.after(() => {
      if (saved !== undefined) process.env.SIP_TOKEN_SECRET = saved;
    });
    const base = { sipServer: SIP_SERVER, users: USERS, log: () => {} };

    await assert.rejects(startTokenServer(base), /SIP_TOKEN_SECRET/);
    await assert.rejects(startTokenServer({ ...base, secret: 'rc-phone-kit-test-secret' }), /--dev/);

    const server = await start(t, { ...base, secret: undefined, dev: true });
    const { sessionToken } = await login(server);
    const { username, password } = await (await request(`${server.url}/sip-token`, { headers: { Authorization: `Bearer ${sessionToken}` } })).json();
    assert.equal(password, hmacSha1Base64('rc-phone-kit-test-secret', username));
  });

  it('rate-limits minting per session and recovers after a minute', async (t) => {
    let now = 1_700_000_000_000;
    const server = await start(t, { clock: () => now });
    const first = await login(server);
    const auth = { Authorization: `Bearer ${first.sessionToken}` };
    for (let i = 0; i < 30; i++) {
      assert.equal((await request(`${server.url}/sip-token`, { headers: auth })).status, 200);
    }
    const limited = await request(`${server.url}/sip-token`, { headers: auth });
    assert.equal(limited.status, 429);
    assert.deepEqual(await limited.json(), { error: 'rate_limited' });
    assert.equal(limited.headers.get('retry-after'), '60');

    const other = await login(server);
    const otherAuth = { Authorization: `Bearer ${other.sessionToken}` };
    assert.equal((await request(`${server.url}/sip-token`, { headers: otherAuth })).status, 200, 'per session');

    now += 60_001;
    assert.equal((await request(`${server.url}/sip-token`, { headers: auth })).status, 200);
  });

  it('sends CORS headers only to configured origins', async (t) => {
    const allowed = 'https://app.example.test';
    const server = await start(t, { allowedOrigins: [allowed] });

    const preflight = await request(`${server.url}/sip-token`, { method: 'OPTIONS', headers: { Origin: allowed } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), allowed);
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);

    const ok = await request(`${server.url}/sip-token`, { headers: { Origin: allowed } });
    assert.equal(ok.headers.get('access-control-allow-origin'), allowed);

    const evil = await request(`${server.url}/sip-token`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.test' },
    });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    assert.equal(evil.headers.get('access-control-allow-credentials'), null);

    const plain = await start(t);
    const none = await request(`${plain.url}/sip-token`, { headers: { Origin: allowed } });
    assert.equal(none.headers.get('access-control-allow-origin'), null);
  });

  it('never writes secrets, passwords or tokens to the console', async (t) => {
    /** @type {string[]} */
    const lines = [];
    const methods = /** @type {const} */ (['log', 'info', 'warn', 'error', 'debug']);
    const originals = methods.map((name) => console[name]);
    for (const name of methods) console[name] = (...args) => lines.push(args.map(String).join(' '));
    t.after(() => methods.forEach((name, i) => (console[name] = originals[i])));

    const server = await startTokenServer({ sipServer: SIP_SERVER, secret: SECRET, users: USERS, mintsPerMinute: 1 });
    try {
      // A password typed into the user field must not be logged either.
      await request(`${server.url}/login`, { body: { user: USERS.alice.password, password: 'x' } });
      await request(`${server.url}/login`, { body: { user: 'alice', password: 'wrong-pw-0d3f' } });
      await fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: `{"user":"alice","password":"${USERS.alice.password}"`, // broken JSON quoting the password
      });
      const { sessionToken } = await login(server);
      const auth = { Authorization: `Bearer ${sessionToken}` };
      const minted = await (await request(`${server.url}/sip-token`, { headers: auth })).json();
      assert.equal((await request(`${server.url}/sip-token`, { headers: auth })).status, 429);
      await request(`${server.url}/logout`, { headers: auth });

      const output = lines.join('\n');
      assert.match(output, /minted token for alice, expires in 600 s/);
      for (const secret of [SECRET, USERS.alice.password, 'wrong-pw-0d3f', sessionToken, minted.password, minted.username]) {
        assert.ok(!output.includes(secret), `console output contains ${JSON.stringify(secret)}`);
      }
    } finally {
      await server.close();
    }
  });

  it('runs as a CLI that prints one JSON line with its URL', async (t) => {
    const env = { ...process.env };
    delete env.SIP_TOKEN_SECRET;
    const args = [SERVER_SCRIPT, '--port', '0', '--sip-server', SIP_SERVER, '--domain', '127.0.0.1'];

    const refused = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    refused.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(refused, 'exit');
    assert.equal(code, 1);
    assert.match(stderr, /SIP_TOKEN_SECRET/);

    const child = spawn(process.execPath, [...args, '--dev'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    t.after(() => child.kill());
    const [line] = await once(createInterface({ input: child.stdout }), 'line');
    const { url } = JSON.parse(line);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const { sessionToken } = await login({ url }, 'alice', 'alice-password');
    const minted = await (await request(`${url}/sip-token`, { headers: { Authorization: `Bearer ${sessionToken}` } })).json();
    assert.equal(minted.uri, 'sip:alice@127.0.0.1');
  });
});
