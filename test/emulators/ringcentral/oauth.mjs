import { redirectUriAllowed } from './config.mjs';
import { PlatformError, fail } from './errors.mjs';
import { empty, escapeHtml, html, json, redirect } from './http.mjs';

/**
 * /restapi/oauth/*: the sign-in page, the token endpoint and revocation.
 *
 * @typedef {import('./http.mjs').Context} Context
 * @typedef {import('./config.mjs').Client} Client
 */

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
// Tokens must not be cached anywhere (RFC 6749 §5.1).
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
// Form fields of the sign-in page that are not authorize parameters.
const PAGE_FIELDS = new Set(['auto', 'login', 'password', 'decision']);

/**
 * GET /restapi/oauth/authorize: the sign-in page, or with `auto=1&login=<user>` an immediate
 * answer for automated tests (`decision=deny` denies).
 * @param {Context} ctx
 */
export function authorizeGet(ctx) {
  const params = ctx.url.searchParams;
  return authorize(ctx, params, params.get('auto') === '1' ? 'auto' : 'page');
}

/**
 * POST /restapi/oauth/authorize: the sign-in form.
 * @param {Context} ctx
 */
export function authorizePost(ctx) {
  return authorize(ctx, ctx.form(), 'form');
}

/**
 * @param {Context} ctx
 * @param {URLSearchParams} params the SDK's authorize query (empty parameters are fine)
 * @param {'page' | 'auto' | 'form'} mode
 */
function authorize(ctx, params, mode) {
  const clientId = params.get('client_id') ?? '';
  const client = ctx.config.clients.get(clientId);
  const redirectUri = params.get('redirect_uri') ?? '';
  // Until client and redirect URI are trusted, errors can only be shown here, never
  // redirected (RFC 6749 §4.1.2.1); the contract: bad redirect_uri → 400.
  if (!client) return errorPage(new PlatformError('unknownClient', { clientId }));
  if (!redirectUriAllowed(client, redirectUri)) return errorPage(new PlatformError('redirectMismatch'));

  // The state is echoed verbatim whenever it was sent (the SDK sends `state=` even when empty).
  const state = params.has('state') ? [['state', params.get('state') ?? '']] : [];
  /** @param {...string[]} fields */
  const answer = (...fields) => {
    const url = new URL(redirectUri);
    for (const [name, value] of fields) url.searchParams.append(name, value);
    return redirect(url.href);
  };
  /** @param {string} error @param {string} description */
  const refuse = (error, description) => answer(['error', error], ['error_description', description], ...state);
  /** @param {string} error @param {string} name */
  const refuseParameter = (error, name) => refuse(error, new PlatformError('invalidParameter', { name }).message);

  if (params.get('response_type') !== 'code') return refuseParameter('unsupported_response_type', 'response_type');
  const challenge = params.get('code_challenge') || null;
  // PKCE is mandatory for clients without a secret; a client with a secret may skip it.
  if (!challenge && !client.clientSecret) return refuseParameter('invalid_request', 'code_challenge');
  if (challenge && params.get('code_challenge_method') !== 'S256') {
    return refuseParameter('invalid_request', 'code_challenge_method');
  }

  if (mode === 'page') return html(200, signInPage(ctx, client, params));
  if (params.get('decision') === 'deny') return refuse('access_denied', 'The user denied access');
  const user = ctx.config.users.get(params.get('login') ?? '');
  // The form checks a password when the user has one; `auto=1` stands for a user who is
  // already signed in.
  const passwordOk = mode === 'auto' || user?.password === undefined || params.get('password') === user.password;
  if (!user || !passwordOk) return html(401, signInPage(ctx, client, params, 'Wrong login or password.'));

  const code = ctx.state.issueCode({ client, user, redirectUri, challenge });
  // Contract: `?code=…&state=…&expires_in=60`.
  return answer(['code', code], ...state, ['expires_in', String(ctx.config.codeTtl)]);
}

/**
 * POST /restapi/oauth/token (application/x-www-form-urlencoded).
 * @param {Context} ctx
 */
export function token(ctx) {
  const answer = tokenAnswer(ctx);
  if (answer.status === 200 && ctx.faults.omitExpiresIn) {
    const { expires_in: _omitted, ...rest } = JSON.parse(answer.body);
    return json(200, rest, NO_STORE);
  }
  return answer;
}

/** @param {Context} ctx */
function tokenAnswer(ctx) {
  const params = ctx.form();
  const client = authenticateClient(ctx, params);
  const grantType = params.get('grant_type');
  switch (grantType) {
    case 'authorization_code':
      return json(200, ctx.state.exchangeCode(client, params), NO_STORE);
    case 'refresh_token':
      return json(200, ctx.state.refresh(client, params), NO_STORE);
    case JWT_GRANT:
      // Contract: RingCentral requires Basic auth (a client secret) for the JWT grant.
      if (!client.clientSecret) fail('grantNotAllowed', { grantType });
      return json(200, ctx.state.jwtLogin(client, params), NO_STORE);
    default:
      return fail('unsupportedGrant');
  }
}

/**
 * POST /restapi/oauth/revoke: `token=…` ends the whole session. Always 200, like RFC 7009.
 * @param {Context} ctx
 */
export function revoke(ctx) {
  const params = ctx.form();
  const client = authenticateClient(ctx, params);
  ctx.state.revoke(client, params.get('token') ?? fail('invalidParameter', { name: 'token' }));
  return empty(200);
}

/**
 * The contract: with a secret the SDK sends `Authorization: Basic b64(id:secret)`,
 * without one it puts `client_id` in the body. A client that has a secret must use Basic.
 * @param {Context} ctx
 * @param {URLSearchParams} params
 * @returns {Client}
 */
function authenticateClient(ctx, params) {
  const basic = /^basic\s+(\S+)$/i.exec(ctx.headers.authorization ?? '');
  if (basic) {
    const [clientId, ...secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    const client = ctx.config.clients.get(clientId) ?? fail('unknownClient', { clientId });
    if (secret.join(':') !== (client.clientSecret ?? '')) fail('invalidClientCredentials');
    return client;
  }
  const clientId = params.get('client_id') ?? fail('clientAuthRequired');
  const client = ctx.config.clients.get(clientId) ?? fail('unknownClient', { clientId });
  if (client.clientSecret) fail('clientAuthRequired');
  return client;
}

/** @param {PlatformError} error */
function errorPage(error) {
  const text = `${escapeHtml(error.code)}: ${escapeHtml(error.message)}`;
  return html(400, `<!doctype html><meta charset="utf-8"><title>Sign-in error</title><p id="error">${text}</p>`);
}

/**
 * The tiny sign-in page: pick a user, optionally type a password, approve or deny.
 * The authorize parameters travel on as hidden fields.
 * @param {Context} ctx
 * @param {Client} client
 * @param {URLSearchParams} params
 * @param {string} [notice]
 */
function signInPage(ctx, client, params, notice = '') {
  const hidden = [...params]
    .filter(([name]) => !PAGE_FIELDS.has(name))
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`);
  const users = [...ctx.config.users.values()].map(
    (u) => `<option value="${escapeHtml(u.login)}">${escapeHtml(u.name)} (ext. ${escapeHtml(u.extensionNumber)})</option>`,
  );
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Sign in – RingCentral emulator</title>
<h1>Sign in</h1>
<p><code>${escapeHtml(client.clientId)}</code> asks to use your account.</p>
${notice ? `<p id="notice" role="alert">${escapeHtml(notice)}</p>` : ''}
<form method="post" action="/restapi/oauth/authorize">
${hidden.join('\n')}
<label>User <select id="login" name="login">${users.join('')}</select></label>
<label>Password <input id="password" name="password" type="password"></label>
<button id="approve" name="decision" value="approve">Sign in</button>
<button id="deny" name="decision" value="deny">Cancel</button>
</form>
</html>
`;
}
