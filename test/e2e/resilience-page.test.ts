import { expect } from '@open-wc/testing';
import { connect, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import { FAST, connectionLog, iceUfrag, pause, pendingClock, watchAudio } from './resilience-rig.js';

/** Fires a cancelable beforeunload at the window, as the browser does; true when something asked to confirm. */
function leaveAsks(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

const contacts = (user: string): Promise<number> => rigCommand<number>('contacts', { user });

describe('the page around the phone', () => {
  afterEach(unmountAll);

  it('asks before the page closes only while a call rings or is in progress', async () => {
    const alice = await mountProvider('alice', { phoneOptions: FAST });
    const bob = await mountProvider('bob', { phoneOptions: FAST });
    expect(leaveAsks()).to.equal(false);

    const ringing = nextEvent(bob, 'rc-call-incoming');
    const out = await alice.phone!.call('bob');
    await ringing;
    expect(leaveAsks()).to.equal(true);
    const up = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await bob.phone!.calls[0]!.answer();
    await up;
    expect(leaveAsks()).to.equal(true);

    // Apps that handle leaving themselves turn the prompt off.
    alice.setAttribute('close-prompt', 'false');
    bob.setAttribute('close-prompt', 'false');
    await Promise.all([alice.updateComplete, bob.updateComplete]);
    expect(leaveAsks()).to.equal(false);
    alice.removeAttribute('close-prompt');
    await alice.updateComplete;
    expect(leaveAsks()).to.equal(true);

    const ended = nextEvent(bob, 'rc-call-ended');
    await out.hangup();
    await ended;
    expect(leaveAsks()).to.equal(false);
  });

  it('pagehide un-REGISTERs and does not reconnect; pageshow from the back/forward cache comes back', async () => {
    const timers = pendingClock();
    const alice = await mountProvider('alice', { phoneOptions: { reconnect: { ...FAST.reconnect, clock: timers.clock } } });
    expect(await contacts('alice')).to.equal(1);
    expect(timers.pending(), 'the keep-alive is armed while connected').to.be.above(0);
    const log = connectionLog(alice);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    await waitFor(async () => (await contacts('alice')) === 0, 'the binding removed by an un-REGISTER');
    await waitFor(() => alice.snapshot.connection === 'disconnected', 'disconnected');
    // A deliberate disconnect is not an outage. The connection closed before "disconnected" was
    // published, so a reconnection would have shown by now; and no wait is left armed that could
    // start one later (retry, keep-alive, failback).
    expect(log).to.deep.equal(['disconnected:0']);
    expect(timers.pending(), 'timers armed after the disconnect').to.equal(0);

    const registered = nextEvent(alice, 'rc-registration-change', (e) => e.detail.state === 'registered');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await registered;
    expect(alice.snapshot.connection).to.equal('connected');
    expect(await contacts('alice')).to.equal(1);
  });

  it('the network coming back renegotiates a live call with an ICE restart; the audio goes on', async () => {
    // Only alice's phone hears this "network": in one page both phones would otherwise react.
    const network = new EventTarget();
    const alice = await mountProvider('alice', { phoneOptions: { reconnect: { ...FAST.reconnect, network } } });
    const bob = await mountProvider('bob', { phoneOptions: FAST });
    const { out, inc } = await connect(alice, bob, 'bob');
    const ufrags = [iceUfrag(out.peerConnection), iceUfrag(inc.peerConnection)];
    const audio = watchAudio({ alice: out.peerConnection, bob: inc.peerConnection });
    network.dispatchEvent(new Event('online'));
    await waitFor(() => iceUfrag(out.peerConnection) !== ufrags[0] && iceUfrag(inc.peerConnection) !== ufrags[1], 'new ICE credentials on both ends');
    await pause(1_500);
    expect(await audio.stop()).to.deep.equal([]);
    expect(alice.snapshot.connection).to.equal('connected');
    expect(alice.snapshot.calls[0]!.state).to.equal('established');
    const ended = nextEvent(alice, 'rc-call-ended');
    await inc.hangup();
    expect((await ended).detail.reason).to.equal('remote-hangup');
  });
});
