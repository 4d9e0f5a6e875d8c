/**
 * OAuth 2.0 PKCE (RFC 7636) and `state` values made with WebCrypto, so no crypto polyfill
 * is bundled (the SDK would use Node's crypto).
 */

/** RFC 7636 §4.1: 43–128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** A random URL-safe string of `bytes` bytes of entropy. */
export function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
export async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export const isCodeVerifier = (value: unknown): value is string => typeof value === 'string' && VERIFIER.test(value);

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

/** A fresh verifier (32 random bytes → 43 characters, RFC 7636 §4.1) and its S256 challenge. */
export async function createPkce(): Promise<Pkce> {
  const verifier = randomString(32);
  return { verifier, challenge: await s256(verifier) };
}
