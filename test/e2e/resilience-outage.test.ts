import { expect } from '@open-wc/testing';
import type { PhoneError } from '../../src/core/errors.js';
import { connect, expectAudioFlowing, mountProvider, nextEvent, receivedEnergyOver, rigCommand, SILENCE, unmountAll, waitFor } from '../rig/phone-rig.js';
import { FAST, backInService, connectionLog, pause, sdpVersion, watchAudio } from './resilience-rig.js';

// The fake microphone beeps about once a second: windows shorter than that can be silent.
const WINDOW = 1100;

describe('reconnecting after the SIP server goes away', () => {
  afterEach(async () => {
    await unmountAll();
    // Leave the server up for the next suite, whatever happened.
    await rigCommand('thaw');
    await rigCommand('start');
  });

  it('server killed while idle and back 3 s later: reconnecting → connected, registered within 2 s of its return', async () => {
    const alice = await mountProvider('alice', { phoneOptions: FAST });
    const log = connectionLog(alice);
    const reconnecting = nextEvent(alice, 'rc-connection-change', (e) => e.detail.state === 'reconnecting');
    await rigCommand('kill');
    expect((await reconnecting).detail.attempt).to.equal(1);
    expect(alice.snapshot.connection).to.equal('reconnecting');
    expect(alice.snapshot.registration).to.equal('unregistered');

    await pause(3_000); // the outage
    const registered = nextEvent(alice, 'rc-registration-change', (e) => e.detail.state === 'registered');
    const connected = nextEvent(alice, 'rc-connection-change', (e) => e.detail.state === 'connected');
    await rigCommand('start');
    const back = performance.now();
    await registered;
    expect(performance.now() - back).to.be.lessThan(2_000);
    const attempts = (await connected).detail.attempt;

    // One loop: attempts counted 1, 2, 3… without repeats, then connected with the last one.
    expect(attempts).to.be.greaterThan(1);
    expect(log).to.deep.equal([...Array.from({ length: attempts }, (_, i) => `reconnecting:${i + 1}`), `connected:${attempts}`]);
    expect(alice.snapshot).to.include({ connection: 'connected', registration: 'registered', connectionAttempt: attempts });
    expect(await rigCommand('contacts', { user: 'alice' })).to.equal(1);
  });

  it('server killed during a call: audio flows throughout; afterwards hold, unhold and hangup work both ways', async () => {
    const alice = await mountProvider('alice', { phoneOptions: FAST });
    const bob = await mountProvider('bob', { phoneOptions: FAST });
    const { out, inc } = await connect(alice, bob, 'bob');
    await expectAudioFlowing(out.peerConnection, 'alice');
    await expectAudioFlowing(inc.peerConnection, 'bob');
    const versions = [sdpVersion(out.peerConnection), sdpVersion(inc.peerConnection)];
    const audio = watchAudio({ alice: out.peerConnection, bob: inc.peerConnection });

    await rigCommand('kill');
    await waitFor(() => alice.snapshot.connection === 'reconnecting' && bob.snapshot.connection === 'reconnecting', 'both reconnecting');
    expect(alice.snapshot.calls[0]!.state).to.equal('established');
    // Hold cannot reach the peer now: refused at once, and the call's media is left alone.
    const refused = await inc.hold().then(
      () => undefined,
      (error: unknown) => error as PhoneError,
    );
    expect(refused?.code).to.equal('hold-failed');
    expect(bob.snapshot.calls[0]!.held).to.equal(false);
    await pause(3_000);
    await rigCommand('start');
    await Promise.all([backInService(alice), backInService(bob)]);

    // The kit renegotiated the call (a re-INVITE: new descriptions on both ends), so each
    // side knows the other's Contact on its new connection.
    await waitFor(() => sdpVersion(out.peerConnection) > versions[0]! && sdpVersion(inc.peerConnection) > versions[1]!, 'a re-INVITE after the reconnect');
    // The media never stopped: it does not go through the SIP server.
    await pause(1_000);
    expect(await audio.stop()).to.deep.equal([]);

    // In-dialog requests reach both ends again (new connections, and the proxy's DLG_FALLBACK).
    await out.hold();
    await waitFor(async () => (await receivedEnergyOver(inc.peerConnection, WINDOW)) < SILENCE, 'bob hears silence while alice holds');
    await out.unhold();
    await waitFor(async () => (await receivedEnergyOver(inc.peerConnection, WINDOW)) > SILENCE, 'bob hears alice again');
    await inc.hold();
    expect(bob.snapshot.calls[0]!.held).to.equal(true);
    await waitFor(async () => (await receivedEnergyOver(out.peerConnection, WINDOW)) < SILENCE, 'alice hears silence while bob holds');
    await inc.unhold();
    await waitFor(async () => (await receivedEnergyOver(out.peerConnection, WINDOW)) > SILENCE, 'alice hears bob again');

    const aliceEnded = nextEvent(alice, 'rc-call-ended');
    const bobEnded = nextEvent(bob, 'rc-call-ended');
    await inc.hangup();
    expect((await aliceEnded).detail.reason).to.equal('remote-hangup');
    expect((await bobEnded).detail.reason).to.equal('local-hangup');
  });

  it('a server that stops answering (half-dead connection) is noticed by the keep-alive and replaced', async () => {
    const alice = await mountProvider('alice', { phoneOptions: FAST });
    const reconnecting = nextEvent(alice, 'rc-connection-change', (e) => e.detail.state === 'reconnecting');
    // The process freezes with its sockets open: no close, no error, only silence.
    await rigCommand('freeze');
    await reconnecting;
    await rigCommand('thaw');
    await backInService(alice);
    expect(await rigCommand('contacts', { user: 'alice' })).to.equal(1);
  });
});
