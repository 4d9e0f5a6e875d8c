import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { SipStack, SipStackFactory } from '../../core/sip/types.js';
import { CallDirection, CallState } from '../../core/states.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import type { RcPhone } from './rc-phone.component.js';
import { PhoneHarness } from './rc-phone.harness.js';
import './rc-phone.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1">Trudy';

async function phoneEl(phone: FakePhone | null = new FakePhone(), setup: (el: RcPhone) => void = () => undefined) {
  const el = document.createElement('rc-phone');
  setup(el);
  await mountWithPhone(el, phone);
  const ui = new PhoneHarness(el);
  await Promise.all([ui.dialpad.element.updateComplete, ui.callControls.element.updateComplete, ui.incomingCall.element.updateComplete]);
  return { el, phone, ui };
}

const shown = (el: HTMLElement): boolean => el.getClientRects().length > 0;

/** A SIP stack that connects and registers at once: enough to see the phone's own provider start. */
const quietStack: SipStackFactory = (options) => {
  const stack: Partial<SipStack> = {
    connect: async () => options.delegate.onConnectionChange(true),
    disconnect: async () => undefined,
    register: async () => options.delegate.onRegistrationChange(true),
    unregister: async () => undefined,
    updateCredentials: () => undefined,
    targetUri: (target: string) => `sip:${target}@example.com`,
  };
  return stack as SipStack;
};

describe('<rc-phone>', () => {
  afterEach(unmountPhones);

  it('is built from the public elements and shows the dialpad while idle', async () => {
    const { el, ui } = await phoneEl();
    for (const tag of ['rc-incoming-call', 'rc-call-controls', 'rc-dialpad', 'rc-call-list', 'rc-device-picker']) {
      expect(el.shadowRoot!.querySelector(tag), tag).to.be.instanceOf(Element);
    }
    expect(shown(ui.dialpad.element)).to.equal(true);
    expect(shown(ui.callControls.element)).to.equal(false);
    expect(shown(ui.incomingCall.element)).to.equal(false);
    expect(ui.navButton('phone').getAttribute('aria-current')).to.equal('page');
  });

  it('is accessible in the light and dark themes, on every view', async () => {
    const { el, ui } = await phoneEl();
    for (const theme of ['light', 'dark'] as const) {
      el.theme = theme;
      for (const view of ['phone', 'calls', 'settings'] as const) {
        await ui.show(view);
        await expect(el).to.be.accessible();
      }
    }
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(31, 32, 35)');
  });

  it('has its defaults and reflects its attributes', async () => {
    const { el, ui } = await phoneEl();
    expect(el.view).to.equal('phone');
    expect(el.provider).to.equal(undefined);
    el.setAttribute('default-country', 'US');
    el.view = 'settings';
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('view')).to.equal('settings');
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(ui.dialpad.element.defaultCountry).to.equal('US');
    expect(ui.callControls.element.defaultCountry).to.equal('US');
  });

  it('switches views from the keyboard', async () => {
    const { el, ui } = await phoneEl();
    ui.navButton('phone').focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.view).to.equal('calls');
    expect(shown(ui.callList.element)).to.equal(true);
    expect(shown(ui.dialpad.element)).to.equal(false);
  });

  it('shows the call controls instead of the dialpad during a call, and the banner while one rings', async () => {
    const { el, phone, ui } = await phoneEl();
    const ringing = phone!.addCall({ direction: CallDirection.Inbound, state: CallState.Ringing, startedAt: undefined, remote: { displayName: HOSTILE } });
    await ui.incomingCall.element.updateComplete;
    await ui.callControls.element.updateComplete;
    expect(shown(ui.incomingCall.element)).to.equal(true);
    expect(shown(ui.callControls.element), 'the banner has the ringing call').to.equal(false);
    expect(ui.incomingCall.callerName).to.equal(HOSTILE);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
    // Answering from the banner, even from another view, brings the controls into view.
    await ui.show('settings');
    await ui.incomingCall.answer();
    await waitUntil(() => el.view === 'phone');
    await waitUntil(() => shown(ui.callControls.element));
    expect(shown(ui.dialpad.element)).to.equal(false);
    expect(ui.callControls.name).to.equal(HOSTILE);
    await ui.callControls.click('hangup');
    await waitUntil(() => shown(ui.dialpad.element));
    expect(phone!.calls('answer')[0]!.args).to.deep.equal([ringing.id]);
  });

  it('brings its own provider when given server and uri', async () => {
    const el = document.createElement('rc-phone');
    el.server = 'wss://pbx.example.com/ws';
    el.uri = 'sip:alice@example.com';
    el.password = 'secret';
    el.phoneOptions = { stackFactory: quietStack };
    const registered = new Promise<void>((resolve) => el.addEventListener('rc-registration-change', (e) => e.detail.state === 'registered' && resolve()));
    await mountWithPhone(el, null);
    await registered;
    const provider = el.provider!;
    expect(provider.localName).to.equal('rc-phone-provider');
    expect(provider.server).to.equal('wss://pbx.example.com/ws');
    expect(provider.password).to.equal('secret');
    expect(el.hasAttribute('password')).to.equal(false);
    const ui = new PhoneHarness(el);
    await ui.dialpad.element.updateComplete;
    expect(ui.dialpad.notice).to.equal('');
    expect(ui.dialpad.key('1').disabled).to.equal(false);
  });

  it('shows a disabled state without a provider, and works when the provider comes later', async () => {
    const { el, ui } = await phoneEl(null);
    expect(ui.dialpad.notice).to.equal('Not connected to a phone.');
    await expect(el).to.be.accessible();
    const phone = new FakePhone();
    phone.provide(el.parentElement!);
    await ui.dialpad.element.updateComplete;
    expect(ui.dialpad.notice).to.equal('');
  });
});
