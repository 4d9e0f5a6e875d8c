/**
 * Emulator options, their defaults, and the redirect-URI rule.
 *
 * @typedef {{ username: string, password: string, authorizationId: string, domain: string }} SipCredentials
 * @typedef {{ clientId: string, clientSecret?: string, redirectUris: string[], scope?: string }} ClientOptions
 * @typedef {{
 *   ownerId: string, extensionId?: string, extensionNumber: string, login: string, password?: string,
 *   jwt?: string, name?: string, email?: string, sip?: Partial<SipCredentials>, phoneNumbers?: string[], voip?: boolean
 * }} UserOptions
 * @typedef {{ outboundProxy?: string, outboundProxyBackup?: string, transport?: 'WSS' | 'WS', switchBackInterval?: number, sipErrorCodes?: string[] }} SipOptions
 * @typedef {{
 *   port?: number, clients?: ClientOptions[], users?: UserOptions[], sip?: SipOptions, clock?: () => number,
 *   accessTokenTtl?: number, refreshTokenTtl?: number, codeTtl?: number
 * }} EmulatorOptions
 * @typedef {Required<Omit<ClientOptions, 'clientSecret'>> & { clientSecret?: string }} Client
 * @typedef {Required<Omit<UserOptions, 'password' | 'jwt' | 'sip'>> & { password?: string, jwt?: string, sip: SipCredentials }} User
 * @typedef {{
 *   clients: Map<string, Client>, users: Map<string, User>, sip: Required<SipOptions>, clock: () => number,
 *   accessTokenTtl: number, refreshTokenTtl: number, codeTtl: number
 * }} Config
 */

/** Any port and path on a loopback host over plain http (see `redirectUriAllowed`). */
const LOOPBACK_REDIRECTS = ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'];

export const DEFAULT_CLIENTS = [
  { clientId: 'rc-kit-test-client', redirectUris: LOOPBACK_REDIRECTS },
  // The contract: the JWT grant needs Basic auth, so only a client with a secret may use it.
  { clientId: 'rc-kit-jwt-client', clientSecret: 'rc-kit-jwt-secret', redirectUris: LOOPBACK_REDIRECTS },
];

export const DEFAULT_USERS = [
  {
    ownerId: '62264425016',
    extensionNumber: '101',
    login: 'alice',
    jwt: 'rc-kit-test-jwt-alice',
    name: 'Alice Example',
    phoneNumbers: ['+16505550101'],
  },
  {
    ownerId: '62264426016',
    extensionNumber: '102',
    login: 'bob',
    jwt: 'rc-kit-test-jwt-bob',
    name: 'Bob Example',
    phoneNumbers: ['+16505550102'],
  },
];

/** Scope granted when a client names none; VoipCalling is what sip-provision needs, CallControl the telephony sessions. */
const DEFAULT_SCOPE = 'ReadAccounts VoipCalling CallControl';

/**
 * @param {EmulatorOptions} options
 * @returns {Config}
 */
export function resolveConfig(options = {}) {
  const clients = (options.clients ?? DEFAULT_CLIENTS).map((c) => ({ scope: DEFAULT_SCOPE, ...c }));
  const users = (options.users ?? DEFAULT_USERS).map(resolveUser);
  return {
    clients: new Map(clients.map((c) => [c.clientId, c])),
    users: new Map(users.map((u) => [u.login, u])),
    sip: {
      outboundProxy: '127.0.0.1:5060',
      outboundProxyBackup: '127.0.0.1:5061',
      transport: 'WSS',
      // Seconds on the backup proxy before going back to the main one (contract); tests shorten it.
      switchBackInterval: 1800,
      // REGISTER answers that send the client to the backup proxy (contract).
      sipErrorCodes: ['408', '502', '503', '504'],
      ...options.sip,
    },
    clock: options.clock ?? Date.now,
    // Platform defaults from the contract: access 1 h, refresh 7 days, code 60 s.
    accessTokenTtl: options.accessTokenTtl ?? 3600,
    refreshTokenTtl: options.refreshTokenTtl ?? 604800,
    codeTtl: options.codeTtl ?? 60,
  };
}

/**
 * Fills a user's optional fields. SIP credentials default to ones derived from the login;
 * tests that register against a real SIP server pass that server's credentials instead.
 * @param {UserOptions} user
 * @returns {User}
 */
function resolveUser(user) {
  const { login } = user;
  return {
    extensionId: user.ownerId,
    name: login,
    email: `${login}@example.test`,
    phoneNumbers: [],
    voip: true,
    ...user,
    sip: {
      username: login,
      password: `${login}-sip-password`,
      authorizationId: login,
      domain: '127.0.0.1',
      ...user.sip,
    },
  };
}

/**
 * A redirect URI is allowed when it equals a registered one exactly, or when a registered
 * `http://host:*` entry names its host: then any port and any path of that plain-http
 * origin is accepted (loopback apps run on random ports). No fragments (RFC 6749 §3.1.2).
 * @param {Client} client
 * @param {string} uri
 */
export function redirectUriAllowed(client, uri) {
  let url;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash) return false;
  return client.redirectUris.some((allowed) => {
    if (allowed === uri) return true;
    const wildcard = /^http:\/\/(.+):\*$/.exec(allowed);
    return wildcard !== null && url.protocol === 'http:' && url.hostname === wildcard[1];
  });
}
