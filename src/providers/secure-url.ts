/**
 * The HTTP endpoints a credential provider talks to (RingCentral's platform, the app's token
 * endpoint) answer with secrets: OAuth tokens, SIP passwords. Like SIP's `wss://`, they must
 * be `https:`, except on this computer (development, tests) or with `allow-insecure`.
 */
import { ErrorCode, PhoneError } from '../core/errors.js';

// The hosts that never leave this computer (RFC 6761 §6.3 for `localhost`).
const LOOPBACK_HOST = /^(localhost|[\w-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks `url` (relative to the page) for `what`; throws `invalid-configuration` for a URL
 * that is not one, or an `http:` one to another computer without `allowInsecure`.
 */
export function checkHttps(url: string, allowInsecure: boolean, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url, globalThis.location?.href);
  } catch {
    throw new PhoneError(ErrorCode.InvalidConfiguration, { message: `The ${what} is not a URL.` });
  }
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && (allowInsecure || LOOPBACK_HOST.test(parsed.hostname))) return;
  throw new PhoneError(ErrorCode.InvalidConfiguration, {
    message: `The ${what} must be an https:// URL (got ${parsed.protocol}//${parsed.host.slice(0, 100)}): it answers with credentials. http:// is allowed only on this computer, or with allow-insecure.`,
  });
}
