/**
 * What handlers receive and return.
 *
 * @typedef {{
 *   config: import('./config.mjs').Config,
 *   state: import('./store.mjs').Store,
 *   faults: import('./faults.mjs').Faults,
 *   url: URL,
 *   headers: import('node:http').IncomingHttpHeaders,
 *   body: string,
 *   form: () => URLSearchParams,
 * }} Context
 * @typedef {{ status: number, headers: Record<string, string>, body: string, errorCode?: string }} Reply
 *   `errorCode` is for the request log only.
 */

/**
 * @param {number} status
 * @param {unknown} body serialised with JSON.stringify (so a PlatformError renders its toJSON())
 * @param {Record<string, string>} [headers]
 * @returns {Reply}
 */
export function json(status, body, headers = {}) {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * @param {number} status
 * @param {string} body
 * @returns {Reply}
 */
export function html(status, body) {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

/**
 * @param {string} location
 * @returns {Reply}
 */
export function redirect(location) {
  return { status: 302, headers: { location, 'cache-control': 'no-store' }, body: '' };
}

/**
 * @param {number} status
 * @returns {Reply}
 */
export function empty(status) {
  return { status, headers: {}, body: '' };
}

/** @param {string} text */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
