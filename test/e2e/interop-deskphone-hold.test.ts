import { expect } from '@open-wc/testing';
import { expectAudioFlowing, mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import { desk, startDesk } from './deskphone-rig.js';

// Hold as the desk phone sees it (RFC 3264 §8.4, RFC 6337 §5): a re-INVITE offering
// a=sendonly, and a=sendrecv on resume, read from the desk phone's own SIP trace.

/** The media direction a received INVITE offered (RFC 3264 §6.1: none written is sendrecv), or 'no offer'. */
const offered = ({ sdp }: { sdp: string }): string =>
  sdp === '' ? 'no offer' : (/^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m.exec(sdp)?.[1] ?? 'sendrecv');

describe('interop: hold and resume at a desk phone (baresip through rtpengine)', function () {
  this.timeout(60_000);
  after(() => rigCommand('desk-stop'));
  afterEach(() => unmountAll());

  it('the desk phone receives a re-INVITE offering sendonly on hold and sendrecv on resume, and hears the kit again', async () => {
    const alice = await mountProvider('alice', { server: await startDesk() });
    const from = await desk.events();
    const out = await alice.phone!.call('desk');
    await desk.waitFor('CALL_INCOMING', from);
    const up = nextEvent(alice, 'rc-call-state-change', (e) => e.detail.callId === out.id && e.detail.state === 'established');
    await desk.command('accept');
    await up;
    await expectAudioFlowing(out.peerConnection, 'the kit');

    const invites = async (): Promise<{ method: string; sdp: string }[]> => (await desk.received()).filter((r) => r.method === 'INVITE');
    const before = (await invites()).length;
    await out.hold();
    const held = (await invites()).slice(before);
    expect(held.map(offered), 'the hold re-INVITE as received').to.deep.equal(['sendonly']);

    await out.unhold();
    const resumed = (await invites()).slice(before + 1);
    expect(resumed.map(offered), 'the resume re-INVITE as received').to.deep.equal(['sendrecv']);

    // rtpengine still bridges the kit's audio after the two renegotiations.
    const packets = async (): Promise<number> => (await desk.media())[0]?.legs.find((leg) => leg.protocol === 'UDP/TLS/RTP/SAVPF')?.packets ?? 0;
    const sent = await packets();
    await waitFor(async () => (await packets()) > sent, 'the kit’s audio reaching rtpengine after resume');
    await out.hangup();
  });
});
