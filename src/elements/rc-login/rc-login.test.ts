import { ContextProvider } from '@lit/context';
import { expect, oneEvent } from '@open-wc/testing';
import { authContext, type AuthCommands } from '../../context/auth-context.js';
import { NO_SIGN_IN, type AuthSnapshot } from '../../core/auth.js';
import { ErrorCode, PhoneError } from '../../core/errors.js';
import type { RcLogin } from './rc-login.component.js';
import { LoginHarness } from './rc-login.harness.js';
import './rc-login.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><b>Eve</b>';
const READY: AuthSnapshot = { ...NO_SIGN_IN, provider: 'ringcentral', ready: true };

/** A scripted sign-in provider (what <rc-phone-provider provider="ringcentral"> shares). */
class FakeAuth {
  readonly calls: string[] = [];
  private readonly provider: ContextProvider<typeof authContext>;
  readonly commands: AuthCommands = {
    login: async () => (this.calls.push('login'), true),
    logout: async () => (this.calls.push('logout'), true),
    setCallerId: async (number) => (this.calls.push(`caller-id ${number}`), true),
  };

  constructor(
    snapshot: AuthSnapshot,
    readonly host: HTMLElement = document.createElement('div'),
  ) {
    this.provider = new ContextProvider(this.host, { context: authContext, initialValue: { snapshot, commands: this.commands } });
  }

  /** Tells consumers already in the page that a provider is here (a provider element does this on connect). */
  announce(): void {
    this.provider.hostConnected();
  }

  set(snapshot: AuthSnapshot): void {
    this.provider.setValue({ snapshot, commands: this.commands });
  }
}

const mounted: HTMLElement[] = [];
async function mount(snapshot: AuthSnapshot | null): Promise<{ el: RcLogin; ui: LoginHarness; auth: FakeAuth | undefined }> {
  const el = document.createElement('rc-login');
  const auth = snapshot ? new FakeAuth(snapshot) : undefined;
  const parent = auth?.host ?? document.createElement('div');
  parent.append(el);
  document.body.append(parent);
  mounted.push(parent);
  await el.updateComplete;
  return { el, ui: new LoginHarness(el), auth };
}

describe('<rc-login>', () => {
  afterEach(() => mounted.splice(0).forEach((el) => el.remove()));

  it('renders a disabled button without a sign-in provider', async () => {
    const { ui } = await mount(null);
    expect(ui.loginButton?.disabled).to.equal(true);
    expect(ui.status).to.equal('No sign-in needed for this phone.');
  });

  it('works when it upgrades before its provider', async () => {
    const { el, ui } = await mount(null);
    expect(ui.loginButton?.disabled).to.equal(true);
    const auth = new FakeAuth(READY, el.parentElement!);
    auth.announce();
    await el.updateComplete;
    expect(ui.loginButton?.disabled).to.equal(false);
    expect(ui.status).to.equal('Not signed in.');
    await ui.login();
    expect(auth.calls).to.deep.equal(['login']);
  });

  it('forgets the sign-in state when moved away from its provider', async () => {
    const { el, ui } = await mount({ ...READY, status: 'signed-in', user: { name: 'Alice', extensionNumber: '' } });
    expect(ui.user).to.equal('Alice');
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    mounted.push(elsewhere);
    elsewhere.append(el);
    await el.updateComplete;
    expect(ui.status).to.equal('No sign-in needed for this phone.');
    expect(await el.login()).to.equal(false);
  });

  it('waits for the provider to be ready before it can sign in', async () => {
    const { ui, auth } = await mount({ ...READY, ready: false });
    expect(ui.loginButton?.disabled).to.equal(true);
    expect(ui.loginButton?.getAttribute('aria-busy')).to.equal('true');
    auth!.set(READY);
    await ui.element.updateComplete;
    expect(ui.loginButton?.disabled).to.equal(false);
    expect(ui.loginButton?.textContent).to.include('Sign in with RingCentral');
    expect(ui.status).to.equal('Not signed in.');
  });

  it('asks to sign in through a cancelable rc-request-login, then signs in', async () => {
    const { el, ui, auth } = await mount(READY);
    const vetoed = oneEvent(el, 'rc-request-login');
    el.addEventListener('rc-request-login', (e) => e.preventDefault(), { once: true });
    await ui.login();
    expect((await vetoed).cancelable).to.equal(true);
    expect(auth!.calls).to.deep.equal([]);
    const request = oneEvent(el, 'rc-request-login');
    await ui.login();
    expect((await request).detail).to.deep.equal({});
    expect(auth!.calls).to.deep.equal(['login']);
  });

  it('shows who is signed in as text, and signs out through rc-request-logout', async () => {
    const { el, ui, auth } = await mount({ ...READY, status: 'signed-in', user: { name: HOSTILE, extensionNumber: '101' } });
    expect(ui.user).to.equal(`${HOSTILE} (ext. 101)`);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(ui.loginButton).to.equal(null);
    const request = oneEvent(el, 'rc-request-logout');
    await ui.logout();
    await request;
    expect(auth!.calls).to.deep.equal(['logout']);
  });

  it('shows why signing in failed, and what to do, in an alert', async () => {
    const error = new PhoneError(ErrorCode.PopupBlocked);
    const { el, ui } = await mount({ ...READY, error });
    expect(ui.error).to.equal(`${error.message} ${error.solutions[0]}`);
    expect(el.shadowRoot!.querySelector('[part~="error"]')!.getAttribute('role')).to.equal('alert');
  });

  it('offers the caller IDs when there is a choice', async () => {
    const { ui, auth } = await mount({
      ...READY,
      status: 'signed-in',
      user: { name: 'Alice', extensionNumber: '' },
      callerIds: ['+16505550101', '+16505550109'],
    });
    expect(ui.user).to.equal('Alice');
    expect(ui.callerIds).to.deep.equal(['+16505550101', '+16505550109']);
    await ui.chooseCallerId('+16505550109');
    expect(auth!.calls).to.deep.equal(['caller-id +16505550109']);
  });

  it('is accessible signed out, signed in, and in the dark theme', async () => {
    const { el, auth } = await mount({ ...READY, error: new PhoneError(ErrorCode.SessionEnded) });
    await expect(el).to.be.accessible();
    auth!.set({ ...READY, status: 'signed-in', user: { name: 'Alice', extensionNumber: '101' }, callerIds: ['+16505550101', '+16505550109'] });
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });
});
