import { expect } from '@open-wc/testing';
import type { CallQuality } from '../../core/quality/quality.js';
import { CallState } from '../../core/states.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import { CallQualityHarness } from './rc-call-quality.harness.js';
import { qualityBars } from './rc-call-quality.component.js';
import './rc-call-quality.js';

const measured = (patch: Partial<CallQuality> = {}): CallQuality => ({
  at: 0,
  mos: 4.4,
  rtt: 42,
  jitter: 1.5,
  packetLoss: 0.012,
  bytesSent: 1,
  bytesReceived: 1,
  audioLevelIn: 0.1,
  audioLevelOut: 0.1,
  route: { local: 'relay', remote: 'host', protocol: 'udp', relayProtocol: 'udp' },
  codec: 'audio/opus',
  ...patch,
});

async function indicator(phone: FakePhone | null = new FakePhone()) {
  const el = document.createElement('rc-call-quality');
  await mountWithPhone(el, phone);
  return { el, phone, ui: new CallQualityHarness(el) };
}

describe('<rc-call-quality>', () => {
  afterEach(() => unmountPhones());

  it('bars follow the satisfaction bands of G.107 Annex B', () => {
    expect([4.4, 4.03, 3.8, 3.2, 2.6, 1.5].map(qualityBars)).to.deep.equal([4, 4, 3, 2, 1, 0]);
  });

  it('renders nothing without an answered call, and no hint', async () => {
    const phone = new FakePhone();
    phone.addCall({ state: CallState.Ringing });
    const { el, ui } = await indicator(phone);
    expect(el.active).to.equal(false);
    expect(ui.label).to.equal('');
    expect(ui.hint).to.equal('');
  });

  it('shows bars with an accessible label, and the figures in its details; accessible in both themes', async () => {
    const phone = new FakePhone();
    phone.addCall({ quality: measured() });
    const { el, ui } = await indicator(phone);
    expect(el.active).to.equal(true);
    expect(el.getAttribute('level')).to.equal('4');
    expect(ui.label).to.equal('Call quality: excellent (4 of 4 bars)');
    await ui.openDetails();
    expect(ui.figure('mos')).to.equal('4.4');
    expect(ui.figure('rtt')).to.equal('42 ms');
    expect(ui.figure('jitter')).to.equal('1.5 ms');
    expect(ui.figure('loss')).to.equal('1.2 %');
    expect(ui.figure('route')).to.equal('relay → host (udp)');
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('a poor call shows fewer bars; a lost media path none', async () => {
    const phone = new FakePhone();
    const call = phone.addCall({ quality: measured({ mos: 3.2 }) });
    const { el, ui } = await indicator(phone);
    expect(ui.label).to.equal('Call quality: fair (2 of 4 bars)');
    phone.updateCall(call.id, { warnings: ['ice-disconnected'] });
    await el.updateComplete;
    expect(el.level).to.equal(0);
  });

  it('hints, without a dialog, when the microphone is silent or no audio arrives', async () => {
    const phone = new FakePhone();
    const call = phone.addCall({ quality: measured(), warnings: ['microphone-silent'] });
    const { el, ui } = await indicator(phone);
    expect(ui.hint).to.equal('We can’t hear you — check your microphone.');
    phone.updateCall(call.id, { warnings: ['no-audio-received'] });
    await el.updateComplete;
    expect(ui.hint).to.equal('No audio is arriving from the other side.');
    phone.updateCall(call.id, { warnings: [] });
    await el.updateComplete;
    expect(ui.hint).to.equal('');
  });

  it('says to open the phone’s other tab while the call’s microphone waits for it, answered yet or not; accessible', async () => {
    const phone = new FakePhone();
    const call = phone.addCall({ state: CallState.Answering, startedAt: undefined, warnings: ['microphone-waiting'] });
    const { el, ui } = await indicator(phone);
    const waiting = 'They can’t hear you yet — open the other tab with the phone to start your microphone.';
    expect(ui.hint).to.equal(waiting);
    expect(el.active, 'no bars before the answer').to.equal(false);
    await expect(el).to.be.accessible();
    // Before the quality hints: it is the one to act on first.
    phone.updateCall(call.id, { state: CallState.Established, quality: measured(), warnings: ['no-audio-received', 'microphone-waiting'] });
    await el.updateComplete;
    expect(ui.hint).to.equal(waiting);
    expect(el.active).to.equal(true);
    phone.updateCall(call.id, { warnings: [] });
    await el.updateComplete;
    expect(ui.hint).to.equal('');
    phone.updateCall(call.id, { state: CallState.Ended, warnings: ['microphone-waiting'] });
    await el.updateComplete;
    expect(ui.hint, 'nothing for an ended call').to.equal('');
  });
});
