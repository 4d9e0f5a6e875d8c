import { expect } from '@open-wc/testing';
import { connect, expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';

// A real TURN relay: coturn on 127.0.0.1 with REST credentials (test/rig/coturn.mjs). What
// it relayed is read from its own log, not from the kit.

interface TurnReport {
  allocations: string[];
  relayed: { username: string; received: number; sent: number }[];
}

async function turnServers(...users: string[]): Promise<Record<string, RTCIceServer>> {
  return (await rigCommand<{ iceServers: Record<string, RTCIceServer> }>('turn-start', { users })).iceServers;
}

/** The candidate types of the pair ICE selected on `pc`. */
async function selectedPair(pc: RTCPeerConnection | undefined): Promise<{ local: string; remote: string }> {
  const stats = await pc!.getStats();
  let pairId: string | undefined;
  stats.forEach((report: Record<string, unknown>) => {
    if (report['type'] === 'transport') pairId = report['selectedCandidatePairId'] as string;
  });
  const pair = stats.get(pairId!) as { localCandidateId: string; remoteCandidateId: string };
  const type = (id: string): string => (stats.get(id) as { candidateType: string }).candidateType;
  return { local: type(pair.localCandidateId), remote: type(pair.remoteCandidateId) };
}

const candidateTypes = (sdp: string): string[] => [...sdp.matchAll(/^a=candidate:.* typ (\S+)/gm)].map((m) => m[1]!);

describe('TURN: calls through a real relay (coturn)', function () {
  this.timeout(60_000);
  after(() => rigCommand('turn-stop'));
  afterEach(() => unmountAll());

  it("with iceTransportPolicy 'relay', audio flows both ways only through the relay, and coturn relayed it", async () => {
    const servers = await turnServers('alice', 'bob');
    const relayOnly = (user: 'alice' | 'bob') => ({
      iceServers: [servers[user]!],
      phoneOptions: { iceTransportPolicy: 'relay' as const, iceGatheringTimeout: 2_000 },
    });
    const alice = await mountProvider('alice', relayOnly('alice'));
    const bob = await mountProvider('bob', relayOnly('bob'));
    const { out, inc } = await connect(alice, bob, 'bob');
    await expectAudioFlowing(out.peerConnection, 'alice');
    await expectAudioFlowing(inc.peerConnection, 'bob');
    for (const pc of [out.peerConnection, inc.peerConnection]) {
      // Neither side offered or answered an address of its own.
      expect(candidateTypes(pc!.localDescription!.sdp), 'candidates sent').to.satisfy(
        (types: string[]) => types.length > 0 && types.every((t) => t === 'relay'),
      );
      expect(await selectedPair(pc)).to.deep.equal({ local: 'relay', remote: 'relay' });
    }
    const ended = nextEvent(bob, 'rc-call-ended');
    await out.hangup();
    await ended;

    // coturn's own account: an allocation for each user, and relayed packets both ways.
    let report: TurnReport = { allocations: [], relayed: [] };
    await waitFor(async () => {
      report = await rigCommand<TurnReport>('turn-report');
      // coturn logs a session's usage when it closes the allocation: one line per allocation.
      return report.allocations.length >= 2 && report.relayed.length >= report.allocations.length;
    }, 'coturn closing the allocations');
    const users = (names: string[]): string[] => [...new Set(names.map((name) => name.split(':')[1]!))].sort();
    expect(users(report.allocations)).to.deep.equal(['alice', 'bob']);
    expect(users(report.relayed.map((session) => session.username))).to.deep.equal(['alice', 'bob']);
    // Per user, not per allocation: Firefox may allocate a relay from each local socket it
    // gathers on (two here for one side) and send media through one of them.
    for (const user of ['alice', 'bob']) {
      const sessions = report.relayed.filter((session) => session.username.endsWith(`:${user}`));
      expect(
        sessions.some((session) => session.received > 0 && session.sent > 0),
        `coturn relayed packets to and from ${user}'s peer: ${JSON.stringify(sessions)}`,
      ).to.equal(true);
    }
  });

  it('a TURN server that never answers costs one gathering timeout: the call sets up and carries audio', async () => {
    const timeout = 2_000;
    const { alice: server } = await turnServers('alice');
    // Frozen (SIGSTOP): its port stays open, so requests are neither answered nor refused,
    // like a relay behind a firewall that drops them.
    await rigCommand('turn-freeze');
    try {
      const alice = await mountProvider('alice', { iceServers: [server!], phoneOptions: { iceGatheringTimeout: timeout } });
      const bob = await mountProvider('bob');
      const start = performance.now();
      const { out, inc } = await connect(alice, bob, 'bob');
      const setup = performance.now() - start;
      expect(setup, 'call setup (ms)').to.be.below(timeout + 1_000);
      await expectAudioFlowing(out.peerConnection, 'alice');
      await expectAudioFlowing(inc.peerConnection, 'bob');
      expect((await selectedPair(out.peerConnection)).local).to.equal('host');
      await out.hangup();
    } finally {
      await rigCommand('turn-thaw');
    }
  });

  it("'relay' without a TURN server is invalid-configuration (such a call could never carry audio)", async () => {
    const error = nextEvent(document, 'rc-error', undefined, 5_000);
    await mountProvider('alice', { register: false, phoneOptions: { iceTransportPolicy: 'relay' } });
    expect((await error).detail.code).to.equal('invalid-configuration');
  });
});
