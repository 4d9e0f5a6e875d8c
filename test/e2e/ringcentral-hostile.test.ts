/**
 * RingCentral's call control (`P-rc` headers, `x-rc/agent` MESSAGE commands) is honoured only
 * from the platform: here the rig's Kamailio with the emulator's provisioned domain
 * (127.0.0.1). A raw SIP peer (raw-sip-peer.ts) claims another domain, or plants entities.
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { nextEvent, waitFor } from '../rig/phone-rig.js';
import { RawPeerPool, type RawSipPeer } from './raw-sip-peer.js';
import { leavePlatform, signedInWithPlatform, type PlatformPeer } from './ringcentral-peer.js';
import { ALICE_SIP, BOB_SIP } from './ringcentral-rig.js';

const KIT = `sip:${ALICE_SIP}@127.0.0.1`;
const prc = (sid: string, name: string, from = `${BOB_SIP}@127.0.0.1`): string =>
  `<Msg><Hdr SID="${sid}" Req="req-${sid}" From="${from}" To="${ALICE_SIP}@127.0.0.1" Cmd="6"/><Bdy Phn="+16505550102" Nm="${name}"/></Msg>`;

describe('RingCentral call control from a hostile peer', () => {
  let provider: RcPhoneProvider;
  let platform: PlatformPeer;
  const pool = new RawPeerPool();

  before(async function () {
    this.timeout(60_000);
    ({ provider, platform: platform } = await signedInWithPlatform());
  });
  after(() => leavePlatform(platform));
  afterEach(async () => {
    await platform.cancel().catch(() => undefined);
    pool.closeAll();
    for (const call of provider.phone?.calls ?? []) await call.hangup().catch(() => undefined);
    await waitFor(() => (provider.phone?.calls.length ?? 0) === 0, 'no calls left');
  });

  const rawPeer = (fromHost?: string): Promise<RawSipPeer> => pool.peer('heidi', fromHost ? { fromHost } : {});

  /** The raw peer calls the kit with `headers`; resolves with the ringing call's detail. */
  async function rawCall(peer: RawSipPeer, headers: readonly string[]): Promise<HTMLElementEventMap['rc-call-incoming']['detail']> {
    const offer = await pool.offer();
    const ringing = nextEvent(provider, 'rc-call-incoming');
    void peer.send('INVITE', { ruri: KIT, body: offer.sdp, headers }).final;
    return (await ringing).detail;
  }

  it('a P-rc header from a caller outside the platform’s domain is ignored (no renaming, no commands)', async () => {
    const peer = await rawPeer('evil.example');
    const detail = await rawCall(peer, [`P-rc: ${prc('sid-evil', 'Your Bank')}`]);
    expect(detail.call.remote.displayName).not.to.equal('Your Bank');
    expect(provider.phone!.getCall(detail.callId)!.remote.displayName).not.to.equal('Your Bank');
  });

  it('a P-rc header with a DOCTYPE and entities is not parsed', async () => {
    const peer = await rawPeer();
    const planted = `<!DOCTYPE Msg [<!ENTITY n "Your Bank">]>${prc('sid-ent', '&n;')}`;
    const detail = await rawCall(peer, [`P-rc: ${planted}`]);
    expect(detail.call.remote.displayName).not.to.equal('Your Bank');
  });

  it('a P-rc header over 8 KB is not parsed', async () => {
    const peer = await rawPeer();
    const detail = await rawCall(peer, [`P-rc: ${prc('sid-big', `Your Bank${' '.repeat(9000)}`)}`]);
    expect(detail.call.remote.displayName).not.to.match(/^Your Bank/);
  });

  it('p-rc-api-ids that are too long, malformed, folded or from outside the platform’s domain are ignored', async () => {
    const good = 'party-id=p-a0d7bc131844fz196cfb6059dz833984b0000-1;session-id=s-a0d7bc131844fz196cfb6059dz833984b0000';
    const cases: [string | undefined, string][] = [
      [undefined, good],
      ['evil.example', good],
      [undefined, `party-id=p-${'a'.repeat(600)}-1;session-id=s-${'a'.repeat(600)}`],
      [undefined, 'party-id=p-abc-1;session-id=s-abc;session-id=s-evil'],
      [undefined, 'party-id="<img src=x onerror=alert(1)>";session-id=s-abc'],
      [undefined, 'party-id=p-abc-1\r\n X-Evil: 1;session-id=s-abc'],
      [undefined, 'garbage'],
    ];
    const seen: unknown[] = [];
    for (const [host, value] of cases) {
      const peer = await rawPeer(host);
      const detail = await rawCall(peer, [`p-rc-api-ids: ${value}`]);
      seen.push(detail.call.platformIds);
      const ended = nextEvent(provider, 'rc-call-ended');
      await provider.phone!.getCall(detail.callId)!.hangup();
      await ended;
    }
    // The well-formed one from the platform's domain is read: the others are not.
    expect(seen).to.deep.equal([
      { telephonySessionId: 's-a0d7bc131844fz196cfb6059dz833984b0000', partyId: 'p-a0d7bc131844fz196cfb6059dz833984b0000-1' },
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('a Cmd 7 ("answered elsewhere") MESSAGE from outside the platform’s domain does not end a ringing call', async () => {
    const incoming = nextEvent(provider, 'rc-call-incoming');
    await platform.call(KIT, prc('sid-7x', 'Bob Example'));
    const { callId } = (await incoming).detail;
    const peer = await rawPeer('evil.example');
    const body = `<Msg><Hdr SID="sid-7x" Req="req-sid-7x" From="${BOB_SIP}@127.0.0.1" To="${ALICE_SIP}@127.0.0.1" Cmd="7"/><Bdy/></Msg>`;
    const { response } = await peer.request('MESSAGE', { ruri: KIT, body, contentType: 'x-rc/agent' });
    expect(response.status).to.equal(200);
    expect(provider.phone!.getCall(callId)?.state).to.equal('ringing');
  });

  describe('in-dialog INFO from the far end of an answered call', () => {
    const JSON_TYPE = 'application/json;charset=utf-8';

    it('invalid JSON and a body over 8 KB are answered (200, 413) and ignored; an answer with a wrong reqid and command settles nothing', async () => {
      const peer = await rawPeer();
      const { dialog, callId } = await pool.establish(peer, provider, ALICE_SIP);
      expect((await peer.inDialog(dialog, 'INFO', [], '{"response":{"reqid":', JSON_TYPE)).status).to.equal(200);
      const huge = JSON.stringify({ response: { reqid: 1, command: 'startcallrecord', result: { code: 0, pad: 'x'.repeat(9_000) } } });
      expect((await peer.inDialog(dialog, 'INFO', [], huge, JSON_TYPE)).status).to.equal(413);

      let settled = false;
      const recording = provider.phone!.providerAction(callId, 'record', { on: true }).finally(() => (settled = true));
      const sent = await peer.waitForRequest((r) => r.method === 'INFO' && /startcallrecord/.test(r.body), 'the kit’s record command');
      const { reqid } = (JSON.parse(sent.body) as { request: { reqid: number } }).request;
      // Another command's answer under another reqid: the kit has read it once the peer has its 200.
      const forged = JSON.stringify({ response: { reqid: reqid + 1000, command: 'callpark', result: { code: 0 } } });
      expect((await peer.inDialog(dialog, 'INFO', [], forged, JSON_TYPE)).status).to.equal(200);
      expect(settled).to.equal(false);
      expect(provider.phone!.getCall(callId)!.recording).to.equal(false);
      const answer = JSON.stringify({ response: { reqid, command: 'startcallrecord', result: { code: 0, description: 'Succeeded' } } });
      expect((await peer.inDialog(dialog, 'INFO', [], answer, JSON_TYPE)).status).to.equal(200);
      expect(await recording).to.deep.equal({ recording: true });
      expect(provider.phone!.getCall(callId)!.state).to.equal('established');
    });
  });
});
