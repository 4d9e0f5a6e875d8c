/**
 * The origins allowed to hand the phone an authorization code by `postMessage`
 * (`allowedOrigins`). Matched exactly, as the browser reports `MessageEvent.origin`
 * (RFC 6454 §6.1 serialisation): a string given instead of a list must not become a
 * substring test (`"https://phone.acme.com".includes("https://phone.acme.co")`).
 */
import { ErrorCode, PhoneError } from '../../core/errors.js';

const refuse = (message: string): never => {
  throw new PhoneError(ErrorCode.InvalidConfiguration, { message });
};

/**
 * The exact origins of `value` (a list, or a string of space- or comma-separated entries);
 * `fallback` when it names none. Each entry is an `http(s)` origin or URL (its path is
 * dropped). `*`, `null` (sandboxed frames, `file:` pages: anyone can make one) and anything
 * else are `invalid-configuration`.
 */
export function exactOrigins(value: readonly string[] | string | undefined, fallback: string): ReadonlySet<string> {
  const entries = (typeof value === 'string' ? value.split(/[\s,]+/) : [...(value ?? [])]).filter(Boolean);
  if (entries.length === 0) return new Set([fallback]);
  return new Set(
    entries.map((entry) => {
      if (typeof entry !== 'string') return refuse('allowedOrigins takes origins such as https://app.example.com.');
      if (entry === '*') return refuse('allowedOrigins cannot be "*": any site could then sign this page in with its own account.');
      let url: URL | undefined;
      try {
        url = new URL(entry);
      } catch {
        // Refused below.
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password)
        return refuse(`allowedOrigins: "${entry.slice(0, 100)}" is not an origin such as https://app.example.com.`);
      return url.origin;
    }),
  );
}
