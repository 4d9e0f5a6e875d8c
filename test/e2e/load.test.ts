import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { expectAudioFlowing, mountProvider, nextEvent, unmountAll } from '../rig/phone-rig.js';

/** Records every RTCPeerConnection the page creates (the real class, observed, not replaced). */
function trackPeerConnections(): { all: RTCPeerConnection[]; restore: () => void } {
  const Native = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      all.push(this);
    }
  };
  return { all, restore: () => (window.RTCPeerConnection = Native) };
}

/** `caller` calls `callee`, which answers; the caller hangs up. Adds both calls' peer connections to `used`. */
async function callAndHangUp(caller: RcPhoneProvider, callee: RcPhoneProvider, target: string, used: Set<RTCPeerConnection>): Promise<void> {
  const ringing = nextEvent(callee, 'rc-call-incoming');
  const call = await caller.phone!.call(target);
  const incoming = callee.phone!.getCall((await ringing).detail.callId)!;
  const up = nextEvent(caller, 'rc-call-state-change', (e) => e.detail.callId === call.id && e.detail.state === 'established');
  await incoming.answer();
  await up;
  for (const pc of [call.peerConnection, incoming.peerConnection]) if (pc) used.add(pc);
  const ends = [nextEvent(caller, 'rc-call-ended'), nextEvent(callee, 'rc-call-ended')];
  await call.hangup();
  const [callerEnd, calleeEnd] = await Promise.all(ends);
  expect([callerEnd!.detail.reason, calleeEnd!.detail.reason]).to.deep.equal(['local-hangup', 'remote-hangup']);
}

describe('load', function () {
  this.timeout(240_000);
  let tracker: ReturnType<typeof trackPeerConnections>;
  beforeEach(() => (tracker = trackPeerConnections()));
  afterEach(async () => {
    await unmountAll();
    tracker.restore();
  });

  it('200 sequential calls between two providers: no failures, every RTCPeerConnection closed', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const errors: string[] = [];
    for (const el of [alice, bob]) el.addEventListener('rc-error', (e) => errors.push(e.detail.code));
    const used = new Set<RTCPeerConnection>();
    for (let i = 0; i < 200; i++) await callAndHangUp(i % 2 ? bob : alice, i % 2 ? alice : bob, i % 2 ? 'alice' : 'bob', used);
    expect(errors).to.deep.equal([]);
    // One connection per end of each call (besides them, each phone opens one to check its
    // STUN/TURN settings once, closed at once). Counts, not the objects: Firefox throws when
    // chai reads a closed connection's properties to print it.
    expect(used.size, 'distinct peer connections of the calls').to.equal(400);
    expect([...used].filter((pc) => !tracker.all.includes(pc)).length, 'call connections not made by the page').to.equal(0);
    expect(tracker.all.filter((pc) => pc.signalingState !== 'closed').length, 'peer connections left open').to.equal(0);
    expect(alice.snapshot.calls).to.have.length(0);
    expect(bob.snapshot.calls).to.have.length(0);
  });

  it('10 concurrent calls in one page, all with audio, all ended cleanly', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const caller = await mountProvider(`load${String(i + 1).padStart(2, '0')}`);
        const calleeUser = `load${String(i + 11).padStart(2, '0')}`;
        const callee = await mountProvider(calleeUser);
        return { caller, callee, calleeUser };
      }),
    );
    const calls = await Promise.all(
      pairs.map(async ({ caller, callee, calleeUser }) => {
        const ringing = nextEvent(callee, 'rc-call-incoming');
        const call = await caller.phone!.call(calleeUser);
        const incoming = callee.phone!.getCall((await ringing).detail.callId)!;
        const up = nextEvent(caller, 'rc-call-state-change', (e) => e.detail.state === 'established');
        await incoming.answer();
        await up;
        return { call, incoming, caller, callee };
      }),
    );
    const used = new Set(calls.flatMap(({ call, incoming }) => [call.peerConnection, incoming.peerConnection]));
    for (const { call, incoming } of calls) {
      await expectAudioFlowing(call.peerConnection, 'caller');
      await expectAudioFlowing(incoming.peerConnection, 'callee');
    }
    await Promise.all(
      calls.map(async ({ call, caller, callee }) => {
        const ends = [nextEvent(caller, 'rc-call-ended'), nextEvent(callee, 'rc-call-ended')];
        await call.hangup();
        await Promise.all(ends);
      }),
    );
    expect(used.size, 'distinct peer connections of the calls').to.equal(20);
    expect([...used].every((pc) => pc && tracker.all.includes(pc))).to.equal(true);
    expect(tracker.all.filter((pc) => pc.signalingState !== 'closed').length, 'peer connections left open').to.equal(0);
  });
});
