/**
 * `<rc-phone-provider>` as a page script's phone, with no other element: its methods in the
 * tab that holds the phone and in a tab that follows it (two providers of one device in one
 * page share exactly as two tabs do, over a BroadcastChannel), the snapshot inside event
 * listeners, `rc-call-update`, and per-call options. What the far end got is read at an
 * independent stack (JsSIP, fixtures/jssip-peer.ts): the INVITE's headers, INFO tones, holds.
 */
import { expect } from '@open-wc/testing';
import type { RcIncomingCall } from '../../src/elements/rc-incoming-call/rc-incoming-call.component.js';
import '../../src/elements/rc-incoming-call/rc-incoming-call.js';
import { PhoneError } from '../../src/core/errors.js';
import { expectAudioFlowing, mountProvider, nextEvent, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';
import { JssipClient } from './jssip-client.js';
import { closeTabs, Tab } from './tab-client.js';

let peer: JssipClient | undefined;

/** What the promise rejected with (fails when it resolved). */
async function rejection(promise: Promise<unknown>): Promise<PhoneError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof PhoneError)) throw new Error(`expected a PhoneError, got ${String(outcome)}`);
  return outcome;
}

/** The SIP requests named `method` that JsSIP received. */
async function received(method: string): Promise<string[]> {
  return (await peer!.wire()).filter((m) => !m.sent && m.firstLine.startsWith(`${method} `)).map((m) => m.text);
}

describe('script API: the provider alone is a phone', () => {
  afterEach(async () => {
    await unmountAll();
    await peer?.call('stop').catch(() => undefined);
    await peer?.close();
    peer = undefined;
  });

  it('a call answered from inside rc-call-incoming: synchronously in the leader, after await in a follower', async () => {
    const leader = await mountProvider('erin', { children: '<rc-incoming-call></rc-incoming-call>' });
    const follower = await mountProvider('erin', { children: '<rc-incoming-call></rc-incoming-call>' });
    expect([leader.tabRole, follower.tabRole]).to.deep.equal(['leader', 'follower']);
    const frank = await mountProvider('frank');

    // 1. In the leader, synchronously in the listener, by the banner's own method.
    let inSnapshot = false;
    let answered: Promise<boolean> | undefined;
    leader.addEventListener(
      'rc-call-incoming',
      (event) => {
        inSnapshot = leader.snapshot.calls.some((call) => call.id === event.detail.callId);
        answered = leader.querySelector<RcIncomingCall>('rc-incoming-call')!.answer();
      },
      { once: true },
    );
    const up = nextEvent(frank, 'rc-call-state-change', (e) => e.detail.state === 'established');
    const first = await frank.call('erin');
    await waitFor(() => answered !== undefined, 'rc-call-incoming in the leader');
    expect(inSnapshot).to.equal(true);
    expect(await answered).to.equal(true);
    expect((await up).detail.callId).to.equal(first);
    await expectAudioFlowing(frank.phone!.getCall(first)!.peerConnection, 'frank hears erin');
    const firstEnded = nextEvent(frank, 'rc-call-ended');
    await follower.hangup();
    expect((await firstEnded).detail.reason).to.equal('remote-hangup');
    await waitFor(() => follower.snapshot.calls.length === 0, 'the follower shows no call');

    // 2. In the follower, after an await, by the banner and then by the provider.
    let followerSaw = false;
    let followerAnswered: Promise<boolean> | undefined;
    follower.addEventListener(
      'rc-call-incoming',
      async (event) => {
        await Promise.resolve();
        followerSaw = follower.snapshot.calls.some((call) => call.id === event.detail.callId && call.state === 'ringing');
        followerAnswered = follower.querySelector<RcIncomingCall>('rc-incoming-call')!.answer();
      },
      { once: true },
    );
    const upAgain = nextEvent(frank, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await frank.call('erin');
    await waitFor(() => followerAnswered !== undefined, 'rc-call-incoming in the follower');
    expect(followerSaw).to.equal(true);
    expect(await followerAnswered).to.equal(true);
    await upAgain;
    await follower.hangup();
    await waitFor(() => frank.snapshot.calls.length === 0, 'the second call ended');
  });

  it('from a follower: call with headers and INFO DTMF, hold, resume, mute, hang up; rc-call-update on each change; typed rejections', async () => {
    await mountProvider('erin');
    const follower = await mountProvider('erin');
    expect(follower.tabRole).to.equal('follower');
    peer = await JssipClient.start('dave');
    const errors: string[] = [];
    follower.addEventListener('rc-error', (e) => errors.push(e.detail.code));

    // Bad options are refused where the phone lives (the leader) and come back typed; nothing is sent.
    expect((await rejection(follower.call('dave', { headers: ['Via: SIP/2.0/WSS evil.invalid'] }))).code).to.equal('invalid-header');
    expect((await rejection(follower.call('dave', { headers: ['X-Ticket: 1\r\nTo: <sip:mallory@evil.invalid>'] }))).code).to.equal('invalid-header');
    expect((await rejection(follower.call('dave', { headers: ['x-ok: 1', 'k: 100rel'] }))).code).to.equal('invalid-header');
    expect((await rejection(follower.answer())).code).to.equal('invalid-state');
    expect((await rejection(follower.hangup('no-such-call'))).code).to.equal('invalid-state');
    expect(await received('INVITE')).to.deep.equal([]);

    const id = await follower.call('dave', {
      headers: ['X-Ticket: 4711', 'X-Customer:  Acme  Corp'],
      dtmf: 'info',
    });
    await waitFor(() => follower.snapshot.calls.find((call) => call.id === id)?.state === 'established', 'the call is up in the follower');
    await waitFor(async () => (await peer!.state()).established, 'the call is up for JsSIP');
    const [invite] = await received('INVITE');
    expect(invite).to.match(/^X-Ticket: 4711\r$/m);
    expect(invite).to.match(/^X-Customer: +Acme {2}Corp\r$/m);

    // DTMF by SIP INFO for this call although the phone's default is RFC 4733.
    await follower.sendDtmf('5#');
    await waitFor(async () => (await received('INFO')).length === 2, 'two INFOs at JsSIP');
    expect((await received('INFO')).map((text) => /^Signal=(.)/m.exec(text)?.[1])).to.deep.equal(['5', '#']);

    let seen = await peer.eventCount();
    const held = nextEvent(follower, 'rc-call-update', (e) => e.detail.call.held);
    await follower.hold();
    expect((await held).detail.callId).to.equal(id);
    expect(follower.snapshot.calls[0]!.held).to.equal(true);
    await peer.nextEvent((e) => e.type === 'hold' && e.originator === 'remote', 'hold by the kit', seen);

    seen = await peer.eventCount();
    const resumed = nextEvent(follower, 'rc-call-update', (e) => !e.detail.call.held);
    await follower.resume(id);
    await resumed;
    await peer.nextEvent((e) => e.type === 'unhold' && e.originator === 'remote', 'unhold by the kit', seen);

    const muted = nextEvent(follower, 'rc-call-update', (e) => e.detail.call.muted);
    await follower.mute();
    await muted;
    const unmuted = nextEvent(follower, 'rc-call-update', (e) => !e.detail.call.muted);
    await follower.unmute();
    await unmuted;

    // The far end holds: the update reaches the follower too.
    const remoteHeld = nextEvent(follower, 'rc-call-update', (e) => e.detail.call.remoteHeld);
    expect(await peer.call('hold')).to.equal(true);
    expect((await remoteHeld).detail.call.held).to.equal(false);

    const ended = nextEvent(follower, 'rc-call-ended');
    await follower.hangup();
    expect((await ended).detail.reason).to.equal('local-hangup');
    await peer.nextEvent((e) => e.type === 'ended', 'JsSIP saw the BYE');
    expect(errors).to.deep.equal([]);
  });
});

/**
 * The same API in a real second tab of the browser profile (test/e2e/fixtures/tab.ts), which
 * follows this page's provider: 'olga' is the device the two tabs share, led here, and
 * JsSIP's 'pete' (no other file uses either) is the far end, which reports what arrived.
 */
describe('script API from a follower tab', () => {
  let tabs: Tab[] = [];
  let far: JssipClient | undefined;
  afterEach(async () => {
    await closeTabs(tabs);
    tabs = [];
    await unmountAll();
    await far?.call('stop').catch(() => undefined);
    await far?.close();
    far = undefined;
  });

  /** The SIP requests named `method` that JsSIP received. */
  const arrived = async (method: string): Promise<string[]> =>
    (await far!.wire()).filter((m) => !m.sent && m.firstLine.startsWith(`${method} `)).map((m) => m.text);

  it('call, DTMF, hold, resume and hang-up from the follower tab reach the far end; so do answer, mute, microphone and transfer', async function () {
    this.timeout(60_000);
    // The leader's settings apply to all tabs: DTMF by SIP INFO here, RFC 4733 in the follower.
    const leader = await mountProvider('olga', { phoneOptions: { dtmfTransport: 'info' } });
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mount('olga', { phoneOptions: { dtmfTransport: 'rfc4733' } });
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the follower tab mirrors the leader', 15_000);
    expect((await tab.state()).role).to.equal('follower');
    far = await JssipClient.start('pete');
    const errors: string[] = [];
    leader.addEventListener('rc-error', (e) => errors.push(e.detail.code));

    // 1. Placed by provider.call() in the follower tab: JsSIP gets olga's INVITE and answers.
    const id = await tab.api<string>('call', 'pete');
    await waitFor(async () => (await far!.state()).established, 'the call is up for JsSIP');
    const [invite] = await arrived('INVITE');
    expect(invite).to.match(/^From: .*<sip:olga@/m);
    await waitFor(() => leader.snapshot.calls.map((call) => `${call.id} ${call.state}`).join() === `${id} established`, 'the call is up in the leader tab');
    await expectAudioFlowing(leader.phone!.getCall(id)!.peerConnection, 'olga (the leader tab) hears pete');

    await tab.api('sendDtmf', '4#');
    await waitFor(async () => (await arrived('INFO')).length === 2, 'two INFOs at JsSIP (the leader tab sends DTMF by INFO)');
    expect((await arrived('INFO')).map((text) => /^Signal=(.)/m.exec(text)?.[1])).to.deep.equal(['4', '#']);

    let seen = await far.eventCount();
    await tab.api('hold');
    await far.nextEvent((e) => e.type === 'hold' && e.originator === 'remote', 'hold from the follower tab', seen);
    seen = await far.eventCount();
    await tab.api('resume');
    await far.nextEvent((e) => e.type === 'unhold' && e.originator === 'remote', 'resume from the follower tab', seen);

    seen = await far.eventCount();
    const ended = nextEvent(leader, 'rc-call-ended', (e) => e.detail.callId === id);
    await tab.api('hangup');
    await far.nextEvent((e) => e.type === 'ended', 'the call ends at JsSIP', seen);
    expect((await arrived('BYE')).length, 'BYEs at JsSIP').to.equal(1);
    expect((await ended).detail.reason).to.equal('local-hangup');

    // 2. JsSIP calls; provider.answer() in the follower tab answers it in the leader tab.
    await far.dial(await sipUri('olga'));
    await waitFor(async () => (await tab.state()).calls.some((call) => call.state === 'ringing'), 'the call rings in the follower tab');
    await tab.api('answer');
    await waitFor(async () => (await far!.state()).established, 'JsSIP sees the call answered');
    const [call] = leader.snapshot.calls;
    const sender = (): MediaStreamTrack =>
      leader
        .phone!.getCall(call!.id)!
        .peerConnection!.getSenders()
        .find((s) => s.track?.kind === 'audio')!.track!;

    await tab.api('mute');
    await waitFor(() => leader.snapshot.calls[0]?.muted === true && !sender().enabled, 'the leader tab mutes its microphone');
    await tab.api('unmute');
    await waitFor(() => leader.snapshot.calls[0]?.muted === false && sender().enabled, 'the leader tab unmutes');

    // Devices: another microphone, chosen in the follower tab, is the one the leader tab sends.
    // Listed here: device ids are the same in every tab of the origin, and Firefox answers
    // enumerateDevices() in a background tab only once it is in front (Media Capture and
    // Streams, "device enumeration can proceed").
    const microphone = (await navigator.mediaDevices.enumerateDevices())
      .filter((device) => device.kind === 'audioinput')
      .map((device) => device.deviceId)
      .find((deviceId) => deviceId !== 'default' && deviceId !== sender().getSettings().deviceId);
    expect(microphone, 'a second fake microphone').to.be.a('string');
    expect(await tab.call<boolean>('command', 'setAudioInput', microphone)).to.equal(true);
    await waitFor(() => sender().getSettings().deviceId === microphone, 'the leader tab sends the chosen microphone');

    seen = await far.eventCount();
    await tab.api('transfer', 'alice');
    // Resolved once JsSIP accepted the REFER (202): it has arrived.
    const refers = await arrived('REFER');
    expect(refers.length, 'REFERs at JsSIP').to.equal(1);
    expect(refers[0]).to.match(/^Refer-To: <?sip:alice@/m);
    await far.nextEvent((e) => e.type === 'ended', 'the transferred call ends at JsSIP', seen);
    expect((await arrived('BYE')).length, 'BYEs at JsSIP').to.equal(2);
    await waitFor(() => leader.snapshot.calls.length === 0, 'no call left in the leader tab');
    expect(errors).to.deep.equal([]);
  });
});
