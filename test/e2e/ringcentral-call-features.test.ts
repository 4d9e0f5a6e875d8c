import { expect } from '@open-wc/testing';
import { ContextEvent } from '@lit/context';
import { phoneContext, type PhoneContextValue } from '../../src/context/phone-context.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { commandsOf, nextEvent, waitFor } from '../rig/phone-rig.js';
import { leavePlatform, signedInWithPlatform, type PlatformPeer, type Received } from './ringcentral-peer.js';
import { ALICE_AUTH_ID, ALICE_SIP, BOB_SIP } from './ringcentral-rig.js';

const KIT = `sip:${ALICE_SIP}@127.0.0.1`;
const PEER = `${BOB_SIP}@127.0.0.1`;

/** The `P-rc` header the platform puts on an incoming INVITE (contract, "SIP over WSS"). */
const prc = (sid: string, name = 'Bob Example'): string =>
  `<Msg><Hdr SID="${sid}" Req="req-${sid}" From="${PEER}" To="${ALICE_SIP}@127.0.0.1" Cmd="6"/><Bdy Phn="+16505550102" Nm="${name}" ToPhn="+16505550101" ToNm="Alice Example"/></Msg>`;

interface RcXml {
  readonly hdr: Record<string, string>;
  readonly bdy: Record<string, string>;
}
const xml = (body: string): RcXml => {
  const doc = new DOMParser().parseFromString(body, 'text/xml');
  const attrs = (tag: string): Record<string, string> =>
    Object.fromEntries([...(doc.getElementsByTagName(tag)[0]?.attributes ?? [])].map((a) => [a.name, a.value]));
  return { hdr: attrs('Hdr'), bdy: attrs('Bdy') };
};
const command =
  (cmd: number) =>
  (r: Received): boolean =>
    r.method === 'MESSAGE' && xml(r.body).hdr['Cmd'] === String(cmd);
const info =
  (name: string) =>
  (r: Received): boolean =>
    r.method === 'INFO' && r.body.includes(`"command":"${name}"`);

/**
 * The `recording` flag of call `callId` in each snapshot `provider` publishes from now on
 * (repeats left out), until `stop()`.
 */
function publishedRecording(provider: HTMLElement, callId: string): { readonly seen: boolean[]; stop(): void } {
  const seen: boolean[] = [];
  let unsubscribe: (() => void) | undefined;
  const child = provider.appendChild(document.createElement('span'));
  const take = (value: PhoneContextValue | undefined, dispose?: () => void): void => {
    unsubscribe = dispose;
    const recording = value?.snapshot.calls.find((call) => call.id === callId)?.recording;
    if (recording !== undefined && recording !== seen.at(-1)) seen.push(recording);
  };
  child.dispatchEvent(new ContextEvent(phoneContext, child, take, true));
  return {
    seen,
    stop: () => {
      unsubscribe?.();
      child.remove();
    },
  };
}

describe('RingCentral call features over the real SIP path', () => {
  let provider: RcPhoneProvider;
  let peer: PlatformPeer;

  before(async function () {
    this.timeout(60_000);
    ({ provider, platform: peer } = await signedInWithPlatform());
  });
  after(() => leavePlatform(peer));
  beforeEach(() => {
    peer.received.length = 0;
    peer.infoReply = { code: 0, description: 'Succeeded' };
    peer.messageStatus = 200;
  });
  afterEach(async () => {
    await peer.cancel().catch(() => undefined);
    for (const call of provider.phone?.calls ?? []) await call.hangup().catch(() => undefined);
    await waitFor(() => (provider.phone?.calls.length ?? 0) === 0, 'no calls left');
  });

  /** The kit calls the peer, which answers. */
  async function answeredCall(): Promise<string> {
    const up = nextEvent(provider, 'rc-call-state-change', (e) => e.detail.state === 'established');
    const call = await provider.phone!.call(BOB_SIP);
    await up;
    return call.id;
  }

  /** The peer calls the kit with a P-rc header. */
  async function ringingCall(header: string | undefined): Promise<HTMLElementEventMap['rc-call-incoming']> {
    const incoming = nextEvent(provider, 'rc-call-incoming');
    await peer.call(KIT, header);
    return incoming;
  }

  it('starts and stops recording, parks and flips with the contract’s INFO commands', async () => {
    const callId = await answeredCall();
    const commands = commandsOf(provider);

    // What every element (and every tab) is given: the snapshots the provider publishes.
    const { seen: recording, stop } = publishedRecording(provider, callId);
    const updated = nextEvent(provider, 'rc-call-update', (e) => e.detail.call.recording);
    expect(await commands.providerAction(callId, 'record', { on: true })).to.deep.equal({ result: { recording: true } });
    expect((await updated).detail.callId, 'rc-call-update for the recording').to.equal(callId);
    await waitFor(() => recording.at(-1) === true, 'a published snapshot showing the call recorded', 2_000);
    const start = await peer.waitFor(info('startcallrecord'), 'startcallrecord INFO');
    expect(start.contentType).to.equal('application/json;charset=utf-8');
    const { request } = JSON.parse(start.body) as { request: Record<string, unknown> };
    expect(Object.keys(request)).to.have.members(['reqid', 'command']);
    expect(request['command']).to.equal('startcallrecord');
    expect(Number.isSafeInteger(request['reqid']) && (request['reqid'] as number) > 0, `reqid ${String(request['reqid'])} is a positive integer`).to.equal(
      true,
    );
    const stopped = nextEvent(provider, 'rc-call-update', (e) => !e.detail.call.recording);
    expect(await commands.providerAction(callId, 'record', { on: false })).to.deep.equal({ result: { recording: false } });
    await stopped;
    await peer.waitFor(info('stopcallrecord'), 'stopcallrecord INFO');
    await waitFor(() => recording.at(-1) === false, 'a published snapshot showing the recording stopped', 2_000);
    expect(recording, 'the recording flag as published, in order').to.deep.equal([false, true, false]);
    stop();

    peer.infoReply = { code: 0, description: 'Succeeded', extra: { 'park extension': '813' } };
    expect(await commands.providerAction(callId, 'park')).to.deep.equal({ result: { location: '813' } });

    peer.infoReply = { code: 0, description: 'Succeeded' };
    expect(await commands.providerAction(callId, 'flip', { target: '+16505550199' })).to.deep.equal({ result: { target: '+16505550199' } });
    const flip = JSON.parse((await peer.waitFor(info('callflip'), 'callflip INFO')).body) as { request: { target: string } };
    expect(flip.request.target).to.equal('+16505550199');
    // Each command has its own reqid.
    const ids = peer.received.filter((r) => r.method === 'INFO').map((r) => (JSON.parse(r.body) as { request: { reqid: number } }).request.reqid);
    expect(new Set(ids).size).to.equal(ids.length);
  });

  it('reports a refused, rejected or unanswered command and keeps the call', async () => {
    const callId = await answeredCall();
    const commands = commandsOf(provider);

    peer.infoReply = { code: 1, description: 'Call recording is not allowed' };
    let error = nextEvent(provider, 'rc-error');
    expect(await commands.providerAction(callId, 'record', { on: true })).to.equal(undefined);
    expect((await error).detail).to.include({ code: 'call-action-failed', callId });
    expect((await error).detail.error.message).to.include('Call recording is not allowed');
    expect(provider.snapshot.calls.find((call) => call.id === callId)?.recording).to.equal(false);

    peer.infoReply = { reject: 488 };
    error = nextEvent(provider, 'rc-error');
    expect(await commands.providerAction(callId, 'park')).to.equal(undefined);
    expect((await error).detail.error.message).to.include('488');

    peer.infoReply = 'silence';
    error = nextEvent(provider, 'rc-error');
    expect(await commands.providerAction(callId, 'park')).to.equal(undefined);
    expect((await error).detail.error.message).to.include('did not answer');

    expect(provider.phone!.getCall(callId)?.state).to.equal('established');
  });

  it('shows the caller’s name from P-rc (as text) and confirms the call rings (Cmd 17)', async () => {
    const { detail } = await ringingCall(prc('sid-17', 'Bob &amp; Co &lt;b&gt;'));
    expect(detail.call.remote.displayName).to.equal('Bob & Co <b>');
    const confirm = await peer.waitFor(command(17), 'the receive confirmation');
    expect(confirm.contentType).to.equal('x-rc/agent');
    expect(confirm.to).to.equal(`sip:${PEER}`);
    // From and To swapped, SID and Req kept, our authorization id as Cln.
    expect(xml(confirm.body)).to.deep.equal({
      hdr: { SID: 'sid-17', Req: 'req-sid-17', From: `${ALICE_SIP}@127.0.0.1`, To: PEER, Cmd: '17' },
      bdy: { Cln: ALICE_AUTH_ID },
    });
  });

  it('puts the platform’s call identifiers (p-rc-api-ids) in the snapshot of incoming and outgoing calls', async () => {
    const { detail } = await ringingCall(prc('sid-ids'));
    const { telephonySessionId, partyId } = peer.apiIds;
    expect(detail.call.platformIds).to.deep.equal({ telephonySessionId, partyId });
    const ended = nextEvent(provider, 'rc-call-ended');
    await peer.cancel();
    await ended;

    // Outgoing: the identifiers come on the peer's 200 OK, as an rc-call-update.
    const update = nextEvent(provider, 'rc-call-update', (e) => e.detail.call.platformIds !== undefined);
    const callId = await answeredCall();
    const { call } = (await update).detail;
    expect(peer.apiIds.telephonySessionId).not.to.equal(telephonySessionId);
    expect(call.id).to.equal(callId);
    expect(call.platformIds).to.deep.equal({ telephonySessionId: peer.apiIds.telephonySessionId, partyId: peer.apiIds.partyId });
    expect(provider.snapshot.calls.find((c) => c.id === callId)?.platformIds).to.deep.equal(call.platformIds);
  });

  it('ignores a malformed P-rc header', async () => {
    const errors: unknown[] = [];
    const onError = (e: Event): number => errors.push(e);
    provider.addEventListener('rc-error', onError);
    const { detail } = await ringingCall('<Msg><Hdr SID="broken" Nm="Mallory"><Bdy');
    const ended = nextEvent(provider, 'rc-call-ended');
    await peer.cancel();
    await ended;
    provider.removeEventListener('rc-error', onError);
    expect(detail.call.remote.displayName).not.to.include('Mallory');
    expect(peer.received.filter((r) => r.method === 'MESSAGE')).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('sends a ringing call to voicemail (Cmd 11): the platform cancels it, and it is not a missed call', async () => {
    const { detail } = await ringingCall(prc('sid-11'));
    const ended = nextEvent(provider, 'rc-call-ended');
    expect(await commandsOf(provider).providerAction(detail.callId, 'voicemail')).to.deep.equal({ result: {} });
    expect(xml((await peer.waitFor(command(11), 'the voicemail command')).body).hdr['SID']).to.equal('sid-11');
    await peer.cancel();
    expect((await ended).detail.reason).to.equal('declined');
  });

  it('forwards a ringing call (Cmd 10) to a number', async () => {
    const { detail } = await ringingCall(prc('sid-10'));
    const ended = nextEvent(provider, 'rc-call-ended');
    expect(await commandsOf(provider).providerAction(detail.callId, 'forward', { target: '+1 (650) 555-0123' })).to.deep.equal({ result: {} });
    const forward = xml((await peer.waitFor(command(10), 'the forward command')).body);
    expect(forward.bdy).to.deep.equal({ Cln: ALICE_AUTH_ID, FwdDly: '0', Phn: '+16505550123', PhnTp: '3' });
    await peer.cancel();
    expect((await ended).detail.reason).to.equal('transferred');
  });

  it('replies with a message (Cmd 13, 14), XML-escaped, and resolves when the platform closes the session (Cmd 9)', async () => {
    const text = 'Running late <5 min> & "sorry"';
    const { detail } = await ringingCall(prc('sid-14'));
    const ended = nextEvent(provider, 'rc-call-ended');
    const replied = commandsOf(provider).providerAction(detail.callId, 'reply', { message: text });
    await peer.waitFor(command(13), 'the start-reply command');
    const reply = await peer.waitFor(command(14), 'the reply');
    expect(reply.body).to.include('Bdy="Running late &#60;5 min&#62; &#38; &#34;sorry&#34;"');
    expect(xml(reply.body).bdy).to.deep.equal({ Cln: ALICE_AUTH_ID, RepTp: '0', Bdy: text });
    await peer.sendMessage(KIT, `<Msg><Hdr SID="sid-14" Req="req-sid-14" From="${PEER}" To="${ALICE_SIP}@127.0.0.1" Cmd="9"/><Bdy/></Msg>`);
    expect(await replied).to.deep.equal({ result: {} });
    await peer.cancel();
    expect((await ended).detail.reason).to.equal('declined');
  });

  it('reports a command the platform refuses and keeps the call ringing', async () => {
    const { detail } = await ringingCall(prc('sid-403'));
    peer.messageStatus = 403;
    const error = nextEvent(provider, 'rc-error');
    expect(await commandsOf(provider).providerAction(detail.callId, 'voicemail')).to.equal(undefined);
    expect((await error).detail).to.include({ code: 'call-action-failed', callId: detail.callId });
    expect(provider.phone!.getCall(detail.callId)?.state).to.equal('ringing');
    const ended = nextEvent(provider, 'rc-call-ended');
    await peer.cancel();
    expect((await ended).detail.reason).to.equal('cancelled');
  });

  it('stops ringing when the platform says another device answered (Cmd 7), and it is not a missed call', async () => {
    const { detail } = await ringingCall(prc('sid-7'));
    const ended = nextEvent(provider, 'rc-call-ended');
    await peer.sendMessage(KIT, `<Msg><Hdr SID="sid-7" Req="req-sid-7" From="${PEER}" To="${ALICE_SIP}@127.0.0.1" Cmd="7"/><Bdy/></Msg>`);
    const { detail: end } = await ended;
    expect(end.callId).to.equal(detail.callId);
    expect(end.reason).to.equal('answered-elsewhere');
  });

  it('keeps a call it answered itself when the platform confirms it (Cmd 7)', async () => {
    const { detail } = await ringingCall(prc('sid-7b'));
    const up = nextEvent(provider, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await provider.phone!.getCall(detail.callId)!.answer();
    await up;
    await peer.sendMessage(KIT, `<Msg><Hdr SID="sid-7b" Req="req-sid-7b" From="${PEER}" To="${ALICE_SIP}@127.0.0.1" Cmd="7"/><Bdy/></Msg>`);
    // The MESSAGE was answered (sendMessage resolved on its 200): the kit has seen it.
    expect(provider.phone!.getCall(detail.callId)?.state).to.equal('established');
  });
});
