import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { devicePreferences } from '../../services/device-preferences.js';
import { TonePlayer, type TonePlayDetail } from '../../services/tone-player.js';
import { ConnectionState } from '../../core/states.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import type { RcDevicePicker } from './rc-device-picker.component.js';
import { DevicePickerHarness } from './rc-device-picker.harness.js';
import './rc-device-picker.js';

interface Device {
  kind: MediaDeviceKind;
  deviceId: string;
  label: string;
}

/** `navigator.mediaDevices` with devices a test can plug and unplug. */
class FakeMediaDevices extends EventTarget {
  granted = true;
  constructor(public devices: Device[]) {
    super();
  }
  enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return Promise.resolve(this.devices.map((d) => ({ ...d, label: this.granted ? d.label : '', groupId: 'g', toJSON: () => d }) as MediaDeviceInfo));
  }
  getUserMedia(): Promise<MediaStream> {
    this.granted = true;
    return Promise.resolve(new MediaStream());
  }
  unplug(deviceId: string): void {
    this.devices = this.devices.filter((d) => d.deviceId !== deviceId);
    this.dispatchEvent(new Event('devicechange'));
  }
}

const DEVICES: Device[] = [
  { kind: 'audioinput', deviceId: 'default', label: 'Default - Headset' },
  { kind: 'audioinput', deviceId: 'mic-headset', label: 'Headset microphone' },
  { kind: 'audioinput', deviceId: 'mic-usb', label: 'USB microphone' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Default - Speakers' },
  { kind: 'audiooutput', deviceId: 'out-speakers', label: 'Speakers' },
  { kind: 'audiooutput', deviceId: 'out-headset', label: 'Headset earpiece' },
];

async function picker(phone: FakePhone | null = new FakePhone(), setup: (el: RcDevicePicker) => void = () => undefined) {
  const devices = new FakeMediaDevices(DEVICES.map((d) => ({ ...d })));
  const el = document.createElement('rc-device-picker');
  el.mediaDevices = devices as unknown as MediaDevices;
  setup(el);
  await mountWithPhone(el, phone);
  const ui = new DevicePickerHarness(el);
  await waitUntil(() => ui.options('microphone').length > 1 || !ui.select('microphone'), 'devices are listed');
  return { el, phone, ui, devices };
}

describe('<rc-device-picker>', () => {
  beforeEach(() => devicePreferences().clear());
  afterEach(() => {
    unmountPhones();
    devicePreferences().clear();
  });

  it('lists microphones, speakers and ringers after the system default', async () => {
    const { ui } = await picker();
    expect(ui.options('microphone')).to.deep.equal([
      { value: '', label: 'System default' },
      { value: 'mic-headset', label: 'Headset microphone' },
      { value: 'mic-usb', label: 'USB microphone' },
    ]);
    expect(ui.options('speaker').map((o) => o.value)).to.deep.equal(['', 'out-speakers', 'out-headset']);
    expect(ui.options('ringer').map((o) => o.value)).to.deep.equal(['', 'out-speakers', 'out-headset']);
  });

  it('is accessible in the light and dark themes', async () => {
    const { el } = await picker();
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('has its defaults and reflects its attributes', async () => {
    const { el, ui } = await picker();
    expect(el.kinds).to.equal('microphone speaker ringer');
    expect(el.microphone).to.equal('');
    el.setAttribute('kinds', 'microphone');
    el.disabled = true;
    await el.updateComplete;
    expect(el.kinds).to.equal('microphone');
    expect(ui.select('speaker')).to.equal(null);
    expect(ui.select('microphone')!.disabled).to.equal(true);
    expect(el.hasAttribute('disabled')).to.equal(true);
    el.setAttribute('microphone', 'mic-usb');
    await el.updateComplete;
    expect(ui.select('microphone')!.value).to.equal('mic-usb');
  });

  it('applies a choice to the phone, keeps it per origin, and fires change', async () => {
    const { el, phone, ui } = await picker();
    const changed = oneEvent(el, 'change');
    await ui.selectDevice('microphone', 'mic-usb');
    const event = await changed;
    expect(event).to.be.instanceOf(Event);
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(false);
    expect(el.microphone).to.equal('mic-usb');
    expect(phone!.calls('setAudioInput').map((c) => c.args)).to.deep.equal([['mic-usb']]);
    await ui.selectDevice('speaker', 'out-headset');
    expect(phone!.calls('setAudioOutput').map((c) => c.args)).to.deep.equal([['out-headset']]);
    await ui.selectDevice('ringer', 'out-speakers');
    expect(JSON.parse(localStorage.getItem('rc-phone-kit:devices')!)).to.deep.equal({ microphone: 'mic-usb', speaker: 'out-headset', ringer: 'out-speakers' });
    // A new picker starts with the saved choices.
    const second = await picker();
    expect(second.ui.select('microphone')!.value).to.equal('mic-usb');
    expect(second.ui.select('ringer')!.value).to.equal('out-speakers');
  });

  it('is operated from the keyboard', async () => {
    const { el, phone, ui } = await picker();
    ui.select('microphone')!.focus();
    const changed = oneEvent(el, 'change');
    await sendKeys({ press: 'ArrowDown' });
    await changed;
    expect(el.microphone).to.equal('mic-headset');
    expect(phone!.calls('setAudioInput')[0]!.args).to.deep.equal(['mic-headset']);
  });

  it('falls back to the default when the chosen device is unplugged, and says so', async () => {
    const { el, phone, ui, devices } = await picker();
    await ui.selectDevice('microphone', 'mic-usb');
    await ui.selectDevice('ringer', 'out-headset');
    const changed = oneEvent(el, 'change');
    devices.unplug('mic-usb');
    await changed;
    expect(el.microphone).to.equal('');
    expect(phone!.calls('setAudioInput').at(-1)!.args).to.deep.equal(['']);
    await el.updateComplete;
    expect(ui.message).to.equal('USB microphone was disconnected. Using the system default microphone.');
    expect(el.shadowRoot!.querySelector('[part~="message"]')!.getAttribute('role')).to.equal('status');
    expect(devicePreferences().get().microphone).to.equal('');
    devices.unplug('out-headset');
    await waitUntil(() => el.ringer === '');
    expect(ui.message).to.contain('The ringtone now plays on the system default speaker.');
  });

  it('says when the browser cannot choose a speaker', async () => {
    const { el, ui } = await picker(undefined, (e) => (e.audioOutputSupported = false));
    expect(ui.select('speaker')).to.equal(null);
    expect(ui.select('ringer')).to.equal(null);
    expect(ui.notices.filter((n) => n.includes('not supported by this browser'))).to.have.length(2);
    expect(ui.select('microphone')).to.be.instanceOf(Element);
    await expect(el).to.be.accessible();
  });

  it('says when the browser cannot list devices', async () => {
    const el = document.createElement('rc-device-picker');
    el.mediaDevices = undefined;
    await mountWithPhone(el);
    const ui = new DevicePickerHarness(el);
    expect(ui.select('microphone')).to.equal(null);
    expect(ui.notices.join(' ')).to.contain('cannot list audio devices');
  });

  it('names devices once the page may use the microphone', async () => {
    const { el, ui, devices } = await picker(undefined, (e) => {
      (e.mediaDevices as unknown as FakeMediaDevices).granted = false;
    });
    expect(ui.options('microphone').map((o) => o.label)).to.deep.equal(['System default', 'Microphone 1', 'Microphone 2']);
    const allow = el.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="allow"]')!;
    allow.click();
    await waitUntil(() => ui.options('microphone')[1]!.label === 'Headset microphone');
    expect(devices.granted).to.equal(true);
    expect(el.shadowRoot!.querySelector('[data-action="allow"]')).to.equal(null);
  });

  it('plays a test tone on the chosen speaker', async () => {
    const player = new TonePlayer();
    const played: TonePlayDetail[] = [];
    player.addEventListener('play', (e) => played.push((e as CustomEvent<TonePlayDetail>).detail));
    // Firefox lists speakers only to a page that has opened the microphone (Chromium: with the permission).
    (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks().forEach((track) => track.stop());
    const real = (await navigator.mediaDevices.enumerateDevices()).find((d) => d.kind === 'audiooutput' && d.deviceId !== 'default')!;
    const { ui } = await picker(undefined, (e) => {
      e.tonePlayer = player;
      (e.mediaDevices as unknown as FakeMediaDevices).devices.push({ kind: 'audiooutput', deviceId: real.deviceId, label: 'Real fake output' });
    });
    await ui.selectDevice('speaker', real.deviceId);
    await ui.test('speaker');
    await waitUntil(() => played.length === 1);
    expect(played[0]).to.deep.equal({ kind: 'test', sinkId: real.deviceId });
    player.dispose();
  });

  it('reports a test tone that cannot play as rc-error', async () => {
    const { el } = await picker();
    el.speaker = 'gone-device';
    const error = oneEvent(el, 'rc-error');
    await el.testTone('speaker');
    const { detail } = await error;
    expect(detail.code).to.equal('audio-playback-blocked');
    expect(detail.callId).to.equal(undefined);
  });

  it('gives a starting phone the saved microphone and speaker', async () => {
    devicePreferences().set('microphone', 'mic-usb');
    devicePreferences().set('speaker', 'out-headset');
    const phone = new FakePhone({ connection: ConnectionState.Disconnected });
    const { el } = await picker(phone);
    expect(phone.calls('setAudioInput')).to.have.length(0);
    phone.update({ connection: ConnectionState.Connecting });
    await el.updateComplete;
    expect(phone.calls('setAudioInput').map((c) => c.args)).to.deep.equal([['mic-usb']]);
    expect(phone.calls('setAudioOutput').map((c) => c.args)).to.deep.equal([['out-headset']]);
  });

  it('shows a disabled state without a provider, and works when the provider comes later', async () => {
    const { el, ui } = await picker(null);
    expect(ui.notices[0]).to.equal('Not connected to a phone.');
    expect(ui.select('microphone')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
    const phone = new FakePhone();
    phone.provide(el.parentElement!);
    await el.updateComplete;
    expect(ui.select('microphone')!.disabled).to.equal(false);
    await ui.selectDevice('microphone', 'mic-headset');
    expect(phone.calls('setAudioInput')).to.have.length(1);
  });
});
