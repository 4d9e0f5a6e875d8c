/**
 * A caller whose ACK is slow (a raw SIP peer, raw-sip-peer.ts, holding it back): the kit has
 * answered and counts the call established, but the dialog is confirmed only by that ACK. A
 * re-INVITE of the kit's must not cross it (RFC 3261 §14.1), nor may a BYE leave before it
 * (§15). Asserted at the peer: what it received, in which order, and that no BYE ended the call.
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { commandsOf, mountProvider, nextEvent, unmountAll, waitFor } from '../rig/phone-rig.js';
import { RawPeerPool, type RawSipPeer, type SipMessage } from './raw-sip-peer.js';

const pool = new RawPeerPool();

describe('a caller whose ACK is slow (raw SIP peer)', () => {
  let alice: RcPhoneProvider;
  let peer: RawSipPeer;
  beforeEach(async () => {
    alice = await mountProvider('alice');
    peer = await pool.peer();
  });
  afterEach(async () => {
    pool.closeAll();
    await unmountAll();
  });

  /** The peer calls alice, she answers; its ACK leaves when `send()` is called. */
  async function answeredBeforeAck(): Promise<{ callId: string; send: () => number }> {
    const offer = await pool.offer();
    let release: () => void = () => undefined;
    const ackAfter = new Promise<void>((resolve) => (release = resolve));
    const ringing = nextEvent(alice, 'rc-call-incoming');
    const invited = peer.invite('alice', offer.sdp, [], { ackAfter });
    const { callId } = (await ringing).detail;
    await alice.phone!.getCall(callId)!.answer();
    const { response } = await invited;
    expect(response.status).to.equal(200);
    await offer.accept(response.body);
    await waitFor(() => alice.phone!.getCall(callId)?.state === 'established', 'the kit counts the call established');
    // The ACK leaves now; returns how many requests the peer had received before it.
    return { callId, send: () => (release(), peer.received.length) };
  }

  /** Whether the kit sent `method` within `ms`: what it would have done at once without waiting for the ACK. */
  const sends = (method: string, ms: number): Promise<boolean> =>
    peer
      .waitForRequest((request) => request.method === method, method, ms)
      .then(
        () => true,
        () => false,
      );
  const index = (request: SipMessage | undefined): number => (request ? peer.received.indexOf(request) : -1);

  it('hold waits for the ACK: its re-INVITE follows it and the call stays up (RFC 3261 §14.1)', async () => {
    const { callId, send } = await answeredBeforeAck();
    // The peer refuses the hold: the order of what it received is the point here.
    peer.answer = (request) => (request.method === 'INVITE' ? 488 : 200);
    const holding = commandsOf(alice).hold(callId);
    expect(await sends('INVITE', 1_000), 'a re-INVITE before the ACK').to.equal(false);
    const ackedAt = send();
    expect(await holding).to.equal(false);
    const reinvite = await peer.waitForRequest((request) => request.method === 'INVITE', 'the re-INVITE');
    expect(index(reinvite)).to.be.at.least(ackedAt);
    expect(
      peer.received.some((request) => request.method === 'BYE'),
      'a BYE',
    ).to.equal(false);
    expect(alice.phone!.getCall(callId)?.state).to.equal('established');
  });

  it('hang-up waits for the ACK: then the BYE ends the call (RFC 3261 §15)', async () => {
    const { callId, send } = await answeredBeforeAck();
    const ended = nextEvent(alice, 'rc-call-ended');
    const hangingUp = commandsOf(alice).hangup(callId);
    expect(await sends('BYE', 1_000), 'a BYE before the ACK').to.equal(false);
    const ackedAt = send();
    expect(await hangingUp).to.equal(true);
    await ended;
    const bye = await peer.waitForRequest((request) => request.method === 'BYE', 'the BYE');
    expect(index(bye)).to.be.at.least(ackedAt);
  });
});
