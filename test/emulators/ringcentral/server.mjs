import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveConfig } from './config.mjs';
import { PlatformError, fail } from './errors.mjs';
import { Faults } from './faults.mjs';
import { empty, json } from './http.mjs';
import { authorizeGet, authorizePost, revoke, token } from './oauth.mjs';
import { currentExtension, sipProvision } from './restapi.mjs';
import { Store } from './store.mjs';
import { readCallSession, SESSION_PATH } from './telephony.mjs';

/**
 * A local emulator of the RingCentral platform endpoints specified by the RingCentral
 * contract (ringcentral-contract.md, "the contract" in comments here).
 *
 * @typedef {import('./config.mjs').EmulatorOptions} EmulatorOptions
 * @typedef {import('./http.mjs').Context} Context
 * @typedef {import('./http.mjs').Reply} Reply
 * @typedef {{ url: string, port: number, close: () => Promise<void>, state: Store, faults: Faults }} RingCentralEmulator
 */

/** @type {Record<string, (ctx: Context) => Reply>} */
const PLATFORM_ROUTES = {
  'GET /restapi/oauth/authorize': authorizeGet,
  'POST /restapi/oauth/authorize': authorizePost,
  'POST /restapi/oauth/token': token,
  'POST /restapi/oauth/revoke': revoke,
  'POST /restapi/v1.0/client-info/sip-provision': sipProvision,
  'GET /restapi/v1.0/account/~/extension/~': currentExtension,
};

/** @type {Record<string, (ctx: Context) => Reply>} */
const CONTROL_ROUTES = {
  'POST /__emulator/faults': (ctx) => {
    ctx.faults.apply(JSON.parse(ctx.body));
    return empty(204);
  },
  // The rig's SIP side sets a call up: the session its p-rc-api-ids will name.
  'POST /__emulator/telephony/sessions': (ctx) => {
    const { user, peer, direction } = JSON.parse(ctx.body);
    const known = (/** @type {unknown} */ login) => ctx.config.users.get(String(login)) ?? fail('notFound');
    if (direction !== 'Inbound' && direction !== 'Outbound') throw new TypeError('direction must be Inbound or Outbound');
    const ids = ctx.state.telephony.create(known(user), peer === undefined ? undefined : known(peer), direction, ctx.state.now());
    return json(201, { ...ids, header: `party-id=${ids.partyId};session-id=${ids.telephonySessionId}` });
  },
  // Automatic call recording, or someone's Call Control API request, starts (or pauses) a recording.
  'POST /__emulator/telephony/recording': (ctx) => {
    const { telephonySessionId, partyId, active } = JSON.parse(ctx.body);
    if (typeof active !== 'boolean') throw new TypeError('active must be true or false');
    ctx.state.telephony.record(telephonySessionId, partyId, active);
    return empty(204);
  },
  'POST /__emulator/telephony/end': (ctx) => {
    ctx.state.telephony.end(JSON.parse(ctx.body).telephonySessionId);
    return empty(204);
  },
  'POST /__emulator/reset': (ctx) => {
    ctx.state.reset();
    ctx.faults.reset();
    return empty(204);
  },
  'GET /__emulator/log': (ctx) => json(200, ctx.state.log),
  'POST /__emulator/clock': (ctx) => {
    const { advance } = JSON.parse(ctx.body);
    if (!Number.isFinite(advance)) throw new TypeError('advance must be a number of milliseconds');
    ctx.state.advanceClock(advance);
    return json(200, { now: ctx.state.now() });
  },
};

// Contract, "HTTP": the SDK sends credentials, so the answer echoes the exact origin.
const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS',
  'access-control-allow-headers': 'authorization, client-id, x-user-agent, content-type',
  'access-control-max-age': '600',
};
// Form fields whose values are secrets: the log records only that they were sent.
const HANG_MS = 60_000;
const SECRET_FIELDS = ['code', 'code_verifier', 'refresh_token', 'assertion', 'token', 'password', 'client_secret'];

/**
 * Starts the emulator on 127.0.0.1.
 * @param {EmulatorOptions} [options] `port` 0 (the default) picks a free port
 * @returns {Promise<RingCentralEmulator>}
 */
export async function startRingCentralEmulator(options = {}) {
  const config = resolveConfig(options);
  const state = new Store(config);
  const faults = new Faults(state);

  const server = createServer((req, res) => {
    handle(req, { config, state, faults }).then(
      (reply) => send(res, reply, req.headers.origin),
      (error) => {
        // Only the stack: request data may hold secrets.
        console.error('[ringcentral-emulator]', error instanceof Error ? error.stack : error);
        send(res, json(500, { message: 'Emulator error' }), req.headers.origin);
      },
    );
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined));
  });
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    faults,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections (fetch keeps them) would hold close() open.
        server.closeAllConnections();
      }),
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {Pick<Context, 'config' | 'state' | 'faults'>} app
 * @returns {Promise<Reply>}
 */
async function handle(req, app) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const route = `${method} ${url.pathname}`;
  const body = await readBody(req);
  /** @type {Context} */
  const ctx = { ...app, url, headers: req.headers, body, form: () => new URLSearchParams(body) };

  const isControl = url.pathname.startsWith('/__emulator/');
  // Preflights pass on every path, so tests running in a browser page can drive faults too.
  let reply;
  if (method === 'OPTIONS') reply = { ...empty(204), headers: PREFLIGHT_HEADERS };
  else reply = isControl ? controlReply(ctx, route) : await platformReply(ctx, route);
  if (!isControl) app.state.log.push(logEntry(ctx, method, reply));
  return reply;
}

/**
 * @param {Context} ctx
 * @param {string} route
 * @returns {Reply}
 */
function controlReply(ctx, route) {
  try {
    return (CONTROL_ROUTES[route] ?? fail('notFound'))(ctx);
  } catch (error) {
    if (error instanceof PlatformError) return errorReply(error);
    return json(400, { message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * @param {Context} ctx
 * @param {string} route
 * @returns {Promise<Reply>}
 */
async function platformReply(ctx, route) {
  const fault = ctx.faults.take(ctx.url.pathname);
  if (fault?.error === 'hang') {
    // A platform that accepted the request and went quiet: the client's timeout must end it.
    await new Promise((resolve) => setTimeout(resolve, HANG_MS).unref());
    return errorReply(new PlatformError('unavailable'));
  }
  if (fault?.error === 'delay') {
    const reply = routeReply(ctx, route);
    await new Promise((resolve) => setTimeout(resolve, fault.ms).unref());
    return reply;
  }
  if (fault) {
    /** @type {Record<string, string>} */
    const headers = {};
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    return errorReply(new PlatformError(fault.error), headers);
  }
  return routeReply(ctx, route);
}

/**
 * @param {Context} ctx
 * @param {string} route
 * @returns {Reply}
 */
function routeReply(ctx, route) {
  try {
    const session = route.startsWith('GET ') ? SESSION_PATH.exec(ctx.url.pathname) : null;
    if (session) return readCallSession(ctx, session[1]);
    return (PLATFORM_ROUTES[route] ?? fail('notFound'))(ctx);
  } catch (error) {
    if (error instanceof PlatformError) return errorReply(error, { 'cache-control': 'no-store' });
    throw error;
  }
}

/**
 * @param {PlatformError} error
 * @param {Record<string, string>} [headers]
 * @returns {Reply}
 */
function errorReply(error, headers) {
  return { ...json(error.status, error, headers), errorCode: error.code };
}

/**
 * What the log keeps of a request: never a secret or token value, only whether one was sent.
 * @param {Context} ctx
 * @param {string} method
 * @param {Reply} reply
 */
function logEntry(ctx, method, reply) {
  const form = ctx.headers['content-type']?.includes('application/x-www-form-urlencoded') ? ctx.form() : null;
  return {
    time: ctx.state.now(),
    method,
    path: ctx.url.pathname,
    status: reply.status,
    origin: ctx.headers.origin,
    authorization: ctx.headers.authorization !== undefined,
    grant_type: form?.get('grant_type') ?? undefined,
    client_id: form?.get('client_id') ?? undefined,
    sent: form ? SECRET_FIELDS.filter((name) => form.has(name)) : undefined,
    errorCode: reply.errorCode,
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 * @param {string | undefined} origin
 */
function send(res, reply, origin) {
  const cors = origin
    ? {
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'retry-after',
        vary: 'Origin',
      }
    : {};
  res.writeHead(reply.status, { ...cors, ...reply.headers });
  res.end(reply.body);
}

// CLI: `node server.mjs [--port 0] [--config options.json]` prints {"url":…,"port":…} once listening.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: 'string' }, config: { type: 'string' } } });
  /** @type {EmulatorOptions} */
  const options = values.config ? JSON.parse(await readFile(values.config, 'utf8')) : {};
  if (values.port !== undefined) options.port = Number(values.port);
  const emulator = await startRingCentralEmulator(options);
  process.stdout.write(`${JSON.stringify({ url: emulator.url, port: emulator.port })}\n`);
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, () => emulator.close().then(() => process.exit(0)));
  }
}
