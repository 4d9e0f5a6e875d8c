import { expect } from '@open-wc/testing';
import { connect, expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import type { Clock } from '../../src/core/reconnect.js';
import { FAST, backInService, connectionLog, countingClock, watchAudio } from './resilience-rig.js';

const url = async (name: string, defines?: string[]): Promise<string> =>
  (await rigCommand<{ url: string }>('start', { name, ...(defines ? { defines } : {}) })).url;
const contacts = (name: string, user: string): Promise<number> => rigCommand<number>('contacts', { name, user });

const REFUSALS = [408, 502, 504];

describe('failover across a list of servers', () => {
  let primary: string;
  let backup: string;

  beforeEach(async () => {
    primary = await url('primary');
    backup = await url('backup');
  });

  afterEach(async () => {
    await unmountAll();
    await rigCommand('kill', { name: 'refusing' });
    for (const status of REFUSALS) await rigCommand('kill', { name: `refusing-${status}` });
    // Other suites expect both servers up.
    await url('primary');
    await url('backup');
  });

  it('primary down at start: registers on the backup, and goes back once the primary returns and no call is live', async () => {
    await rigCommand('kill');
    // No jitter: every failback check is one wait of exactly failbackInterval, counted.
    const aliceChecks = countingClock(FAST.reconnect!.failbackInterval!);
    const bobChecks = countingClock(FAST.reconnect!.failbackInterval!);
    const counted = ({ clock }: { clock: Clock }) => ({ reconnect: { ...FAST.reconnect, clock, random: () => 0 } });
    const alice = await mountProvider('alice', { server: `${primary} ${backup}`, phoneOptions: counted(aliceChecks) });
    const bob = await mountProvider('bob', { server: `${primary},${backup}`, phoneOptions: counted(bobChecks) });
    expect([alice.phone!.server, bob.phone!.server]).to.deep.equal([backup, backup]);
    expect(await contacts('backup', 'alice')).to.equal(1);
    const log = connectionLog(alice);

    const { out, inc } = await connect(alice, bob, 'bob');
    await rigCommand('start');
    // Three failback checks of each phone find the primary up, but a call is live.
    const [aliceBefore, bobBefore] = [aliceChecks.fired(), bobChecks.fired()];
    await waitFor(() => aliceChecks.fired() >= aliceBefore + 3 && bobChecks.fired() >= bobBefore + 3, 'three failback checks each', 10_000);
    expect([alice.phone!.server, bob.phone!.server]).to.deep.equal([backup, backup]);
    await expectAudioFlowing(inc.peerConnection, 'bob');

    const ended = nextEvent(bob, 'rc-call-ended');
    await out.hangup();
    await ended;
    await waitFor(async () => (await contacts('primary', 'alice')) === 1 && (await contacts('primary', 'bob')) === 1, 'both registered on the primary', 10_000);
    expect([alice.phone!.server, bob.phone!.server]).to.deep.equal([primary, primary]);
    await waitFor(() => alice.snapshot.registration === 'registered' && bob.snapshot.registration === 'registered', 'registered in the snapshots');
    // The move took the bindings off the backup (un-REGISTER), so it routes no call to a closed connection.
    expect(await contacts('backup', 'alice')).to.equal(0);
    expect(await contacts('backup', 'bob')).to.equal(0);
    // A deliberate move, not an outage.
    expect(log).to.deep.equal([]);
  });

  it('a REGISTER answered with a failover code (503) moves to the next server at once', async () => {
    const refusing = await url('refusing', ['WITH_REGISTER_503']);
    const alice = await mountProvider('alice', { server: `${refusing} ${backup}`, phoneOptions: FAST });
    expect(alice.phone!.server).to.equal(backup);
    expect(alice.snapshot.connection).to.equal('connected');
    expect(await contacts('backup', 'alice')).to.equal(1);
    expect(await contacts('refusing', 'alice')).to.equal(0);
  });

  it('a REGISTER answered 408, 502 or 504 moves to the next server at once, as 503 does', async () => {
    for (const status of REFUSALS) {
      const refusing = await url(`refusing-${status}`, [`REGISTER_REFUSAL=${status}`]);
      const alice = await mountProvider('alice', { server: `${refusing} ${backup}`, phoneOptions: FAST, tabSharing: 'off' });
      expect(alice.phone!.server, `after ${status}`).to.equal(backup);
      expect(await contacts('backup', 'alice')).to.equal(1);
      await unmountAll();
      await waitFor(async () => (await contacts('backup', 'alice')) === 0, 'alice un-REGISTERed from the backup');
    }
  });

  it('primary killed during a call: both phones move to the backup, the audio never stops, and the call still ends by BYE', async () => {
    const options = { reconnect: { ...FAST.reconnect, failoverAfter: 1 } };
    const alice = await mountProvider('alice', { server: `${primary} ${backup}`, phoneOptions: options });
    const bob = await mountProvider('bob', { server: `${primary} ${backup}`, phoneOptions: options });
    const { out, inc } = await connect(alice, bob, 'bob');
    await expectAudioFlowing(out.peerConnection, 'alice');
    await expectAudioFlowing(inc.peerConnection, 'bob');
    const audio = watchAudio({ alice: out.peerConnection, bob: inc.peerConnection });
    await rigCommand('kill');
    await waitFor(() => alice.phone!.server === backup && bob.phone!.server === backup, 'both phones on the backup', 15_000);
    await Promise.all([backInService(alice), backInService(bob)]);
    expect(await contacts('backup', 'alice')).to.equal(1);
    expect(await contacts('backup', 'bob')).to.equal(1);
    expect(alice.snapshot.calls[0]?.state).to.equal('established');
    await expectAudioFlowing(out.peerConnection, 'alice, on the backup');
    expect(await audio.stop(), 'no second without audio on either side').to.deep.equal([]);
    // The BYE goes through the backup and reaches bob.
    const bobEnded = nextEvent(bob, 'rc-call-ended');
    await out.hangup();
    expect((await bobEnded).detail.reason).to.equal('remote-hangup');
  });

  it('failback is held off while a call rings, and happens once the call is over', async () => {
    await rigCommand('kill');
    // No jitter: every failback check is one wait of exactly failbackInterval, counted.
    const counting = countingClock(FAST.reconnect!.failbackInterval!);
    const alice = await mountProvider('alice', {
      server: `${primary} ${backup}`,
      phoneOptions: { reconnect: { ...FAST.reconnect, clock: counting.clock, random: () => 0 } },
    });
    const bob = await mountProvider('bob', { server: backup, phoneOptions: FAST });
    expect(alice.phone!.server).to.equal(backup);
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const call = await alice.phone!.call('bob');
    await ringing;
    await rigCommand('start');
    // Three checks find a call ringing: alice stays on the backup.
    const checks = counting.fired();
    await waitFor(() => counting.fired() >= checks + 3, 'three failback checks', 10_000);
    expect(alice.snapshot.calls[0]?.state).to.equal('ringing');
    expect(alice.phone!.server).to.equal(backup);
    expect(await contacts('primary', 'alice')).to.equal(0);
    // The call ends: the next check moves her back.
    const ended = nextEvent(bob, 'rc-call-ended');
    await call.hangup();
    expect((await ended).detail.reason).to.equal('cancelled');
    await waitFor(async () => alice.phone!.server === primary && (await contacts('primary', 'alice')) === 1, 'alice back on the primary', 10_000);
  });

  it('a server that stays down is left for the next after failoverAfter attempts', async () => {
    const alice = await mountProvider('alice', { server: `${primary} ${backup}`, phoneOptions: { reconnect: { ...FAST.reconnect, failoverAfter: 2 } } });
    expect(alice.phone!.server).to.equal(primary);
    const log = connectionLog(alice);
    await rigCommand('kill');
    await waitFor(() => alice.phone!.server === backup && alice.snapshot.registration === 'registered', 'registered on the backup', 10_000);
    expect(alice.snapshot.connection).to.equal('connected');
    // Two attempts on the primary, the third on the backup.
    expect(log).to.deep.equal(['reconnecting:1', 'reconnecting:2', 'reconnecting:3', 'connected:3']);
    expect(await contacts('backup', 'alice')).to.equal(1);
  });
});
