/**
 * A whole call driven only through the elements, with real mouse clicks and key presses:
 * alice dials on her <rc-phone>, bob answers from the <rc-incoming-call> of his, alice
 * holds, sends keypad tones, switches microphone mid-call, and hangs up. Real Chromium,
 * sip.js, Kamailio and WebRTC media.
 */
import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import { CallState } from '../../src/core/states.js';
import type { CredentialSource } from '../../src/core/credentials.js';
import { tonePlayer } from '../../src/services/tone-player.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import {
  SILENCE,
  account,
  expectAudioFlowing,
  mountProvider,
  nextEvent,
  receivedEnergyOver,
  rigConfig,
  sipUri,
  unmountAll,
  waitFor,
} from '../rig/phone-rig.js';
import { chooseWithKeys, click, forgetBrowserState, phoneIn, press, type, wideViewport } from './elements-helpers.js';

const WINDOW = 600;

function currentCall(provider: RcPhoneProvider): Call {
  const id = provider.snapshot.currentCallId;
  const call = id ? provider.phone?.getCall(id) : undefined;
  if (!call) throw new Error('No current call');
  return call;
}

function micLabel(call: Call): string | undefined {
  return call.peerConnection?.getSenders().find((sender) => sender.track?.kind === 'audio')?.track?.label;
}

/** What the browser opens when no microphone is chosen (its fake devices differ: Chromium's, Firefox's mock ones). */
async function defaultMicrophoneLabel(): Promise<string> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const [track] = stream.getAudioTracks();
  stream.getTracks().forEach((t) => t.stop());
  return track!.label;
}

describe('elements: a call through Kamailio, by clicks and keys only', () => {
  before(wideViewport);
  // Device choices and call logs live in the browser profile, which the test files share.
  beforeEach(forgetBrowserState);
  afterEach(async () => {
    await unmountAll();
    forgetBrowserState();
  });

  it('dials, answers from the banner, holds, sends DTMF, switches microphone, and hangs up', async () => {
    // DTMF by SIP INFO, so bob's side can prove the tones arrived (RFC 4733 tones travel in RTP).
    const alice = await mountProvider('alice', { children: '<rc-phone></rc-phone>', phoneOptions: { dtmfTransport: 'info' } });
    const bob = await mountProvider('bob', { children: '<rc-phone></rc-phone>' });
    const a = await phoneIn(alice);
    const b = await phoneIn(bob);
    await waitFor(() => !a.dialpad.input.disabled, 'alice’s dialpad is ready');

    // Alice types "bob" and presses Call.
    await click(a.dialpad.input, 'alice’s number field');
    await type('bob');
    expect(a.dialpad.element.value).to.equal('bob');
    const ringing = nextEvent(bob, 'rc-call-incoming');
    await click(a.dialpad.callButton, 'Call');
    await ringing;

    // Bob's banner shows Alice; he answers there.
    await waitFor(() => b.incomingCall.element.ringing, 'bob’s banner rings');
    expect(b.incomingCall.callerName).to.equal('Alice');
    await waitFor(() => tonePlayer().ringingOn === '', 'the ringtone plays on the default ringer');
    const aliceUp = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await click(b.incomingCall.button('answer'), 'Answer');
    await aliceUp;
    await waitFor(() => tonePlayer().ringingOn === undefined, 'the ringtone stops once answered');
    const aliceCall = currentCall(alice);
    const bobCall = currentCall(bob);
    await expectAudioFlowing(aliceCall.peerConnection, 'alice');
    await expectAudioFlowing(bobCall.peerConnection, 'bob');
    await waitFor(() => a.callControls.status === 'Connected' && b.callControls.status === 'Connected', 'both controls say Connected');
    await waitFor(() => /^0:0\d$/.test(a.callControls.timer), 'alice’s call timer runs');

    // Hold from alice's controls: bob hears silence; resume: he hears her again.
    await click(a.callControls.button('hold'), 'Hold');
    await waitFor(() => alice.snapshot.calls[0]?.held === true, 'alice’s call is held');
    expect(a.callControls.status).to.equal('On hold');
    await waitFor(async () => (await receivedEnergyOver(bobCall.peerConnection, WINDOW)) < SILENCE, 'bob hears silence while held');
    await click(a.callControls.button('hold'), 'Resume');
    await waitFor(() => alice.snapshot.calls[0]?.held === false, 'alice’s call resumed');
    await waitFor(async () => (await receivedEnergyOver(bobCall.peerConnection, WINDOW)) > SILENCE, 'bob hears alice again');

    // DTMF from the keypad: a click on 5, then # on the keyboard. Bob receives both.
    await click(a.callControls.button('keypad'), 'Keypad');
    const pad = await a.callControls.keypad();
    const five = nextEvent(bob, 'rc-dtmf-received', (e) => e.detail.tone === '5');
    const sent = nextEvent(a.callControls.element, 'rc-dtmf');
    await click(pad.key('5'), 'key 5');
    expect((await sent).detail).to.deep.equal({ callId: aliceCall.id, tones: '5' });
    expect((await five).detail.callId).to.equal(bobCall.id);
    const pound = nextEvent(bob, 'rc-dtmf-received', (e) => e.detail.tone === '#');
    await press('#');
    await pound;
    expect(pad.input.value).to.equal('5#');

    // Switch microphone in the settings, mid-call: the track changes, audio keeps flowing.
    expect(micLabel(aliceCall)).to.equal(await defaultMicrophoneLabel());
    await click(a.navButton('settings'), 'Settings');
    const picker = a.devicePicker;
    await waitFor(() => picker.options('microphone').length > 1, 'microphones are listed');
    const target = picker.options('microphone')[1]!;
    const changed = nextEvent(picker.element, 'change');
    await chooseWithKeys(picker.select('microphone'), 1, 'the microphone select');
    await changed;
    expect(picker.element.microphone).to.equal(target.value);
    await waitFor(() => micLabel(aliceCall) === target.label, `alice now sends from ${target.label}`);
    expect(aliceCall.state).to.equal('established');
    await expectAudioFlowing(bobCall.peerConnection, 'bob after the switch');
    await waitFor(async () => (await receivedEnergyOver(bobCall.peerConnection, WINDOW)) > SILENCE, 'bob hears the new microphone');

    // And the speaker: the call's audio moves to the chosen output (setSinkId), the call stays up.
    const speaker = picker.options('speaker')[2]!;
    await chooseWithKeys(picker.select('speaker'), 2, 'the speaker select');
    await waitFor(() => aliceCall.audioElement?.sinkId === speaker.value, `alice’s call audio plays on ${speaker.label}`);
    expect(aliceCall.state).to.equal('established');
    await expectAudioFlowing(aliceCall.peerConnection, 'alice after the speaker switch');

    // Hang up from alice's controls.
    await click(a.navButton('phone'), 'Keypad view');
    const bobEnded = nextEvent(bob, 'rc-call-ended');
    const aliceEnded = nextEvent(alice, 'rc-call-ended');
    await click(a.callControls.button('hangup'), 'Hang up');
    expect((await aliceEnded).detail.reason).to.equal('local-hangup');
    expect((await bobEnded).detail.reason).to.equal('remote-hangup');
    await waitFor(() => !a.callControls.element.active && !b.callControls.element.active, 'the controls go idle');

    // Both logs remember the call.
    await click(b.navButton('calls'), 'Calls view');
    await waitFor(() => b.callList.recentItems.length === 1, 'bob’s recent calls');
    expect(b.callList.names(b.callList.recentItems)).to.deep.equal(['Alice']);
    expect(b.callList.recentItems[0]!.textContent).to.contain('Incoming');
  });

  it('runs a provider action (park) through the credential source hook', async () => {
    const rig = await rigConfig();
    const acct = await account('carol');
    const seen: { action: string; args: unknown; callId: string; state: string }[] = [];
    const source: CredentialSource = {
      kind: 'test',
      capabilities: ['park'],
      load: async () => ({ server: rig.servers['primary']!, uri: await sipUri('carol'), password: acct.password, displayName: acct.displayName }),
      callAction: async (call, action, args) => {
        seen.push({ action, args, callId: call.id, state: call.state });
        return { location: '813' };
      },
    };
    const carol = document.createElement('rc-phone-provider');
    carol.credentials = source;
    carol.phoneOptions = { iceGatheringTimeout: 200 };
    carol.innerHTML = '<rc-phone></rc-phone>';
    const registered = nextEvent(carol, 'rc-registration-change', (e) => e.detail.state === 'registered');
    document.body.append(carol);
    try {
      await registered;
      const dave = await mountProvider('dave', { children: '<rc-phone></rc-phone>' });
      const c = await phoneIn(carol);
      const d = await phoneIn(dave);
      await click(c.dialpad.input, 'carol’s number field');
      await type('dave');
      await press('Enter');
      await waitFor(() => d.incomingCall.element.ringing, 'dave’s banner rings');
      await click(d.incomingCall.button('answer'), 'Answer');
      await waitFor(() => c.callControls.status === 'Connected', 'carol is connected');
      // Dave's provider offers no park: the button is only on carol's side.
      expect(d.callControls.button('park')).to.equal(null);
      await click(c.callControls.button('park'), 'Park');
      await waitFor(() => c.callControls.status.endsWith('Parked at 813.'), 'carol sees where the call is parked');
      expect(seen).to.deep.equal([{ action: 'park', args: {}, callId: carol.snapshot.currentCallId, state: 'established' }]);
      await click(c.callControls.button('hangup'), 'Hang up');
      await waitFor(() => carol.snapshot.calls.length === 0, 'carol hung up');
    } finally {
      carol.remove();
      await carol.phone?.dispose();
    }
  });

  it('shows a hostile caller name as text in every element that shows it', async function () {
    const hostile = '<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script>Mallory';
    const erin = await mountProvider('erin', { displayName: hostile, children: '<rc-phone></rc-phone>' });
    const frank = await mountProvider('frank', {
      children: '<rc-phone></rc-phone><rc-incoming-call silent></rc-incoming-call><rc-call-controls></rc-call-controls><rc-call-list></rc-call-list>',
    });
    const e = await phoneIn(erin);
    const f = await phoneIn(frank);
    const banner = frank.querySelector('rc-incoming-call')!;
    const controls = frank.querySelector('rc-call-controls')!;
    const list = frank.querySelector('rc-call-list')!;
    await click(e.dialpad.input, 'erin’s number field');
    await type('frank');
    await press('Enter');
    await waitFor(() => banner.ringing && f.incomingCall.element.ringing, 'both banners ring');
    const text = (el: Element, part: string) => el.shadowRoot!.querySelector(`[part~="${part}"]`)?.textContent;
    expect(text(banner, 'name')).to.equal(hostile);
    expect(f.incomingCall.callerName).to.equal(hostile);
    await click(banner.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="answer"]'), 'Answer');
    await waitFor(() => controls.active && f.callControls.element.active, 'the controls show the call');
    // The caller hangs up a call it knows is answered: a hang-up racing the 200 OK is a CANCEL.
    await waitFor(() => erin.snapshot.calls.some((call) => call.state === CallState.Established), 'erin’s call is answered');
    expect(text(controls, 'name')).to.equal(hostile);
    expect(f.callControls.name).to.equal(hostile);
    await list.updateComplete;
    expect(text(list, 'name')).to.equal(hostile);
    await click(e.callControls.button('hangup'), 'Hang up');
    await waitFor(() => !!list.shadowRoot!.querySelector('[part~="recent-item"]'), 'the call is logged');
    expect(list.shadowRoot!.querySelector('[part~="recent-item"] [part~="name"]')!.textContent).to.equal(hostile);
    for (const root of [banner, controls, list, f.element].map((el) => el.shadowRoot!)) {
      expect(root.querySelector('img, script'), 'no markup from the name').to.equal(null);
    }
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
