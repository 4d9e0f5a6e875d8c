/**
 * What a full-page-redirect sign-in keeps while the browser is away at RingCentral:
 * sessionStorage, so it belongs to this tab and this sign-in only, and is removed as soon
 * as the answer is used (or refused). Shared by the callback page (callback.ts) and the
 * provider (auth.ts); imports nothing, so the callback page stays tiny.
 */

/** The sign-in in progress in this tab. */
export const PENDING_LOGIN_KEY = 'rc-phone-kit:ringcentral:pending-login';
/** The authorization answer (`?code=…&state=…`) the callback page received for it. */
export const LOGIN_RESPONSE_KEY = 'rc-phone-kit:ringcentral:login-response';
/** The SDK's key prefix: tokens and everything else the provider keeps in localStorage. */
export const CACHE_PREFIX = 'rc-phone-kit:ringcentral:';

export interface PendingLogin {
  readonly state: string;
  /** RFC 7636 code verifier: secret until the token request. */
  readonly verifier: string;
  /** The S256 challenge sent with it, to notice a verifier that was changed while away. */
  readonly challenge: string;
  readonly redirectUri: string;
  /** The page to go back to once the callback page has the answer. */
  readonly returnTo: string;
  readonly createdAt: number;
}

type SessionStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const isPending = (value: unknown): value is PendingLogin => {
  const v = value as Partial<PendingLogin> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.state === 'string' &&
    typeof v.verifier === 'string' &&
    typeof v.challenge === 'string' &&
    typeof v.redirectUri === 'string' &&
    typeof v.returnTo === 'string' &&
    typeof v.createdAt === 'number'
  );
};

export function readPendingLogin(storage: SessionStore | undefined): PendingLogin | undefined {
  try {
    const value: unknown = JSON.parse(storage?.getItem(PENDING_LOGIN_KEY) ?? 'null');
    return isPending(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function writePendingLogin(storage: SessionStore, login: PendingLogin): void {
  storage.setItem(PENDING_LOGIN_KEY, JSON.stringify(login));
}

/** The state parameter of an authorization answer (`?…` or `#…`), if any. */
export function responseState(response: string): string | undefined {
  return new URLSearchParams(response.replace(/^[?#]/, '')).get('state') ?? undefined;
}

/** Reads the page's session storage, which throws where storage is blocked. */
export function sessionStore(win: Window): SessionStore | undefined {
  try {
    return win.sessionStorage;
  } catch {
    return undefined;
  }
}
