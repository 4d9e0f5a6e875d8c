/**
 * Browser-side helpers for the token-provider suites: the reference app server of
 * examples/token-server runs in the test runner (test/rig/wtr-plugin.mjs), mints tokens for
 * the project's Kamailio (auth_ephemeral), and knows the demo users alice and bob.
 */
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import type { CredentialSource } from '../../src/core/credentials.js';
import type { FetchCredentials, TokenResponse } from '../../src/providers/token.js';
import type { PhoneOptions } from '../../src/core/phone.js';
import { nextEvent, rigCommand } from '../rig/phone-rig.js';

/** The example server's dev-mode users (examples/token-server/server.mjs DEV_USERS). */
export const APP_PASSWORDS = { alice: 'alice-password', bob: 'bob-password' } as const;
export type AppUser = keyof typeof APP_PASSWORDS;

/** The token server's URL, restarted with `ttlSeconds` when that differs from the running one. */
export async function tokenServer(ttlSeconds = 600): Promise<string> {
  return (await rigCommand<{ url: string }>('token-server', { ttlSeconds })).url;
}

/** Every line the token server logged since the run started. */
export function tokenServerLog(): Promise<string[]> {
  return rigCommand<string[]>('token-server-log');
}

/** The same lines with the time each was logged (ms since the epoch, the test runner's clock). */
export function tokenServerTimedLog(): Promise<{ time: number; line: string }[]> {
  return rigCommand<{ time: number; line: string }[]>('token-server-log', { timed: true });
}

async function post(url: string, init: { body?: unknown; sessionToken?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  if (init.sessionToken) headers['Authorization'] = `Bearer ${init.sessionToken}`;
  return fetch(url, { method: 'POST', headers, body: init.body === undefined ? null : JSON.stringify(init.body) });
}

/** Logs in to the app server; resolves with the app session token (sent as a bearer header). */
export async function login(server: string, user: AppUser): Promise<string> {
  const response = await post(`${server}/login`, { body: { user, password: APP_PASSWORDS[user] } });
  if (!response.ok) throw new Error(`login ${user}: HTTP ${response.status}`);
  return ((await response.json()) as { sessionToken: string }).sessionToken;
}

export async function logout(server: string, sessionToken: string): Promise<void> {
  await post(`${server}/logout`, { sessionToken });
}

/** Mints a token the way the kit does (for tests that hand the kit altered tokens). */
export async function mint(server: string, sessionToken: string): Promise<TokenResponse> {
  const response = await post(`${server}/sip-token`, { sessionToken });
  if (!response.ok) throw new Error(`sip-token: HTTP ${response.status}`);
  return (await response.json()) as TokenResponse;
}

export const bearer = (sessionToken: string): HeadersInit => ({ Authorization: `Bearer ${sessionToken}` });

export interface TokenMountOptions {
  readonly tokenUrl?: string;
  readonly sessionToken?: string;
  readonly fetchCredentials?: FetchCredentials;
  /** A credential source of the test's own making (the `tokenCredentials()` options the element does not expose). */
  readonly credentials?: CredentialSource;
  readonly instanceId?: string;
  /** Wait until registered (default) or only until the provider is in the page. */
  readonly register?: boolean;
  readonly phoneOptions?: Partial<Omit<PhoneOptions, 'credentials'>>;
}

const mounted = new Set<RcPhoneProvider>();

/** Adds `<rc-phone-provider provider="token">` and (by default) waits until it registered. */
export async function mountTokenProvider(options: TokenMountOptions): Promise<RcPhoneProvider> {
  const el = document.createElement('rc-phone-provider');
  el.setAttribute('provider', 'token');
  if (options.tokenUrl) el.setAttribute('token-url', options.tokenUrl);
  if (options.instanceId) el.setAttribute('instance-id', options.instanceId);
  if (options.sessionToken) el.tokenHeaders = bearer(options.sessionToken);
  if (options.fetchCredentials) el.fetchCredentials = options.fetchCredentials;
  if (options.credentials) el.credentials = options.credentials;
  el.phoneOptions = { iceGatheringTimeout: 200, ...options.phoneOptions };
  mounted.add(el);
  const registered = options.register === false ? undefined : nextEvent(el, 'rc-registration-change', (e) => e.detail.state === 'registered');
  const failed = nextEvent(el, 'rc-error').then((e) => {
    throw new Error(`token provider failed to start: ${e.detail.code} ${e.detail.error.message}`);
  });
  failed.catch(() => undefined);
  document.body.append(el);
  if (registered) await Promise.race([registered, failed]);
  return el;
}

/** Removes the providers mounted by {@link mountTokenProvider} and waits for their phones to close. */
export async function unmountTokenProviders(): Promise<void> {
  const phones = [...mounted].map((el) => el.phone);
  for (const el of mounted) el.remove();
  mounted.clear();
  await Promise.all(phones.map((phone) => phone?.dispose()));
}

/** Collects every `rc-error` of `el` from now on. */
export function collectErrors(el: HTMLElement): { code: string; message: string }[] {
  const errors: { code: string; message: string }[] = [];
  el.addEventListener('rc-error', (e) => errors.push({ code: e.detail.code, message: e.detail.error.message }));
  return errors;
}

/** Resolves once the wall clock has passed `time` (ms since the epoch). */
export function until(time: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));
}

/** A request that reached the failing token endpoint (test/rig/token-gate.mjs), by the test runner's clock. */
export interface GateRequest {
  readonly time: number;
  readonly mode: unknown;
  /** When the client gave up on it, unanswered (a 'hang' request). */
  readonly closedAt?: number;
}

/**
 * The failing token endpoint in front of the reference one: sets what it does from now on
 * (`'hang'`: accept and never answer; `'pass'`: relay to the token server; an HTTP status; or
 * `{ body }`), and answers its URL and the requests it has had.
 */
export function tokenGate(mode?: 'hang' | 'pass' | number | { body: unknown }): Promise<{ url: string; requests: GateRequest[] }> {
  return rigCommand('token-gate', mode === undefined ? {} : { mode });
}
