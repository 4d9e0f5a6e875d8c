/**
 * `<rc-phone-provider>`'s `transfer-policy` and `trust-cancel-reason` attributes and the
 * cancelable `rc-request-transfer`, against requests written by hand by a raw SIP peer
 * (raw-sip-peer.ts) through the rig's Kamailio. What the kit answers is asserted at that peer.
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { mountProvider, nextEvent, rigConfig, unmountAll, waitFor } from '../rig/phone-rig.js';
import { audioOffer, RawSipPeer, type Dialog } from './raw-sip-peer.js';

const peers: RawSipPeer[] = [];
const connections: RTCPeerConnection[] = [];
const holders: HTMLElement[] = [];

async function rawPeer(): Promise<RawSipPeer> {
  const peer = await RawSipPeer.open('heidi');
  peers.push(peer);
  return peer;
}

/** `user`'s provider with `attributes` set as markup would, before it connects; resolves once registered. */
async function mountWith(user: string, attributes: Record<string, string>, phoneOptions = {}): Promise<RcPhoneProvider> {
  const holder = document.createElement('div');
  holders.push(holder);
  const provider = await mountProvider(user, { register: false, parent: holder, phoneOptions });
  for (const [name, value] of Object.entries(attributes)) provider.setAttribute(name, value);
  const registered = nextEvent(provider, 'rc-registration-change', (e) => e.detail.state === 'registered');
  document.body.append(holder);
  await registered;
  return provider;
}

/** The raw peer calls `user`, who answers: an established call. */
async function establish(peer: RawSipPeer, callee: RcPhoneProvider, user: string): Promise<{ dialog: Dialog; callId: string }> {
  const offer = await audioOffer();
  connections.push(offer.pc);
  const ringing = nextEvent(callee, 'rc-call-incoming');
  const invited = peer.invite(user, offer.sdp);
  const { callId } = (await ringing).detail;
  await callee.phone!.getCall(callId)!.answer();
  const { dialog, response } = await invited;
  expect(response.status).to.equal(200);
  await offer.accept(response.body);
  await waitFor(() => callee.phone!.getCall(callId)?.state === 'established', 'the call to be established');
  return { dialog: dialog!, callId };
}

/** The raw peer rings `user` and CANCELs with "answered elsewhere"; resolves with how the kit ended the call. */
async function cancelledElsewhere(peer: RawSipPeer, callee: RcPhoneProvider, user: string): Promise<string> {
  const offer = await audioOffer();
  connections.push(offer.pc);
  const ringing = nextEvent(callee, 'rc-call-incoming');
  const invite = peer.send('INVITE', { ruri: `sip:${user}@${peer.domain}`, body: offer.sdp });
  await ringing;
  await waitFor(() => peer.responses.some((r) => r.status === 180), 'the 180 Ringing');
  const ended = nextEvent(callee, 'rc-call-ended');
  expect((await peer.cancel(invite, ['Reason: SIP;cause=200;text="Call completed elsewhere"'])).status).to.equal(200);
  expect((await invite.final).response.status).to.equal(487);
  return (await ended).detail.reason;
}

describe('<rc-phone-provider> call policies (raw SIP peer)', () => {
  let domain: string;
  before(async () => {
    domain = (await rigConfig()).domain;
  });
  afterEach(async () => {
    for (const peer of peers.splice(0)) peer.close();
    for (const pc of connections.splice(0)) pc.close();
    await unmountAll();
    for (const holder of holders.splice(0)) holder.remove();
  });

  it('transfer-policy="never": a REFER to the phone’s own domain is answered 403 and reported; nobody is called', async () => {
    const alice = await mountWith('alice', { 'transfer-policy': 'never' });
    const bob = await mountProvider('bob');
    let bobRang = false;
    bob.addEventListener('rc-call-incoming', () => (bobRang = true));
    const peer = await rawPeer();
    const { dialog, callId } = await establish(peer, alice, 'alice');
    let asked = false;
    alice.addEventListener('rc-request-transfer', () => (asked = true));
    const error = nextEvent(alice, 'rc-error');
    const answer = await peer.inDialog(dialog, 'REFER', [`Refer-To: <sip:bob@${domain}>`]);
    expect(answer.status).to.equal(403);
    expect((await error).detail).to.include({ code: 'transfer-refused', callId });
    expect(asked, 'rc-request-transfer is not asked about what the policy refuses').to.equal(false);
    expect(alice.snapshot.calls.map((c) => `${c.direction} ${c.state}`)).to.deep.equal(['inbound established']);
    expect(bobRang).to.equal(false);
  });

  it('rc-request-transfer: the page sees the request, and preventDefault() refuses it (403 at the peer, transfer-refused)', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    let bobRang = false;
    bob.addEventListener('rc-call-incoming', () => (bobRang = true));
    const peer = await rawPeer();
    const { dialog, callId } = await establish(peer, alice, 'alice');
    const requests: HTMLElementEventMap['rc-request-transfer'][] = [];
    alice.addEventListener('rc-request-transfer', (event) => {
      requests.push(event);
      event.preventDefault();
    });
    const error = nextEvent(alice, 'rc-error');
    const answer = await peer.inDialog(dialog, 'REFER', [`Refer-To: <sip:bob@${domain}>`]);
    expect(answer.status).to.equal(403);
    expect((await error).detail).to.include({ code: 'transfer-refused', callId });
    expect(requests.map((e) => ({ ...e.detail, cancelable: e.cancelable }))).to.deep.equal([
      { callId, target: `sip:bob@${domain}`, from: peer.uri, attended: false, cancelable: true },
    ]);
    expect(alice.snapshot.calls.map((c) => `${c.direction} ${c.state}`)).to.deep.equal(['inbound established']);
    expect(bobRang).to.equal(false);
  });

  it('trust-cancel-reason believes "answered elsewhere"; trust-cancel-reason="false" overrides phoneOptions', async () => {
    const peer = await rawPeer();
    const trusting = await mountWith('alice', { 'trust-cancel-reason': '' });
    expect(await cancelledElsewhere(peer, trusting, 'alice')).to.equal('answered-elsewhere');
    await unmountAll();
    const distrusting = await mountWith('alice', { 'trust-cancel-reason': 'false' }, { trustCancelReason: true });
    expect(await cancelledElsewhere(peer, distrusting, 'alice')).to.equal('cancelled');
  });
});
