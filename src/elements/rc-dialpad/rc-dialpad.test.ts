import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { devicePreferences } from '../../services/device-preferences.js';
import { TonePlayer, type TonePlayDetail } from '../../services/tone-player.js';
import { CallState, ConnectionState } from '../../core/states.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import type { RcDialpad } from './rc-dialpad.component.js';
import { DialpadHarness } from './rc-dialpad.harness.js';
import './rc-dialpad.js';

async function dialpad(phone: FakePhone | null = new FakePhone(), setup: (el: RcDialpad) => void = () => undefined) {
  const el = document.createElement('rc-dialpad');
  setup(el);
  await mountWithPhone(el, phone);
  return { el, phone, pad: new DialpadHarness(el) };
}

/** A tone player whose sounds are counted, not heard. */
function recordingPlayer(): { player: TonePlayer; played: TonePlayDetail[] } {
  const player = new TonePlayer();
  const played: TonePlayDetail[] = [];
  player.addEventListener('play', (e) => played.push((e as CustomEvent<TonePlayDetail>).detail));
  return { player, played };
}

describe('<rc-dialpad>', () => {
  // Key tones go to the saved speaker; start from the system default.
  beforeEach(() => devicePreferences().clear());
  afterEach(async () => {
    unmountPhones();
    await emulateMedia({ colorScheme: 'light' });
  });

  it('renders twelve keys with letters, a number field, backspace and a call button', async () => {
    const { pad } = await dialpad();
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];
    for (const key of keys) expect(pad.key(key)).to.be.instanceOf(Element);
    expect(pad.key('7').querySelector('[part="letters"]')!.textContent).to.equal('PQRS');
    expect(pad.key('0').querySelector('[part="letters"]')!.textContent).to.equal('+');
    expect(pad.input.type).to.equal('tel');
    expect(pad.callButton).to.be.instanceOf(Element);
    expect(pad.key('*').getAttribute('aria-label')).to.equal('Star');
  });

  it('is accessible in the light and dark themes and with a dark system preference', async () => {
    const { el } = await dialpad();
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(31, 32, 35)');
    await expect(el).to.be.accessible();
    el.theme = undefined;
    await emulateMedia({ colorScheme: 'dark' });
    await el.updateComplete;
    expect(getComputedStyle(el).backgroundColor).to.equal('rgb(31, 32, 35)');
    await expect(el).to.be.accessible();
  });

  it('has its defaults and reflects its attributes', async () => {
    const { el } = await dialpad();
    expect(el.mode).to.equal('auto');
    expect(el.value).to.equal('');
    expect(el.disabled).to.equal(false);
    el.setAttribute('default-country', 'GB');
    el.setAttribute('call-id', 'abc');
    el.setAttribute('value', '123');
    await el.updateComplete;
    expect(el.defaultCountry).to.equal('GB');
    expect(el.callId).to.equal('abc');
    expect(el.value).to.equal('123');
    el.mode = 'dial';
    el.disabled = true;
    el.silent = true;
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.getAttribute('mode')).to.equal('dial');
    expect(el.hasAttribute('disabled')).to.equal(true);
    expect(el.hasAttribute('silent')).to.equal(true);
    expect(el.getAttribute('theme')).to.equal('dark');
  });

  it('types with clicked keys, deletes with backspace, and dials with rc-request-dial', async () => {
    const { el, phone, pad } = await dialpad();
    await pad.pressKeys('123*#');
    expect(el.value).to.equal('123*#');
    await pad.backspace();
    expect(el.value).to.equal('123*');
    const request = oneEvent(el, 'rc-request-dial');
    await pad.call();
    const event = await request;
    expect(event.detail).to.deep.equal({ target: '123*', input: '123*' });
    expect(event.cancelable).to.equal(true);
    await waitUntil(() => phone!.calls('call').length === 1);
    expect(phone!.calls('call')[0]!.args[0]).to.equal('123*');
    await waitUntil(() => el.value === '', 'the field empties once the call is placed');
  });

  it('is operated from the keyboard: typing in the field, digits on the keys, Enter, Backspace, Escape', async () => {
    const { el, phone, pad } = await dialpad();
    pad.input.focus();
    await sendKeys({ type: 'bob' });
    expect(el.value).to.equal('bob');
    await sendKeys({ press: 'Escape' });
    expect(el.value).to.equal('');
    pad.key('5').focus();
    await sendKeys({ type: '42#' });
    expect(el.value).to.equal('42#');
    await sendKeys({ press: 'Backspace' });
    expect(el.value).to.equal('42');
    // Tab reaches the call button, Enter on it dials.
    pad.input.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => phone!.calls('call').length === 1);
    expect(phone!.calls('call')[0]!.args[0]).to.equal('42');
  });

  it('normalises pasted numbers and links', async () => {
    const { el, pad } = await dialpad();
    await pad.paste('+1 (650) 422-3279');
    expect(el.value).to.equal('+16504223279');
    el.value = '';
    await pad.paste('tel:+1-650-422-3279;ext=12');
    expect(el.value).to.equal('+16504223279');
    el.value = '';
    await pad.paste('  sip:bob@example.com ');
    expect(el.value).to.equal('sip:bob@example.com');
    el.value = '';
    el.defaultCountry = 'US';
    await pad.paste('(650) 422-3279');
    expect(el.value).to.equal('+16504223279');
  });

  it('lets the host veto or rewrite the call, and set its headers and DTMF method', async () => {
    const { el, phone, pad } = await dialpad();
    el.value = '2000';
    el.addEventListener('rc-request-dial', (e) => e.preventDefault(), { once: true });
    expect(await el.dial()).to.equal(undefined);
    expect(phone!.calls('call')).to.have.length(0);
    el.addEventListener(
      'rc-request-dial',
      (e) => {
        e.detail.target = `9${e.detail.target}`;
        e.detail.headers = ['X-Ticket: 4711'];
        e.detail.dtmf = 'info';
      },
      { once: true },
    );
    await pad.call();
    await waitUntil(() => phone!.calls('call').length === 1);
    expect(phone!.calls('call')[0]!.args).to.deep.equal(['92000', { headers: ['X-Ticket: 4711'], dtmf: 'info' }]);
  });

  it('shows an inline message and emits rc-error for input that cannot be dialled, without throwing', async () => {
    const { el, phone, pad } = await dialpad();
    el.value = 'hello world!';
    const error = oneEvent(el, 'rc-error');
    expect(await el.dial()).to.equal(undefined);
    const { detail } = await error;
    expect(detail.code).to.equal('invalid-target');
    expect(detail.error.name).to.equal('PhoneError');
    expect(detail.callId).to.equal(undefined);
    await el.updateComplete;
    expect(pad.message).to.equal('That is not a number or address that can be called.');
    expect(pad.input.getAttribute('aria-invalid')).to.equal('true');
    expect(phone!.calls('call')).to.have.length(0);
    // Typing again clears the message.
    await pad.pressKey('1');
    expect(pad.message).to.equal('');
    el.value = '+1 22';
    const second = oneEvent(el, 'rc-error');
    await el.dial();
    expect((await second).detail.code).to.equal('invalid-target');
  });

  it('sends DTMF with a local tone during a call', async () => {
    const phone = new FakePhone();
    const call = phone.addCall({ state: CallState.Established });
    const { player, played } = recordingPlayer();
    const { el, pad } = await dialpad(phone, (e) => (e.tonePlayer = player));
    expect(pad.callButton).to.equal(null);
    const dtmf = oneEvent(el, 'rc-dtmf');
    await pad.pressKey('5');
    expect((await dtmf).detail).to.deep.equal({ callId: call.id, tones: '5' });
    expect(phone.calls('sendDtmf')[0]!.args).to.deep.equal([call.id, '5']);
    await waitUntil(() => played.length === 1, 'a local tone played');
    expect(played[0]).to.include({ kind: 'dtmf', key: '5' });
    // Keyboard keys send tones too, and the field shows what was sent.
    pad.key('1').focus();
    await sendKeys({ type: '#9' });
    await waitUntil(() => phone.calls('sendDtmf').length === 3);
    expect(phone.calls('sendDtmf').map((c) => c.args[1])).to.deep.equal(['5', '#', '9']);
    await el.updateComplete;
    expect(pad.input.value).to.equal('5#9');
    // Pasting sends the tones in the text.
    await pad.paste('12-34');
    expect(phone.calls('sendDtmf').at(-1)!.args).to.deep.equal([call.id, '1234']);
    player.dispose();
  });

  it('plays no tone when silent, and sends nothing to a held call, whichever way a key is pressed', async () => {
    const phone = new FakePhone();
    const call = phone.addCall({ state: CallState.Established });
    const { player, played } = recordingPlayer();
    const { el, pad } = await dialpad(phone, (e) => {
      e.tonePlayer = player;
      e.silent = true;
      e.mode = 'dtmf';
    });
    const dtmfEvents: string[] = [];
    el.addEventListener('rc-dtmf', (e) => dtmfEvents.push(e.detail.tones));
    // Each way of pressing sends while the call is live (so the same presses below could send)…
    const pressEveryWay = async (digit: string): Promise<void> => {
      pad.key(digit).click();
      pad.input.focus();
      await sendKeys({ press: digit });
      await pad.paste(digit);
    };
    await pressEveryWay('3');
    expect(phone.calls('sendDtmf').map((c) => c.args)).to.deep.equal([
      [call.id, '3'],
      [call.id, '3'],
      [call.id, '3'],
    ]);
    expect(played).to.have.length(0);

    // …and none does once it is held. Sending starts synchronously on a press, so the record is
    // complete when the press returns.
    phone.updateCall(call.id, { held: true });
    await el.updateComplete;
    expect(pad.key('4').disabled).to.equal(true);
    expect(pad.notice).to.contain('once the call is connected');
    await pressEveryWay('4');
    expect(phone.calls('sendDtmf')).to.have.length(3);
    await waitUntil(() => dtmfEvents.length === 3, 'the rc-dtmf events of the live call');
    expect(dtmfEvents).to.deep.equal(['3', '3', '3']);
    player.dispose();
  });

  it('shows a disabled state without a provider', async () => {
    const { el, pad } = await dialpad(null);
    expect(pad.notice).to.equal('Not connected to a phone.');
    expect(pad.key('1').disabled).to.equal(true);
    expect(pad.input.disabled).to.equal(true);
    expect(pad.callButton!.disabled).to.equal(true);
    el.value = '123';
    expect(await el.dial()).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('works when it upgrades before its provider', async () => {
    const { el, pad } = await dialpad(null);
    expect(pad.key('1').disabled).to.equal(true);
    const phone = new FakePhone();
    phone.provide(el.parentElement!);
    await el.updateComplete;
    expect(pad.key('1').disabled).to.equal(false);
    await pad.pressKeys('77');
    await pad.call();
    await waitUntil(() => phone.calls('call').length === 1);
  });

  it('waits for the connection before it dials', async () => {
    const phone = new FakePhone({ connection: ConnectionState.Connecting });
    const { el, pad } = await dialpad(phone);
    await pad.pressKeys('12');
    expect(pad.callButton!.disabled).to.equal(true);
    expect(pad.notice).to.equal('Connecting to the phone server…');
    phone.update({ connection: ConnectionState.Connected });
    await el.updateComplete;
    expect(pad.callButton!.disabled).to.equal(false);
  });

  it('types "+" on a long press of 0', async () => {
    const { el, pad } = await dialpad();
    const zero = pad.key('0');
    zero.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await waitUntil(() => el.value === '+', 'a long press types +');
    zero.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
    zero.click();
    expect(el.value).to.equal('+');
  });
});
