/**
 * Faults that tests switch on (POST /__emulator/faults, or `emulator.faults.apply()`).
 *
 * One-shot actions act on the store at once (`expireAccessTokens`, `revokeAll`); the others
 * stay until used up or until reset: `noVoip` (owner ids whose sip-provision answers 403),
 * `omitExpiresIn` (token answers without `expires_in`), `noCallControl` (telephony sessions answer
 * 403 CMN-401, as to an app without the CallControl permission), and scripted failures that answer
 * the next `count` requests to `path` (any path when omitted) with 429 + Retry-After
 * (`rateLimit`), 503 (`unavailable`) or 400 CMN-101 (`invalidBody`), do not answer for a minute (`hang`), or carry out the
 * request and hold its answer for `ms` (`delay`: a request in flight whose effect is already
 * done at the platform, as when the answer is still on the wire).
 *
 * @typedef {{ path?: string, count?: number, retryAfter?: number, ms?: number }} ScriptedSpec
 * @typedef {{
 *   expireAccessTokens?: boolean, revokeAll?: boolean, noVoip?: string | string[],
 *   rateLimit?: ScriptedSpec, unavailable?: ScriptedSpec, hang?: ScriptedSpec, delay?: ScriptedSpec, invalidBody?: ScriptedSpec, omitExpiresIn?: boolean,
 *   noCallControl?: boolean
 * }} FaultSpec
 * @typedef {{ error: 'rateLimited' | 'unavailable' | 'invalidBody' | 'hang' | 'delay', path?: string, remaining: number, retryAfter?: number, ms?: number }} ScriptedFault
 */

// The platform's usual Retry-After for a rate-limit group (and the SDK's own fallback).
const DEFAULT_RETRY_AFTER_S = 60;
// A held answer longer than the emulator's own hang is a test mistake.
const HANG_LIMIT_MS = 60_000;

export class Faults {
  /** @type {Set<string>} */
  noVoip = new Set();
  /** @type {ScriptedFault[]} */
  scripted = [];
  omitExpiresIn = false;
  noCallControl = false;

  /** @param {import('./store.mjs').Store} store */
  constructor(store) {
    this.store = store;
  }

  reset() {
    this.noVoip.clear();
    this.scripted.length = 0;
    this.omitExpiresIn = false;
    this.noCallControl = false;
  }

  /**
   * @param {FaultSpec} spec
   * @throws {TypeError} on an unknown fault, before applying any, so a typo in a test fails loudly
   */
  apply(spec) {
    const { expireAccessTokens, revokeAll, noVoip = [], rateLimit, unavailable, invalidBody, hang, delay, omitExpiresIn, noCallControl, ...unknown } = spec;
    const unknownNames = Object.keys(unknown);
    if (unknownNames.length > 0) throw new TypeError(`Unknown fault: ${unknownNames.join(', ')}`);

    if (expireAccessTokens) this.store.expireAccessTokens();
    if (revokeAll) this.store.revokeAll();
    for (const ownerId of [noVoip].flat()) this.noVoip.add(String(ownerId));
    if (rateLimit) this.#script('rateLimited', { retryAfter: DEFAULT_RETRY_AFTER_S, ...rateLimit });
    if (unavailable) this.#script('unavailable', unavailable);
    if (invalidBody) this.#script('invalidBody', invalidBody);
    if (hang) this.#script('hang', hang);
    if (delay) this.#script('delay', delay);
    if (omitExpiresIn) this.omitExpiresIn = true;
    if (noCallControl) this.noCallControl = true;
  }

  /**
   * @param {ScriptedFault['error']} error
   * @param {ScriptedSpec} spec
   */
  #script(error, { path, count = 1, retryAfter, ms }) {
    if (!Number.isInteger(count) || count < 1) throw new TypeError(`${error}: count must be a positive integer`);
    if (error === 'delay' && !(Number.isFinite(ms) && ms > 0 && ms <= HANG_LIMIT_MS)) throw new TypeError(`delay: ms must be 1…${HANG_LIMIT_MS}`);
    this.scripted.push({ error, path, remaining: count, retryAfter, ms });
  }

  /**
   * The scripted failure for a request to `path`, if one is pending; it counts as used.
   * @param {string} path
   */
  take(path) {
    const index = this.scripted.findIndex((fault) => !fault.path || fault.path === path);
    if (index === -1) return null;
    const fault = this.scripted[index];
    fault.remaining -= 1;
    if (fault.remaining === 0) this.scripted.splice(index, 1);
    return fault;
  }
}
