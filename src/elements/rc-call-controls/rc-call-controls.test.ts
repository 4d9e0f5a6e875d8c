import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { CallDirection, CallState } from '../../core/states.js';
import { TonePlayer, type TonePlayDetail } from '../../services/tone-player.js';
import type { RcRequestCallActionDetail } from '../../events/rc-request-call-action.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import type { RcCallControls } from './rc-call-controls.component.js';
import { CallControlsHarness } from './rc-call-controls.harness.js';
import './rc-call-controls.js';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><b>Eve</b>';

async function controls(phone: FakePhone | null = new FakePhone(), setup: (el: RcCallControls) => void = () => undefined) {
  const el = document.createElement('rc-call-controls');
  setup(el);
  await mountWithPhone(el, phone);
  return { el, phone, ui: new CallControlsHarness(el) };
}

/** Collects the detail of every rc-request-call-action. */
function requests(el: HTMLElement): RcRequestCallActionDetail[] {
  const seen: RcRequestCallActionDetail[] = [];
  el.addEventListener('rc-request-call-action', (e) => seen.push({ ...e.detail }));
  return seen;
}

describe('<rc-call-controls>', () => {
  afterEach(unmountPhones);

  it('shows the call: name, number, state in a live region, and a running timer', async () => {
    // A clock the test moves: the element's clock reads Date.now (captured when it is made), so
    // what the timer shows does not depend on how fast this machine runs the test.
    const realNow = Date.now;
    let now = realNow();
    Date.now = () => now;
    try {
      const phone = new FakePhone();
      phone.addCall({ remote: { displayName: 'Bob Example', user: '+16504223279' }, startedAt: now - 65_000 });
      const { el, ui } = await controls(phone);
      expect(el.active).to.equal(true);
      expect(el.hasAttribute('active')).to.equal(true);
      expect(ui.name).to.equal('Bob Example');
      expect(ui.number).to.equal('+16504223279');
      expect(ui.status).to.equal('Connected');
      expect(el.shadowRoot!.querySelector('[part~="status"]')!.getAttribute('role')).to.equal('status');
      expect(ui.timer).to.equal('1:05');
      // The element re-renders by itself each second (a real interval) and reads the clock then.
      now += 1_000;
      await waitUntil(() => ui.timer !== '1:05', 'the timer ticks', { timeout: 3000 });
      expect(ui.timer).to.equal('1:06');
      expect(ui.actions).to.deep.equal(['mute', 'hold', 'keypad', 'transfer', 'hangup']);
    } finally {
      Date.now = realNow;
    }
  });

  it('is accessible in the light and dark themes, with its panels open', async () => {
    const phone = new FakePhone();
    phone.addCall();
    const { el, ui } = await controls(phone);
    await expect(el).to.be.accessible();
    await ui.click('transfer');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await ui.keypad();
    await expect(el).to.be.accessible();
    expect(getComputedStyle(el.shadowRoot!.querySelector('rc-dialpad')!).backgroundColor).to.equal('rgb(31, 32, 35)');
  });

  it('has its defaults and reflects its attributes', async () => {
    const { el } = await controls();
    expect(el.callId).to.equal('');
    expect(el.active).to.equal(false);
    el.setAttribute('call-id', 'c1');
    el.setAttribute('default-country', 'US');
    el.theme = 'light';
    await el.updateComplete;
    expect(el.callId).to.equal('c1');
    expect(el.defaultCountry).to.equal('US');
    expect(el.getAttribute('theme')).to.equal('light');
  });

  it('controls the call named by call-id rather than the current one', async () => {
    const phone = new FakePhone();
    const held = phone.addCall({ remote: { displayName: 'Held Harry' }, held: true });
    phone.addCall({ remote: { displayName: 'Current Carol' } });
    const { ui } = await controls(phone, (el) => (el.callId = held.id));
    expect(ui.name).to.equal('Held Harry');
    expect(ui.status).to.equal('On hold');
  });

  it('answers and declines a ringing call, with the request details', async () => {
    const phone = new FakePhone();
    const call = phone.addCall({ state: CallState.Ringing, startedAt: undefined });
    const { el, ui } = await controls(phone);
    expect(el.incoming).to.equal(true);
    expect(ui.actions).to.deep.equal(['answer', 'decline']);
    expect(ui.status).to.equal('Incoming call');
    const request = oneEvent(el, 'rc-request-call-action');
    await ui.click('answer');
    const event = await request;
    expect(event.detail).to.deep.equal({ callId: call.id, action: 'answer' });
    expect(event.cancelable).to.equal(true);
    await waitUntil(() => ui.status === 'Connected');
    expect(el.incoming).to.equal(false);
    const second = phone.addCall({ state: CallState.Ringing, startedAt: undefined });
    el.callId = second.id;
    await el.updateComplete;
    await ui.click('decline');
    await waitUntil(() => phone.calls('decline').length === 1);
    expect(phone.calls('decline')[0]!.args).to.deep.equal([second.id]);
  });

  it('mutes, holds and hangs up, showing the toggles as pressed', async () => {
    const phone = new FakePhone();
    const call = phone.addCall();
    const { el, ui } = await controls(phone);
    const seen = requests(el);
    await ui.click('mute');
    await waitUntil(() => ui.button('mute')!.dataset['action'] === 'unmute');
    expect(ui.status).to.equal('Connected · Muted');
    await ui.click('mute');
    await waitUntil(() => ui.button('mute')!.dataset['action'] === 'mute');
    await ui.click('hold');
    await waitUntil(() => ui.status === 'On hold');
    expect(ui.button('keypad')!.disabled).to.equal(true);
    await ui.click('hold');
    await waitUntil(() => ui.status === 'Connected');
    await ui.click('hangup');
    await waitUntil(() => !el.active);
    expect(seen.map((d) => d.action)).to.deep.equal(['mute', 'unmute', 'hold', 'unhold', 'hangup']);
    expect(seen.every((d) => d.callId === call.id)).to.equal(true);
    expect(ui.notice).to.equal('No call in progress.');
  });

  it('is operated from the keyboard', async () => {
    const phone = new FakePhone();
    phone.addCall();
    const { ui } = await controls(phone);
    ui.button('mute')!.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => phone.calls('hold').length === 1, 'Enter on Hold holds');
    // Keypad is disabled while the call is held, so the next stop is Transfer.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    await waitUntil(() => !!ui.element.shadowRoot!.querySelector('#panel input'), 'Space on Transfer opens the form');
  });

  it('sends keypad tones from its keypad panel', async () => {
    const phone = new FakePhone();
    const call = phone.addCall();
    const { el, ui } = await controls(phone);
    const pad = await ui.keypad();
    expect(ui.button('keypad')!.getAttribute('aria-expanded')).to.equal('true');
    expect(pad.element.mode).to.equal('dtmf');
    pad.element.silent = true;
    const dtmf = oneEvent(el, 'rc-dtmf');
    await pad.pressKey('7');
    expect((await dtmf).detail).to.deep.equal({ callId: call.id, tones: '7' });
  });

  it('transfers blind, after checking the target', async () => {
    const phone = new FakePhone();
    const call = phone.addCall();
    const { el, ui } = await controls(phone);
    const error = oneEvent(el, 'rc-error');
    await ui.transfer('not a number!');
    expect((await error).detail.code).to.equal('invalid-target');
    await el.updateComplete;
    expect(ui.panelProblem).to.contain('not a number or address');
    expect(phone.calls('transfer')).to.have.length(0);
    const request = oneEvent(el, 'rc-request-call-action');
    await ui.transfer('+1 (650) 422-3279');
    expect((await request).detail).to.deep.equal({ callId: call.id, action: 'transfer', target: '+16504223279' });
    await waitUntil(() => phone.calls('transfer').length === 1);
    expect(phone.calls('transfer')[0]!.args).to.deep.equal([call.id, '+16504223279']);
  });

  it('transfers warm: consult, then complete', async () => {
    const phone = new FakePhone();
    const original = phone.addCall({ remote: { displayName: 'Bob' } });
    const { el, ui } = await controls(phone);
    const seen = requests(el);
    await ui.transfer('carol', 'warm');
    await waitUntil(() => phone.calls('call').length === 1);
    const consultId = phone.snapshot.calls.find((c) => c.id !== original.id)!.id;
    // The phone held the first call; the controls now show the consultation.
    phone.updateCall(original.id, { held: true });
    await waitUntil(() => !!el.shadowRoot!.querySelector('[part~="transfer-bar"]'));
    expect(el.shadowRoot!.querySelector('[part~="transfer-bar"]')!.textContent).to.contain('Transferring Bob to carol');
    expect(ui.button('complete-transfer')!.disabled, 'not before the consultation is answered').to.equal(true);
    phone.updateCall(consultId, { state: CallState.Established, startedAt: Date.now() });
    await el.updateComplete;
    await ui.click('complete-transfer');
    await waitUntil(() => phone.calls('transfer').length === 1);
    expect(phone.calls('transfer')[0]!.args).to.deep.equal([original.id, { callId: consultId }]);
    expect(seen.map((d) => d.action)).to.deep.equal(['consult', 'complete-transfer']);
    expect(seen[1]).to.deep.equal({ callId: original.id, action: 'complete-transfer', consultCallId: consultId });
  });

  it('transfers warm: consult, then cancel and resume', async () => {
    const phone = new FakePhone();
    const original = phone.addCall();
    const { el, ui } = await controls(phone);
    await ui.transfer('carol', 'warm');
    await waitUntil(() => phone.calls('call').length === 1);
    const consultId = phone.snapshot.calls.find((c) => c.id !== original.id)!.id;
    await waitUntil(() => !!ui.button('cancel-transfer'));
    await ui.click('cancel-transfer');
    await waitUntil(() => phone.calls('unhold').length === 1);
    expect(phone.calls('hangup')[0]!.args).to.deep.equal([consultId]);
    expect(phone.calls('unhold')[0]!.args).to.deep.equal([original.id]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="transfer-bar"]')).to.equal(null);
  });

  it('lets the host veto an action or rewrite its target', async () => {
    const phone = new FakePhone();
    const call = phone.addCall();
    const { el, ui } = await controls(phone);
    el.addEventListener('rc-request-call-action', (e) => e.preventDefault(), { once: true });
    await ui.click('hangup');
    expect(phone.calls('hangup')).to.have.length(0);
    el.addEventListener('rc-request-call-action', (e) => (e.detail.target = 'sip:desk@example.com'), { once: true });
    await ui.transfer('carol');
    await waitUntil(() => phone.calls('transfer').length === 1);
    expect(phone.calls('transfer')[0]!.args).to.deep.equal([call.id, 'sip:desk@example.com']);
  });

  it('offers provider actions only when the provider can do them', async () => {
    const phone = new FakePhone();
    const call = phone.addCall();
    const { el, ui } = await controls(phone);
    for (const action of ['record', 'park', 'flip']) expect(ui.button(action as 'park'), action).to.equal(null);
    phone.update({ capabilities: ['record', 'park', 'flip'] });
    phone.actionResults.set('park', { location: '813' });
    await el.updateComplete;
    expect(ui.actions).to.deep.equal(['mute', 'hold', 'keypad', 'transfer', 'record', 'park', 'flip', 'hangup']);
    await expect(el).to.be.accessible();
    await ui.click('record');
    await waitUntil(() => ui.button('record')!.dataset['action'] === 'stop-record');
    await waitUntil(() => ui.status === 'Connected · Recording — Recording started.', ui.status);
    await ui.click('record');
    await waitUntil(() => ui.button('record')!.dataset['action'] === 'record');
    await ui.click('park');
    await waitUntil(() => ui.status.endsWith('Parked at 813.'));
    await ui.click('flip');
    await ui.fill('2');
    await ui.click('flip-now');
    await waitUntil(() => phone.calls('providerAction').length === 4);
    expect(phone.calls('providerAction').map((c) => c.args)).to.deep.equal([
      [call.id, 'record', { on: true }],
      [call.id, 'record', { on: false }],
      [call.id, 'park', {}],
      [call.id, 'flip', { target: '2' }],
    ]);
  });

  it('offers voicemail, forward and reply on a ringing call when capable', async () => {
    const phone = new FakePhone({ capabilities: ['voicemail', 'forward', 'reply'] });
    const call = phone.addCall({ state: CallState.Ringing, startedAt: undefined });
    const { el, ui } = await controls(phone);
    expect(ui.actions).to.deep.equal(['answer', 'decline', 'voicemail', 'forward', 'reply']);
    await ui.click('reply');
    await ui.click('reply-now');
    await el.updateComplete;
    expect(ui.panelProblem).to.equal('Write a message to send.');
    await ui.fill('On my way');
    const request = oneEvent(el, 'rc-request-call-action');
    await ui.click('reply-now');
    expect((await request).detail).to.deep.equal({ callId: call.id, action: 'reply', message: 'On my way' });
    await waitUntil(() => phone.calls('providerAction').length === 1);
    expect(phone.calls('providerAction')[0]!.args).to.deep.equal([call.id, 'reply', { message: 'On my way' }]);
  });

  it('plays the ringback of default-country while an outgoing call rings, not with early media, not when off', async () => {
    const player = new TonePlayer();
    const played: TonePlayDetail[] = [];
    player.addEventListener('play', (e) => played.push((e as CustomEvent<TonePlayDetail>).detail));
    try {
      const phone = new FakePhone();
      const call = phone.addCall({ direction: CallDirection.Outbound, state: CallState.Ringing });
      const { el, ui } = await controls(phone, (e) => {
        e.tonePlayer = player;
        e.defaultCountry = 'US';
      });
      expect(el.ringback).to.equal('auto');
      expect(ui.status).to.equal('Ringing…');
      await waitUntil(() => player.ringbackOn?.cadence === 'north-america', 'the North American ringback plays');
      expect(played.map((p) => p.kind)).to.deep.equal(['ringback']);

      phone.updateCall(call.id, { earlyMedia: true });
      await waitUntil(() => player.ringbackOn === undefined, 'early media stops it');
      phone.updateCall(call.id, { earlyMedia: false });
      await waitUntil(() => player.ringbackOn !== undefined, 'it plays again');
      el.setAttribute('ringback', 'off');
      await waitUntil(() => player.ringbackOn === undefined, 'ringback="off" stops it');
      el.setAttribute('ringback', 'etsi');
      await waitUntil(() => player.ringbackOn?.cadence === 'etsi', 'a named cadence plays');
      phone.updateCall(call.id, { state: CallState.Established, startedAt: Date.now() });
      await waitUntil(() => player.ringbackOn === undefined, 'the answer stops it');
    } finally {
      player.dispose();
    }
  });

  it('shows a hostile display name as text', async () => {
    const phone = new FakePhone();
    phone.addCall({ remote: { displayName: HOSTILE, user: 'eve' } });
    const { el, ui } = await controls(phone);
    expect(ui.name).to.equal(HOSTILE);
    expect(el.shadowRoot!.querySelector('img, b')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('shows a disabled state without a provider, and works when the provider comes later', async () => {
    const { el, ui } = await controls(null);
    expect(ui.notice).to.equal('Not connected to a phone.');
    expect(el.active).to.equal(false);
    await expect(el).to.be.accessible();
    const phone = new FakePhone();
    phone.addCall({ direction: CallDirection.Outbound, state: CallState.Dialing, startedAt: undefined, remote: { displayName: '', user: 'carol' } });
    phone.provide(el.parentElement!);
    await el.updateComplete;
    expect(ui.name).to.equal('carol');
    expect(ui.status).to.equal('Calling…');
    expect(ui.actions).to.deep.equal(['hangup']);
  });
});
