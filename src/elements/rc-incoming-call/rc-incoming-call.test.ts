import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { devicePreferences } from '../../services/device-preferences.js';
import { TonePlayer, type TonePlayDetail } from '../../services/tone-player.js';
import { CallDirection, CallState } from '../../core/states.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import type { RcIncomingCall } from './rc-incoming-call.component.js';
import { IncomingCallHarness } from './rc-incoming-call.harness.js';
import './rc-incoming-call.js';

const HOSTILE = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">';

let player: TonePlayer;
let played: TonePlayDetail[];

async function banner(phone: FakePhone | null = new FakePhone(), setup: (el: RcIncomingCall) => void = () => undefined) {
  const el = document.createElement('rc-incoming-call');
  el.tonePlayer = player;
  setup(el);
  await mountWithPhone(el, phone);
  return { el, phone, ui: new IncomingCallHarness(el) };
}

const ringing = (phone: FakePhone, displayName = 'Bob', user = 'bob') =>
  phone.addCall({ direction: CallDirection.Inbound, state: CallState.Ringing, startedAt: undefined, remote: { displayName, user } });

/** A real (fake-device) speaker other than the default, so setSinkId is exercised. */
async function secondSpeaker(): Promise<string> {
  // Firefox lists speakers only to a page that has opened the microphone (Chromium: with the permission).
  (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks().forEach((track) => track.stop());
  const outputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default');
  if (!outputs[0]) throw new Error('The browser offers no fake audio outputs');
  return outputs[0].deviceId;
}

describe('<rc-incoming-call>', () => {
  beforeEach(() => {
    devicePreferences().clear();
    player = new TonePlayer();
    played = [];
    player.addEventListener('play', (e) => played.push((e as CustomEvent<TonePlayDetail>).detail));
  });
  afterEach(() => {
    unmountPhones();
    player.dispose();
    devicePreferences().clear();
  });

  it('shows nothing while nothing rings', async () => {
    const phone = new FakePhone();
    phone.addCall({ direction: CallDirection.Outbound, state: CallState.Ringing });
    const { el, ui } = await banner(phone);
    expect(el.ringing).to.equal(false);
    expect(el.hasAttribute('ringing')).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part~="base"]')).to.equal(null);
    expect(ui.announcement).to.equal('');
    expect(player.ringingOn).to.equal(undefined);
  });

  it('shows the caller, announces the call, and is accessible in both themes', async () => {
    const phone = new FakePhone();
    const { el, ui } = await banner(phone);
    ringing(phone, 'Bob Example', '+16504223279');
    await el.updateComplete;
    expect(el.hasAttribute('ringing')).to.equal(true);
    expect(ui.callerName).to.equal('Bob Example');
    expect(ui.callerNumber).to.equal('+16504223279');
    expect(ui.announcement).to.equal('Incoming call from Bob Example');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('has its defaults and reflects its attributes', async () => {
    const { el } = await banner();
    expect(el.silent).to.equal(false);
    el.setAttribute('call-id', 'x');
    el.setAttribute('default-country', 'DE');
    el.silent = true;
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.callId).to.equal('x');
    expect(el.defaultCountry).to.equal('DE');
    expect(el.hasAttribute('silent')).to.equal(true);
    expect(el.getAttribute('theme')).to.equal('dark');
  });

  it('rings on the chosen ringer device and stops when the call is answered elsewhere', async () => {
    const speaker = await secondSpeaker();
    devicePreferences().set('ringer', speaker);
    const phone = new FakePhone();
    const call = ringing(phone);
    await banner(phone);
    await waitUntil(() => played.some((p) => p.kind === 'ring'), 'the ringtone starts');
    expect(played.find((p) => p.kind === 'ring')!.sinkId).to.equal(speaker);
    expect(player.ringingOn).to.equal(speaker);
    // CANCEL "Call completed elsewhere": the call leaves the snapshot.
    phone.removeCall(call.id);
    await waitUntil(() => player.ringingOn === undefined, 'the ringtone stops');
  });

  it('moves the ringtone when the ringer choice changes, and stays quiet when silent', async () => {
    const speaker = await secondSpeaker();
    const phone = new FakePhone();
    ringing(phone);
    const { el } = await banner(phone);
    await waitUntil(() => player.ringingOn === '');
    devicePreferences().set('ringer', speaker);
    await waitUntil(() => player.ringingOn === speaker, 'the ringtone moves to the new ringer');
    el.silent = true;
    await waitUntil(() => player.ringingOn === undefined, 'silent stops it');
  });

  it('reports a ringtone that cannot play, once', async () => {
    devicePreferences().set('ringer', 'no-such-device');
    // Every render of a ringing banner asks for the ringtone again.
    let failed = 0;
    const start = player.startRingtone.bind(player);
    player.startRingtone = (...args) => {
      const attempt = start(...args);
      void attempt.catch(() => failed++);
      return attempt;
    };
    const phone = new FakePhone();
    const call = ringing(phone);
    const el = document.createElement('rc-incoming-call');
    el.tonePlayer = player;
    const errors: string[] = [];
    el.addEventListener('rc-error', (e) => errors.push(`${e.detail.code} ${e.detail.callId ?? ''}`));
    const first = oneEvent(el, 'rc-error');
    await mountWithPhone(el, phone);
    await first;
    const before = failed;
    for (let i = 0; i < 2; i++) {
      el.requestUpdate();
      await el.updateComplete;
    }
    // Counted in the wrapper, which reacts to each attempt before the banner's own handler.
    await waitUntil(() => failed > before, 'the ringtone failed again on a later render');
    expect(errors).to.deep.equal([`audio-playback-blocked ${call.id}`]);
  });

  it('an auto-answer alert that cannot play in the tab the user sees cancels the auto-answer: the call rings on, and the page is told', async () => {
    devicePreferences().set('ringer', 'no-such-device');
    const phone = new FakePhone();
    const call = phone.addCall({ direction: CallDirection.Inbound, state: CallState.Ringing, startedAt: undefined, autoAnswerAt: Date.now() + 3_000 });
    const el = document.createElement('rc-incoming-call');
    el.tonePlayer = player;
    const error = oneEvent(el, 'rc-error');
    await mountWithPhone(el, phone);
    const { detail } = await error;
    expect([detail.code, detail.callId]).to.deep.equal(['audio-playback-blocked', call.id]);
    expect(document.visibilityState).to.equal('visible');
    expect(phone.calls('cancelAutoAnswer').map((c) => c.args)).to.deep.equal([[call.id]]);
  });

  it('an auto-answer alert that cannot play in a hidden tab leaves the auto-answer to the tab the user sees', async () => {
    devicePreferences().set('ringer', 'no-such-device');
    // Another tab of the device, in the background (the unit page itself is in front).
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    try {
      const phone = new FakePhone();
      phone.addCall({ direction: CallDirection.Inbound, state: CallState.Ringing, startedAt: undefined, autoAnswerAt: Date.now() + 3_000 });
      const el = document.createElement('rc-incoming-call');
      el.tonePlayer = player;
      const error = oneEvent(el, 'rc-error');
      await mountWithPhone(el, phone);
      expect((await error).detail.code).to.equal('audio-playback-blocked');
      expect(phone.calls('cancelAutoAnswer')).to.deep.equal([]);
    } finally {
      Reflect.deleteProperty(document, 'visibilityState');
    }
  });

  it('counts down an auto-answer with an alert instead of the ringtone; Cancel lets it ring', async () => {
    const phone = new FakePhone();
    const call = phone.addCall({ direction: CallDirection.Inbound, state: CallState.Ringing, startedAt: undefined, autoAnswerAt: Date.now() + 3_000 });
    const { el, ui } = await banner(phone);
    expect(ui.autoAnswer).to.equal('Answering automatically in 3 s');
    await waitUntil(() => played.some((p) => p.kind === 'auto-answer'), 'the alert sounds');
    expect(player.ringingOn).to.equal(undefined);
    await waitUntil(() => ui.autoAnswer === 'Answering automatically in 2 s', 'it counts down', { timeout: 2_500 });
    await expect(el).to.be.accessible();
    const request = oneEvent(el, 'rc-request-call-action');
    await ui.cancelAutoAnswer();
    expect((await request).detail).to.deep.equal({ callId: call.id, action: 'cancel-auto-answer' });
    expect(phone.calls('cancelAutoAnswer').map((c) => c.args)).to.deep.equal([[call.id]]);
    await waitUntil(() => ui.autoAnswer === '' && player.ringingOn === '', 'the countdown goes and it rings');
    expect(played.filter((p) => p.kind === 'auto-answer')).to.have.length(1);
  });

  it('answers and declines with rc-request-call-action, and can be vetoed', async () => {
    const phone = new FakePhone();
    const first = ringing(phone);
    const { el, ui } = await banner(phone);
    el.addEventListener('rc-request-call-action', (e) => e.preventDefault(), { once: true });
    await ui.decline();
    expect(phone.calls('decline')).to.have.length(0);
    const request = oneEvent(el, 'rc-request-call-action');
    await ui.answer();
    const event = await request;
    expect(event.detail).to.deep.equal({ callId: first.id, action: 'answer' });
    expect(event.cancelable).to.equal(true);
    await waitUntil(() => !el.ringing, 'the banner goes once answered');
    const second = ringing(phone, 'Carol', 'carol');
    await waitUntil(() => el.ringing);
    await ui.decline();
    await waitUntil(() => phone.calls('decline').length === 1);
    expect(phone.calls('decline')[0]!.args).to.deep.equal([second.id]);
  });

  it('is operated from the keyboard', async () => {
    const phone = new FakePhone();
    ringing(phone);
    const { ui } = await banner(phone);
    ui.button('decline')!.focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => phone.calls('answer').length === 1);
  });

  it('says how many more calls ring, and shows the one named by call-id', async () => {
    const phone = new FakePhone();
    ringing(phone, 'First');
    const second = ringing(phone, 'Second');
    ringing(phone, 'Third');
    const { el, ui } = await banner(phone);
    expect(ui.callerName).to.equal('First');
    expect(el.shadowRoot!.querySelector('[part~="more"]')!.textContent).to.equal('2 more calls are ringing.');
    el.callId = second.id;
    await el.updateComplete;
    expect(ui.callerName).to.equal('Second');
  });

  it('offers voicemail, forward and reply only when the provider can', async () => {
    const phone = new FakePhone();
    const call = ringing(phone);
    const { el, ui } = await banner(phone);
    expect(ui.button('voicemail')).to.equal(null);
    phone.update({ capabilities: ['voicemail', 'forward', 'reply'] });
    await el.updateComplete;
    await ui.click('forward');
    await ui.fill('+44 20 7946 0000');
    await expect(el).to.be.accessible();
    const request = oneEvent(el, 'rc-request-call-action');
    await ui.click('forward-now');
    expect((await request).detail).to.deep.equal({ callId: call.id, action: 'forward', target: '+442079460000' });
    await ui.click('voicemail');
    await waitUntil(() => phone.calls('providerAction').length === 2);
    expect(phone.calls('providerAction').map((c) => c.args)).to.deep.equal([
      [call.id, 'forward', { target: '+442079460000' }],
      [call.id, 'voicemail', {}],
    ]);
  });

  it('shows a hostile display name as text', async () => {
    const phone = new FakePhone();
    ringing(phone, HOSTILE, 'eve');
    const { el, ui } = await banner(phone);
    expect(ui.callerName).to.equal(HOSTILE);
    expect(ui.announcement).to.equal(`Incoming call from ${HOSTILE}`);
    expect(el.shadowRoot!.querySelector('script, img')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('shows a disabled state without a provider, and works when the provider comes later', async () => {
    const { el, ui } = await banner(null);
    expect(ui.notice).to.equal('Not connected to a phone.');
    await expect(el).to.be.accessible();
    const phone = new FakePhone();
    ringing(phone, 'Late Larry');
    phone.provide(el.parentElement!);
    await el.updateComplete;
    expect(ui.callerName).to.equal('Late Larry');
  });
});
