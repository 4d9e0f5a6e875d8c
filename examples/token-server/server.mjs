#!/usr/bin/env node
// @ts-check
/**
 * Reference app server for rc-phone-kit token credentials.
 *
 * It plays the customer's own backend: a user logs in to the app, and the page then asks
 * `POST /sip-token` for short-lived SIP credentials in the scheme Kamailio's auth_ephemeral
 * module verifies (username_format=1). The shared secret never leaves this process, so the
 * page never holds a long-lived SIP password.
 *
 * Dependency-free on purpose (Node 20 built-ins only) so it can be copied into any backend.
 * See README.md next to this file.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Secret of the project's test Kamailio. It is public (it is in this repo): dev mode only. */
export const DEV_SECRET = 'rc-phone-kit-test-secret';

/**
 * Demo accounts for dev mode, matching the SIP users of the test rig.
 * @type {Record<string, AppUser>}
 */
export const DEV_USERS = {
  alice: { password: 'alice-password', sipUser: 'alice' },
  bob: { password: 'bob-password', sipUser: 'bob' },
};

const SESSION_COOKIE = 'rcpk_session';
const MAX_BODY_BYTES = 16 * 1024;
const RATE_WINDOW_MS = 60_000;

/**
 * @typedef {object} AppUser
 * @property {string} password  App login password. A real app checks its own user store instead.
 * @property {string} [sipUser] SIP user this app user may register as; defaults to the app user name.
 */

/**
 * @typedef {object} IceServer
 * @property {string | string[]} urls
 * @property {string} [username]
 * @property {string} [credential]
 */

/**
 * @typedef {object} TokenServerOptions
 * @property {string} sipServer            ws:// or wss:// URL of the SIP server, handed to the page as `server`.
 * @property {string} [domain]             SIP domain of the AOR; defaults to the host of `sipServer`.
 * @property {string} [secret]             auth_ephemeral shared secret; defaults to env SIP_TOKEN_SECRET.
 * @property {boolean} [dev]               Allow the public test secret and the demo users. Default false.
 * @property {Record<string, AppUser>} [users] App user table; defaults to DEV_USERS in dev mode.
 * @property {number} [port]               Port on 127.0.0.1; 0 (default) picks a free one.
 * @property {number} [ttlSeconds]         Lifetime of minted SIP credentials. Default 600.
 * @property {number} [sessionTtlSeconds]  Lifetime of an app session. Default 8 h.
 * @property {number} [mintsPerMinute]     Mint limit per app session. Default 30.
 * @property {string[]} [allowedOrigins]   Origins that get CORS headers. Default none (same-origin only).
 * @property {IceServer[]} [iceServers]    Passed through to the page. Default [].
 * @property {boolean} [secureCookie]      Add `Secure` to the session cookie. Default: true unless dev.
 * @property {() => number} [clock]        Current time in ms since the epoch. Default Date.now.
 * @property {(line: string) => void} [log] Log sink. Default: stderr. Never receives secrets.
 */

/**
 * @typedef {object} TokenServer
 * @property {string} url   e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {() => Promise<void>} close
 */

/**
 * @typedef {object} Session
 * @property {string} user      app user name
 * @property {number} expiresAt ms epoch
 * @property {number[]} mints   times of recent mints, for the rate limit
 */

/** An error that maps to a JSON error response. */
class HttpError extends Error {
  /** @param {number} status @param {string} code */
  constructor(status, code) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

/**
 * Credentials in the auth_ephemeral (username_format=1) / TURN REST scheme.
 * Exported so tests can build expired or foreign credentials on purpose.
 * @param {string} secret   shared with the SIP server
 * @param {string} sipUser
 * @param {number} expiry   unix seconds after which the SIP server rejects the credentials
 * @returns {{ username: string, password: string }}
 */
export function ephemeralCredentials(secret, sipUser, expiry) {
  const username = `${expiry}:${sipUser}`;
  const password = createHmac('sha1', secret).update(username).digest('base64');
  return { username, password };
}

/**
 * Start the token server on 127.0.0.1. Rejects when the configuration is unsafe or incomplete.
 * @param {TokenServerOptions} options
 * @returns {Promise<TokenServer>}
 */
export async function startTokenServer(options) {
  const {
    sipServer,
    dev = false,
    port = 0,
    ttlSeconds = 600,
    sessionTtlSeconds = 8 * 3600,
    mintsPerMinute = 30,
    allowedOrigins = [],
    iceServers = [],
    secureCookie = !dev,
    clock = Date.now,
    // Late-bound so a test (or an app) that swaps console methods sees every line.
    log = (line) => console.error(`[token-server] ${line}`),
  } = options;

  if (!sipServer) throw new Error('sipServer is required: the ws:// or wss:// URL of the SIP server');
  const domain = options.domain ?? new URL(sipServer).hostname;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error('ttlSeconds must be a positive integer');

  const secret = resolveSecret(options.secret, dev);
  const users = new Map(Object.entries(options.users ?? (dev ? DEV_USERS : {})));
  if (users.size === 0) throw new Error('No users configured (option users / --users FILE).');
  for (const [name, account] of users) {
    if (typeof account?.password !== 'string' || account.password === '') {
      throw new Error(`User ${JSON.stringify(name)} has no password.`);
    }
  }

  /** Keyed by the random session token (cookie value or bearer token). @type {Map<string, Session>} */
  const sessions = new Map();

  /** @type {Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>>} */
  const routes = { '/login': login, '/logout': logout, '/sip-token': mintToken };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: err.code });
        return;
      }
      // Unexpected errors only: request bodies (which hold passwords) never reach this line.
      log(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    applyCors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const route = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    if (!route) throw new HttpError(404, 'not_found');
    // Everything here changes state or returns a credential: POST only, so no token ends up
    // in a URL, a browser history, a proxy log or a prefetch.
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      throw new HttpError(405, 'method_not_allowed');
    }
    await route(req, res);
  }

  /**
   * CORS headers only for configured origins: in production the page is usually served by the
   * same origin as this API and needs none.
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  function applyCors(req, res) {
    if (allowedOrigins.length === 0) return;
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins.includes(origin)) return;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.setHeader('Access-Control-Max-Age', '600');
    }
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function login(req, res) {
    const body = await readJson(req);
    const user = typeof body.user === 'string' ? body.user : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const account = users.get(user);
    // Compare even for unknown users so the response time does not reveal which names exist.
    const passwordOk = safeEqual(password, account?.password ?? '');
    if (!account || !passwordOk) {
      // Unknown names are not logged: people sometimes type their password into the user field.
      log(`login failed ${account ? `for ${user}` : '(unknown user)'}`);
      throw new HttpError(401, 'invalid_credentials');
    }
    pruneSessions();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = clock() + sessionTtlSeconds * 1000;
    sessions.set(token, { user, expiresAt, mints: [] });
    res.setHeader('Set-Cookie', sessionCookie(token, sessionTtlSeconds));
    log(`login ok for ${user}`);
    sendJson(res, 200, { user, sessionToken: token, expiresAt });
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function logout(req, res) {
    const token = sessionToken(req);
    const session = token ? sessions.get(token) : undefined;
    if (token) sessions.delete(token);
    if (session) log(`logout for ${session.user}`);
    res.setHeader('Set-Cookie', sessionCookie('', 0));
    res.writeHead(204).end();
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function mintToken(req, res) {
    const session = currentSession(req);
    if (!session) {
      log('refused token: no signed-in app session');
      throw new HttpError(401, 'unauthorized');
    }

    // Sliding one-minute window per session: generous for page reloads and re-registration,
    // tight enough that a stolen session cannot mint in bulk.
    const now = clock();
    session.mints = session.mints.filter((t) => t > now - RATE_WINDOW_MS);
    if (session.mints.length >= mintsPerMinute) {
      res.setHeader('Retry-After', String(Math.ceil((session.mints[0] + RATE_WINDOW_MS - now) / 1000)));
      log(`rate limit: refused token for ${session.user}`);
      throw new HttpError(429, 'rate_limited');
    }
    session.mints.push(now);

    const sipUser = users.get(session.user)?.sipUser ?? session.user;
    const expiry = Math.floor(now / 1000) + ttlSeconds;
    const { username, password } = ephemeralCredentials(secret, sipUser, expiry);
    log(`minted token for ${sipUser}, expires in ${ttlSeconds} s`);
    sendJson(res, 200, {
      server: sipServer,
      uri: `sip:${sipUser}@${domain}`,
      username,
      password,
      expiresAt: expiry * 1000,
      iceServers,
    });
  }

  /**
   * The cookie wins over a bearer token: a browser always sends its cookie, and a page
   * should not be able to switch identities by adding a header.
   * @param {import('node:http').IncomingMessage} req
   */
  function sessionToken(req) {
    const cookie = (req.headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${SESSION_COOKIE}=`));
    if (cookie) return cookie.slice(SESSION_COOKIE.length + 1);
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1];
  }

  /** @param {import('node:http').IncomingMessage} req */
  function currentSession(req) {
    const token = sessionToken(req);
    const session = token ? sessions.get(token) : undefined;
    if (!token || !session) return undefined;
    if (session.expiresAt <= clock()) {
      sessions.delete(token);
      return undefined;
    }
    return session;
  }

  /** Drop expired sessions that were never used again, so the map cannot grow without bound. */
  function pruneSessions() {
    const now = clock();
    for (const [token, session] of sessions) {
      if (session.expiresAt <= now) sessions.delete(token);
    }
  }

  /** @param {string} value @param {number} maxAgeSeconds */
  function sessionCookie(value, maxAgeSeconds) {
    const attributes = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
    if (secureCookie) attributes.push('Secure');
    return attributes.join('; ');
  }

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, '127.0.0.1', () => resolveListen(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const url = `http://127.0.0.1:${address.port}`;
  log(`listening on ${url}${dev ? ' (dev mode: not for production)' : ''}`);

  return {
    url,
    port: address.port,
    close: () =>
      new Promise((resolveClose, rejectClose) => {
        server.close((err) => (err ? rejectClose(err) : resolveClose()));
        // Keep-alive connections would otherwise hold close() open for seconds.
        server.closeAllConnections();
      }),
  };
}

/**
 * The shared secret, or a clear refusal: without one every minted credential would be forgeable.
 * @param {string | undefined} explicit
 * @param {boolean} dev
 * @returns {string}
 */
function resolveSecret(explicit, dev) {
  const secret = explicit ?? process.env.SIP_TOKEN_SECRET ?? (dev ? DEV_SECRET : undefined);
  if (!secret) {
    throw new Error(
      "No SIP token secret. Set SIP_TOKEN_SECRET to the secret of the SIP server's auth_ephemeral " +
        'module, or run with --dev (dev: true) to use the public test secret.',
    );
  }
  if (secret === DEV_SECRET && !dev) {
    throw new Error('The public test secret is only allowed with --dev (dev: true).');
  }
  return secret;
}

/**
 * Read a small JSON object body. Requiring application/json also means a cross-site HTML form
 * cannot post a login (such a form cannot set that content type).
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, unknown>>}
 */
async function readJson(req) {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'expected_json');
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'body_too_large');
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // Deliberately not logged or echoed: V8's JSON error messages quote the input, i.e. the password.
  }
  throw new HttpError(400, 'invalid_json');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    // Responses carry session tokens and SIP credentials: keep them out of every cache.
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(body));
}

/** Constant-time string comparison; hashing first makes the lengths equal. @param {string} a @param {string} b */
function safeEqual(a, b) {
  /** @param {string} s */
  const digest = (s) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * @param {string} path
 * @returns {Record<string, AppUser>}
 */
function readUsersFile(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // No error details: a JSON syntax error message would quote the file, passwords included.
    throw new Error(`Cannot read users file ${path}: expected JSON {"<user>": {"password": "...", "sipUser": "..."}}`);
  }
}

/** CLI: prints one JSON line {"url": ...} on stdout once listening; logs go to stderr. */
async function main() {
  /** @type {TokenServer} */
  let server;
  try {
    // The secret is deliberately not a flag: command lines are visible to every local user.
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'sip-server': { type: 'string' },
        domain: { type: 'string' },
        ttl: { type: 'string' },
        users: { type: 'string' },
        'allowed-origin': { type: 'string', multiple: true },
        dev: { type: 'boolean', default: false },
      },
    });
    server = await startTokenServer({
      sipServer: values['sip-server'] ?? '',
      domain: values.domain,
      port: Number(values.port),
      ttlSeconds: values.ttl === undefined ? undefined : Number(values.ttl),
      users: values.users === undefined ? undefined : readUsersFile(values.users),
      allowedOrigins: values['allowed-origin'],
      dev: values.dev,
    });
  } catch (err) {
    console.error(`token-server: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  console.log(JSON.stringify({ url: server.url }));
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
