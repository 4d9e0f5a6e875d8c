import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import type { RcCallEndedEvent } from '../../src/events/rc-call-ended.js';
import type { RcCallIncomingEvent } from '../../src/events/rc-call-incoming.js';
import { expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll } from '../rig/phone-rig.js';
import { login, mountTokenProvider, tokenServer, unmountTokenProviders } from './token-rig.js';

/** Three of bob's devices: token providers for the same AOR, each with its own RFC 5626 instance id. */
async function bobsDevices(): Promise<RcPhoneProvider[]> {
  const server = await tokenServer();
  const session = await login(server, 'bob');
  const devices: RcPhoneProvider[] = [];
  for (let i = 0; i < 3; i++) {
    // Trusting "answered elsewhere" is the deployment's choice (the server must strip callers'
    // CANCEL reasons; test/e2e/hostile-peer.test.ts shows the default does not trust them).
    devices.push(
      await mountTokenProvider({
        tokenUrl: `${server}/sip-token`,
        sessionToken: session,
        instanceId: crypto.randomUUID(),
        phoneOptions: { trustCancelReason: true },
      }),
    );
  }
  return devices;
}

describe('simultaneous ring: one endpoint on several devices', () => {
  afterEach(async () => {
    await unmountTokenProviders();
    await unmountAll();
  });

  it('rings all three; the second answers; the others stop within a second as "answered elsewhere"', async () => {
    const devices = await bobsDevices();
    expect(await rigCommand<number>('contacts', { user: 'bob' }), 'one binding per device').to.equal(3);
    const alice = await mountProvider('alice');

    const rings = devices.map((device) => nextEvent(device, 'rc-call-incoming'));
    const out = await alice.phone!.call('bob');
    const incoming: RcCallIncomingEvent[] = await Promise.all(rings);
    incoming.forEach((ring) => expect(ring.detail.call.remote.user).to.equal('alice'));
    devices.forEach((device) => expect(device.snapshot.calls.map((c) => c.state)).to.deep.equal(['ringing']));

    const [first, answering, third] = devices as [RcPhoneProvider, RcPhoneProvider, RcPhoneProvider];
    const losers = [first, third];
    const endedAt = new Map<RcPhoneProvider, number>();
    const losersEnded = losers.map((device) =>
      nextEvent(device, 'rc-call-ended').then((event: RcCallEndedEvent) => {
        endedAt.set(device, performance.now());
        return event;
      }),
    );
    // The moment the answering device's call is answered (its 200 OK is sent).
    const answeredAt = nextEvent(answering, 'rc-call-state-change', (e) => e.detail.state === 'established').then(() => performance.now());
    const aliceUp = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await answering.phone!.getCall(incoming[1]!.detail.callId)!.answer();
    await aliceUp;

    for (const ended of await Promise.all(losersEnded)) {
      expect(ended.detail.reason).to.equal('answered-elsewhere');
      expect(ended.detail.error).to.equal(undefined);
      // Not a missed call: it was never answered here, and its record says why.
      expect(ended.detail.call.startedAt).to.equal(undefined);
      expect(ended.detail.call.endReason).to.equal('answered-elsewhere');
    }
    for (const device of losers) {
      expect(endedAt.get(device)! - (await answeredAt), 'stopped ringing within one second of the answer').to.be.lessThan(1_000);
      expect(device.snapshot.calls).to.deep.equal([]);
    }

    const answered = answering.phone!.getCall(incoming[1]!.detail.callId)!;
    await expectAudioFlowing(answered.peerConnection, 'the answering device');
    await expectAudioFlowing(out.peerConnection, 'alice');
    expect(answering.snapshot.calls.map((c) => c.state)).to.deep.equal(['established']);

    const ended = nextEvent(answering, 'rc-call-ended');
    await out.hangup();
    expect((await ended).detail.reason).to.equal('remote-hangup');
  }).timeout(60_000);

  it('a call the caller gives up on is a missed call ("cancelled") on every device', async () => {
    const devices = await bobsDevices();
    const alice = await mountProvider('alice');
    const rings = devices.map((device) => nextEvent(device, 'rc-call-incoming'));
    const out = await alice.phone!.call('bob');
    await Promise.all(rings);

    const ends = devices.map((device) => nextEvent(device, 'rc-call-ended'));
    await out.hangup();
    for (const ended of await Promise.all(ends)) {
      expect(ended.detail.reason).to.equal('cancelled');
      expect(ended.detail.call.startedAt).to.equal(undefined);
    }
  }).timeout(60_000);
});
