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
import { expectAudioFlowing, mountProvider, nextEvent, unmountAll, waitFor } from '../rig/phone-rig.js';
import { JssipClient } from './jssip-client.js';

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
