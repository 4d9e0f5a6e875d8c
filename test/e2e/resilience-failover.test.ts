import { expect } from '@open-wc/testing';
import { connect, expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import { FAST, connectionLog, pause } from './resilience-rig.js';

const url = async (name: string, defines?: string[]): Promise<string> =>
  (await rigCommand<{ url: string }>('start', { name, ...(defines ? { defines } : {}) })).url;
const contacts = (name: string, user: string): Promise<number> => rigCommand<number>('contacts', { name, user });

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
    // Other suites expect both servers up.
    await url('primary');
    await url('backup');
  });

  it('primary down at start: registers on the backup, and goes back once the primary returns and no call is live', async () => {
    await rigCommand('kill');
    const alice = await mountProvider('alice', { server: `${primary} ${backup}`, phoneOptions: FAST });
    const bob = await mountProvider('bob', { server: `${primary},${backup}`, phoneOptions: FAST });
    expect([alice.phone!.server, bob.phone!.server]).to.deep.equal([backup, backup]);
    expect(await contacts('backup', 'alice')).to.equal(1);
    const log = connectionLog(alice);

    const { out, inc } = await connect(alice, bob, 'bob');
    await rigCommand('start');
    // Several failback checks (every 0.5 s) find the primary up, but a call is live.
    await pause(2_500);
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
