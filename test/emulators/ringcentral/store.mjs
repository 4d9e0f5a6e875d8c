import { createHash, randomBytes } from 'node:crypto';
import { fail } from './errors.mjs';
import { Telephony } from './telephony.mjs';

/**
 * The platform's OAuth state: authorization codes, sessions and their tokens, SIP devices,
 * and the emulator's clock. Everything the contract says about token lifetimes and
 * rotation lives here.
 *
 * @typedef {import('./config.mjs').Config} Config
 * @typedef {import('./config.mjs').Client} Client
 * @typedef {import('./config.mjs').User} User
 * @typedef {{ client: Client, user: User, endpointId: string, revoked: boolean }} Session
 *   One login. Revoking any of its tokens ends all of them (contract: "Revoking ends the whole session").
 * @typedef {{
 *   access_token: string, token_type: 'bearer', expires_in: number, refresh_token: string,
 *   refresh_token_expires_in: number, scope: string, owner_id: string, endpoint_id: string
 * }} TokenBody
 * @typedef {{ kind: 'access', session: Session, expiresAt: number, firstUsedAt: number | null, replaced: boolean }} AccessRecord
 * @typedef {{ kind: 'refresh', session: Session, expiresAt: number, accessToken: string, successor: TokenBody | null, rotatedAt: number }} RefreshRecord
 * @typedef {{ client: Client, user: User, redirectUri: string, challenge: string | null, expiresAt: number, used: boolean, session: Session | null }} CodeRecord
 * @typedef {{ time: number, method: string, path: string, status: number, [key: string]: unknown }} LogEntry
 */

// Lifetimes in seconds that a client may ask for; the contract: "access 3600 s (600–3600)",
// refresh at most 7 days. -1 (what the SDK sends after a 401) means "the default".
const ACCESS_TTL = { min: 600, max: 3600 };
const REFRESH_TTL = { min: 600, max: 604800 };
// Contract, "Rotation": the replaced refresh token keeps answering with the same new pair
// for ~10 s after the new access token is first used, or up to 60 min if it is never used.
const GRACE_AFTER_FIRST_USE_MS = 10_000;
const GRACE_IF_UNUSED_MS = 60 * 60_000;
const FIRST_DEVICE_ID = 802398804016;

/** Tokens and codes are opaque random strings, like the platform's. */
const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/**
 * @param {string | null} requested
 * @param {{ min: number, max: number }} range
 * @param {number} fallback
 */
function lifetime(requested, { min, max }, fallback) {
  const seconds = Number.parseInt(requested ?? '', 10);
  if (Number.isNaN(seconds) || seconds === -1) return fallback;
  return Math.min(Math.max(seconds, min), max);
}

export class Store {
  /** @type {Map<string, CodeRecord>} */
  codes = new Map();
  /** @type {Map<string, AccessRecord | RefreshRecord>} */
  tokens = new Map();
  /** @type {Map<string, string>} device id → owner id */
  devices = new Map();
  /** @type {LogEntry[]} */
  log = [];
  clockOffset = 0;
  /** The Call Control API's telephony sessions. */
  telephony = new Telephony();

  /** @param {Config} config */
  constructor(config) {
    this.config = config;
  }

  /** Forgets every code, token, device, telephony session, log entry and clock offset; keeps clients and users. */
  reset() {
    this.telephony.reset();
    this.codes.clear();
    this.tokens.clear();
    this.devices.clear();
    this.log.length = 0;
    this.clockOffset = 0;
  }

  now() {
    return this.config.clock() + this.clockOffset;
  }

  /** @param {number} ms */
  advanceClock(ms) {
    this.clockOffset += ms;
  }

  /**
   * @param {{ client: Client, user: User, redirectUri: string, challenge: string | null }} grant
   * @returns {string} a single-use code, valid for `codeTtl` seconds
   */
  issueCode(grant) {
    const code = randomToken();
    this.codes.set(code, {
      ...grant,
      expiresAt: this.now() + this.config.codeTtl * 1000,
      used: false,
      session: null,
    });
    return code;
  }

  /**
   * grant_type=authorization_code
   * @param {Client} client
   * @param {URLSearchParams} params
   */
  exchangeCode(client, params) {
    const code = params.get('code') ?? fail('invalidParameter', { name: 'code' });
    const record = this.codes.get(code) ?? fail('invalidCode');
    if (record.client !== client) fail('foreignCode');
    if (record.used) {
      // RFC 6749 §4.1.2: a replayed code revokes the tokens issued from it.
      if (record.session) record.session.revoked = true;
      fail('invalidCode');
    }
    record.used = true;
    if (this.now() >= record.expiresAt) fail('expiredCode');
    if (params.get('redirect_uri') !== record.redirectUri) fail('redirectMismatch');
    if (record.challenge) {
      const verifier = params.get('code_verifier') ?? fail('invalidParameter', { name: 'code_verifier' });
      // RFC 7636 §4.6: S256 only (the authorize endpoint refuses other methods).
      if (createHash('sha256').update(verifier).digest('base64url') !== record.challenge) fail('invalidCode');
    }
    record.session = this.#openSession(client, record.user, params);
    return this.#issue(record.session, params);
  }

  /**
   * grant_type=refresh_token, with rotation (contract, "Rotation").
   * @param {Client} client
   * @param {URLSearchParams} params
   */
  refresh(client, params) {
    const token = params.get('refresh_token') ?? fail('invalidParameter', { name: 'refresh_token' });
    const record = this.tokens.get(token);
    if (record?.kind !== 'refresh' || record.session.client !== client) fail('tokenNotFound');
    if (record.session.revoked) fail('tokenRevoked');
    if (record.successor) return this.#replayRotation(record);
    if (this.now() >= record.expiresAt) fail('tokenNotFound');

    const body = this.#issue(record.session, params);
    // The old access token dies at once; the old refresh token only answers replays.
    /** @type {AccessRecord} */ (this.tokens.get(record.accessToken)).replaced = true;
    record.successor = body;
    record.rotatedAt = this.now();
    return body;
  }

  /**
   * grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer
   * @param {Client} client
   * @param {URLSearchParams} params
   */
  jwtLogin(client, params) {
    const assertion = params.get('assertion') ?? fail('invalidParameter', { name: 'assertion' });
    const user = [...this.config.users.values()].find((u) => u.jwt === assertion) ?? fail('invalidAssertion');
    return this.#issue(this.#openSession(client, user, params), params);
  }

  /**
   * POST /restapi/oauth/revoke: any token of a session ends the whole session.
   * Unknown tokens and other clients' tokens are ignored (RFC 7009 §2.2).
   * @param {Client} client
   * @param {string} token
   */
  revoke(client, token) {
    const record = this.tokens.get(token);
    if (record?.session.client === client) record.session.revoked = true;
  }

  /**
   * Checks a REST call's `Authorization: bearer …` header.
   * @param {string | undefined} header
   * @returns {Session}
   */
  authenticate(header) {
    const token = /^bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? fail('unparsableAccessToken');
    const record = this.tokens.get(token);
    if (record?.kind !== 'access' || record.replaced || record.session.revoked) fail('accessTokenNotFound');
    if (this.now() >= record.expiresAt) fail('accessTokenExpired');
    record.firstUsedAt ??= this.now();
    return record.session;
  }

  /** Fault: every access token issued so far counts as expired. */
  expireAccessTokens() {
    for (const record of this.tokens.values()) {
      if (record.kind === 'access') record.expiresAt = Math.min(record.expiresAt, this.now());
    }
  }

  /** Fault: every session issued so far is revoked. */
  revokeAll() {
    for (const record of this.tokens.values()) record.session.revoked = true;
  }

  /**
   * The device id a sip-provision answers with: the caller's own device when it names one,
   * otherwise a new device.
   * @param {User} user
   * @param {unknown} requestedId
   */
  provisionDevice(user, requestedId) {
    const known = requestedId != null && this.devices.get(String(requestedId)) === user.ownerId;
    if (known) return String(requestedId);
    const id = String(FIRST_DEVICE_ID + this.devices.size * 1000);
    this.devices.set(id, user.ownerId);
    return id;
  }

  /**
   * @param {Client} client
   * @param {User} user
   * @param {URLSearchParams} params
   * @returns {Session}
   */
  #openSession(client, user, params) {
    return { client, user, endpointId: params.get('endpoint_id') || randomToken(16), revoked: false };
  }

  /**
   * @param {Session} session
   * @param {URLSearchParams} params may ask for access_token_ttl / refresh_token_ttl
   * @returns {TokenBody}
   */
  #issue(session, params) {
    const now = this.now();
    const accessTtl = lifetime(params.get('access_token_ttl'), ACCESS_TTL, this.config.accessTokenTtl);
    const refreshTtl = lifetime(params.get('refresh_token_ttl'), REFRESH_TTL, this.config.refreshTokenTtl);
    const accessToken = randomToken();
    const refreshToken = randomToken();
    this.tokens.set(accessToken, {
      kind: 'access',
      session,
      expiresAt: now + accessTtl * 1000,
      firstUsedAt: null,
      replaced: false,
    });
    this.tokens.set(refreshToken, {
      kind: 'refresh',
      session,
      expiresAt: now + refreshTtl * 1000,
      accessToken,
      successor: null,
      rotatedAt: 0,
    });
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: accessTtl,
      refresh_token: refreshToken,
      refresh_token_expires_in: refreshTtl,
      scope: session.client.scope,
      owner_id: session.user.ownerId,
      endpoint_id: session.endpointId,
    };
  }

  /**
   * A refresh token that was already rotated: within the grace window it answers with the
   * SAME new pair, so two tabs refreshing together both survive (contract, "Rotation").
   * @param {RefreshRecord} record
   */
  #replayRotation(record) {
    const successor = /** @type {TokenBody} */ (record.successor);
    const next = /** @type {AccessRecord} */ (this.tokens.get(successor.access_token));
    const graceEnds = next.firstUsedAt === null ? record.rotatedAt + GRACE_IF_UNUSED_MS : next.firstUsedAt + GRACE_AFTER_FIRST_USE_MS;
    if (next.replaced || this.now() >= graceEnds) fail('tokenRevoked');
    return successor;
  }
}
