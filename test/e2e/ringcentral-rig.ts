/**
 * Browser-side helpers for the RingCentral suites: the platform emulator of
 * test/emulators/ringcentral runs in the test runner (test/rig/wtr-plugin.mjs) with the
 * RingCentral-style Kamailio accounts (alice → 17203861294*115, bob → 17203861294*116).
 */
import { sendMouse } from '@web/test-runner-commands';
import type { RcLogin } from '../../src/elements/rc-login/rc-login.component.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { RingCentralAuth, type RingCentralAuthOptions } from '../../src/providers/ringcentral/auth.js';
import { CACHE_PREFIX } from '../../src/providers/ringcentral/login-state.js';
import { createPkce, randomString, type Pkce } from '../../src/providers/ringcentral/pkce.js';
import '../../src/elements/rc-login/rc-login.js';
import { nextEvent, rigCommand, rigConfig, waitFor } from '../rig/phone-rig.js';

export const CLIENT_ID = 'rc-kit-test-client';
export const CALLBACK = `${location.origin}/examples/ringcentral/callback.html`;
export const FIXTURES = `${location.origin}/test/e2e/ringcentral-fixtures`;
/** The SIP identities the emulator provisions (test/kamailio/accounts.json). */
export const ALICE_SIP = '17203861294*115';
export const BOB_SIP = '17203861294*116';
export const ALICE_AUTH_ID = '802398804016';
/** The emulator's alice: owner id and phone number (test/emulators/ringcentral/config.mjs). */
export const ALICE_OWNER_ID = '62264425016';
export const ALICE_NUMBER = '+16505550101';

/** The emulator started with the run. */
export async function emulator(): Promise<string> {
  return ((await rigConfig()) as unknown as { ringcentral: string }).ringcentral;
}

/** A new emulator with other options (token lifetimes…), closed when the run ends. */
export async function startEmulator(options: Record<string, unknown>): Promise<string> {
  return (await rigCommand<{ url: string }>('ringcentral', { options })).url;
}

export interface LogEntry {
  /** When the emulator answered (its clock, ms since the epoch). */
  readonly time: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly grant_type?: string;
  readonly sent?: readonly string[];
  readonly errorCode?: string;
}

export async function emulatorLog(server: string): Promise<LogEntry[]> {
  return (await (await fetch(`${server}/__emulator/log`)).json()) as LogEntry[];
}

/** Token requests (not their CORS preflights). */
export const tokenRequests = (log: readonly LogEntry[]): LogEntry[] => log.filter((entry) => entry.method === 'POST' && entry.path === '/restapi/oauth/token');

export async function resetEmulator(server: string): Promise<void> {
  await fetch(`${server}/__emulator/reset`, { method: 'POST' });
}

export async function setFaults(server: string, faults: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server}/__emulator/faults`, { method: 'POST', body: JSON.stringify(faults) });
  if (!response.ok) throw new Error(`faults: HTTP ${response.status}`);
}

/** localStorage keys the RingCentral provider owns. */
export const storedKeys = (): string[] => Object.keys(localStorage).filter((key) => key.startsWith(CACHE_PREFIX));

/** The SDK's token record. */
export const storedTokens = (): { access_token?: string; refresh_token?: string; code_verifier?: string } =>
  JSON.parse(localStorage.getItem(`${CACHE_PREFIX}platform`) ?? '{}') as { access_token?: string; refresh_token?: string; code_verifier?: string };

/** Forgets every session of earlier tests (tokens live in this origin's storage). */
export function clearStorage(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith('rc-phone-kit:')) localStorage.removeItem(key);
  sessionStorage.clear();
}

const mounted = new Set<RcPhoneProvider>();

export interface RingCentralMount {
  readonly server?: string;
  readonly redirectUri?: string;
  readonly callerId?: string;
  readonly allowedOrigins?: readonly string[];
  readonly options?: RcPhoneProvider['ringcentralOptions'];
  /** Set before the provider connects (host-supplied code, JWT…). */
  readonly configure?: (el: RcPhoneProvider) => void;
}

/** `<rc-phone-provider provider="ringcentral">` with an `<rc-login>` inside. */
export async function mountRingCentral(mount: RingCentralMount = {}): Promise<{ provider: RcPhoneProvider; login: RcLogin }> {
  const provider = document.createElement('rc-phone-provider');
  provider.provider = 'ringcentral';
  provider.server = mount.server ?? (await emulator());
  provider.clientId = CLIENT_ID;
  provider.redirectUri = mount.redirectUri ?? CALLBACK;
  if (mount.callerId) provider.callerId = mount.callerId;
  if (mount.allowedOrigins) provider.allowedOrigins = mount.allowedOrigins;
  provider.phoneOptions = { iceGatheringTimeout: 200 };
  provider.ringcentralOptions = { ...mount.options };
  mount.configure?.(provider);
  const login = document.createElement('rc-login');
  provider.append(login);
  mounted.add(provider);
  document.body.append(provider);
  await login.updateComplete;
  return { provider, login };
}

export async function unmountRingCentral(): Promise<void> {
  const phones = [...mounted].map((el) => el.phone);
  for (const el of mounted) el.remove();
  mounted.clear();
  await Promise.all(phones.map((phone) => phone?.dispose()));
}

/** The `<rc-login>` button, once it is enabled for signing in. */
export async function loginButton(login: RcLogin): Promise<HTMLButtonElement> {
  let button: HTMLButtonElement | null | undefined;
  await waitFor(() => {
    button = login.shadowRoot?.querySelector<HTMLButtonElement>('[part~="login-button"]');
    return button !== null && button !== undefined && !button.disabled && login.value?.snapshot.ready === true;
  }, 'the sign-in button');
  return button!;
}

/** Clicks an element with the real mouse (a user gesture, as a sign-in popup needs). */
export async function click(element: Element): Promise<void> {
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

/** The user signs in on the emulator's sign-in page (in the popup or an iframe). */
export async function signInAs(user: 'alice' | 'bob' = 'alice', decision: 'approve' | 'deny' = 'approve'): Promise<void> {
  await rigCommand('ringcentral-sign-in', { user, decision });
}

/** Clicks "Sign in with RingCentral", signs in in the popup, and waits for the registration. */
export async function signInByPopup(provider: RcPhoneProvider, login: RcLogin, user: 'alice' | 'bob' = 'alice'): Promise<void> {
  const registered = nextEvent(provider, 'rc-registration-change', (e) => e.detail.state === 'registered', 30_000);
  const failed = nextEvent(provider, 'rc-error', () => true, 30_000).then((e) => {
    throw new Error(`sign-in failed: ${e.detail.code} ${e.detail.error.message}`);
  });
  failed.catch(() => undefined);
  registered.catch(() => undefined);
  await click(await loginButton(login));
  await signInAs(user);
  await Promise.race([registered, failed]);
}

/**
 * A real authorization code from the emulator, without a sign-in page: an iframe opens the
 * authorize URL with the emulator's `auto=1` (a user already signed in) and a redirect URI
 * that posts the answer back (ringcentral-fixtures/capture.html).
 */
export async function obtainCode(
  server: string,
  options: { state?: string; pkce?: Pkce; user?: string; clientId?: string; withoutPkce?: boolean } = {},
): Promise<{ code: string; state: string; pkce: Pkce; redirectUri: string; answer: string }> {
  const pkce = options.pkce ?? (await createPkce());
  const state = options.state ?? randomString(16);
  const redirectUri = `${FIXTURES}/capture.html`;
  const url = new URL('/restapi/oauth/authorize', server);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: options.clientId ?? CLIENT_ID,
    redirect_uri: redirectUri,
    state,
    // Only a client with a secret may leave PKCE out.
    ...(options.withoutPkce ? {} : { code_challenge: pkce.challenge, code_challenge_method: 'S256' }),
    auto: '1',
    login: options.user ?? 'alice',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const frame = document.createElement('iframe');
  const answer = new Promise<string>((resolve) => {
    const onMessage = (event: MessageEvent): void => {
      const data = event.data as { capturedAnswer?: unknown } | null;
      if (event.source !== frame.contentWindow || typeof data?.capturedAnswer !== 'string') return;
      window.removeEventListener('message', onMessage);
      resolve(data.capturedAnswer);
    };
    window.addEventListener('message', onMessage);
  });
  frame.src = url.href;
  document.body.append(frame);
  const search = await answer;
  frame.remove();
  const code = new URLSearchParams(search).get('code');
  if (!code) throw new Error(`no code in ${search}`);
  return { code, state, pkce, redirectUri, answer: search };
}

/** Mounts a provider handed a real authorization code as properties (no sign-in page); does not wait for what follows. */
export async function mountWithCode(mount: RingCentralMount & { server: string }): Promise<{ provider: RcPhoneProvider; login: RcLogin }> {
  const { code, pkce, redirectUri } = await obtainCode(mount.server);
  return mountRingCentral({
    ...mount,
    redirectUri,
    configure: (el) => {
      el.authorizationCode = code;
      el.codeVerifier = pkce.verifier;
      mount.configure?.(el);
    },
  });
}

/** Signs in with a real authorization code handed in as properties (no sign-in page), and waits for the registration. */
export async function signInWithCode(mount: RingCentralMount & { server: string }): Promise<{ provider: RcPhoneProvider; login: RcLogin }> {
  const mounted = await mountWithCode(mount);
  await nextEvent(mounted.provider, 'rc-registration-change', (e) => e.detail.state === 'registered', 30_000);
  return mounted;
}

/** The sessions {@link authOn} made, until {@link disposeAuths}. */
const auths: RingCentralAuth[] = [];

/** A sign-in session of the test client on `server`, without an element; quiet. */
export function authOn(server: string, options: Partial<RingCentralAuthOptions> = {}): RingCentralAuth {
  const made = new RingCentralAuth({ server, clientId: CLIENT_ID, redirectUri: 'unused', logger: () => undefined, ...options });
  auths.push(made);
  return made;
}

/** {@link authOn}, signed in with a real authorization code. */
export async function signedInAuth(server: string, options: Partial<RingCentralAuthOptions> = {}): Promise<RingCentralAuth> {
  const { code, pkce, redirectUri } = await obtainCode(server);
  const made = authOn(server, { ...options, redirectUri });
  await made.loginWithCode(code, pkce.verifier);
  return made;
}

/** Ends every session {@link authOn} made (after each test). */
export function disposeAuths(): void {
  for (const made of auths.splice(0)) made.dispose();
}

/** A REST call with a given access token, as a test checks that a token works. */
export async function restStatus(server: string, accessToken: string | undefined): Promise<number> {
  return (await fetch(`${server}/restapi/v1.0/account/~/extension/~`, { headers: { Authorization: `bearer ${accessToken ?? ''}` } })).status;
}
