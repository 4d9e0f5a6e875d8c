/**
 * Session timers (RFC 4028), read at the far end: JsSIP 3.13 (an independent stack, in a
 * browser context of its own) refreshing and being refreshed on its real timers; a raw SIP
 * peer that goes silent or refuses the kit's refresh; 422 both ways (a raw peer asking for too
 * short an interval, and a plain sip.js far end asking the kit for a longer one).
 */
import { expect } from '@open-wc/testing';
import { Registerer, RegistererState, UserAgent, type Invitation } from 'sip.js';
import type { Call } from '../../src/core/call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { SILENCE, account, audioStats, mountProvider, nextEvent, rigConfig, unmountAll, waitFor } from '../rig/phone-rig.js';
import type { PeerWire } from './fixtures/jssip-peer.js';
import { JssipClient } from './jssip-client.js';
import { RawSipPeer, audioOffer, header, type SipMessage } from './raw-sip-peer.js';

/**
 * Test-only intervals, below RFC 4028's 90 s floor so that two refreshes each way fit in one
 * minute of suite time: 60 s is the smallest JsSIP accepts (its MIN_SESSION_EXPIRES; below it,
 * it falls back to 90), and the kit accepts it only because these tests configure it
 * (`sessionTimers.minExpires`; by default it answers 422 below 90, tested below).
 */
const JSSIP_INTERVAL = 60;
/** For the raw peer, which has no floor: the kit ends an unrefreshed call 4 s after the answer (6 − 6/3). */
const RAW_INTERVAL = 6;

const peers: JssipClient[] = [];
let raw: RawSipPeer | undefined;
let far: UserAgent | undefined;

/** Audio both ways, measured by JsSIP (what it receives is sound) and by the kit. */
async function expectAudioBothWays(peer: JssipClient, call: Call, label: string): Promise<void> {
  const at = await peer.stats();
  const kit = await audioStats(call.peerConnection);
  await waitFor(async () => {
    const now = await peer.stats();
    return now.packetsReceived > at.packetsReceived && now.receivedEnergy - at.receivedEnergy > SILENCE && now.packetsSent > at.packetsSent;
  }, `${label}: JsSIP hears the kit and sends`);
  await waitFor(async () => (await audioStats(call.peerConnection)).receivedEnergy - kit.receivedEnergy > SILENCE, `${label}: the kit hears JsSIP`);
}

const isUpdate = (m: PeerWire): boolean => m.firstLine.startsWith('UPDATE ');
const answersToUpdate = (m: PeerWire): boolean => / UPDATE$/.test(m.cseq) && m.firstLine.startsWith('SIP/2.0 ');

describe('session timers (RFC 4028)', () => {
  afterEach(async () => {
    await unmountAll();
    for (const peer of peers.splice(0)) {
      await peer.call('stop').catch(() => undefined);
      await peer.close();
    }
    raw?.close();
    raw = undefined;
    await far?.stop();
    far = undefined;
  });

  it('with JsSIP, each side the refresher of one call: two refreshes each by UPDATE on real timers, both calls up with audio', async function () {
    this.timeout(120_000);
    const sessionTimers = { expires: JSSIP_INTERVAL, minExpires: JSSIP_INTERVAL };
    const [grace, ivan] = await Promise.all([
      mountProvider('grace', { phoneOptions: { sessionTimers } }),
      mountProvider('ivan', { phoneOptions: { sessionTimers } }),
    ]);
    const [heidi, judy] = await Promise.all([JssipClient.start('heidi'), JssipClient.start('judy')]);
    peers.push(heidi, judy);

    // Call 1: JsSIP calls the kit without naming a refresher; the kit, as UAS, takes the job.
    const ringing = nextEvent(grace, 'rc-call-incoming');
    await heidi.dial(`sip:grace@${(await rigConfig()).domain}`, { sessionTimersExpires: JSSIP_INTERVAL });
    const kitRefreshes = grace.phone!.getCall((await ringing).detail.callId)!;
    await kitRefreshes.answer();
    // Call 2: the kit calls JsSIP, which as UAS makes itself the refresher.
    const jssipRefreshes = await ivan.phone!.call('judy');
    await waitFor(async () => (await heidi.state()).established && (await judy.state()).established, 'both calls are up for JsSIP');

    const graceAnswer = (await heidi.wire()).find((m) => !m.sent && m.firstLine === 'SIP/2.0 200 OK' && m.cseq.endsWith(' INVITE'));
    expect(graceAnswer, 'JsSIP got the kit’s 2xx').to.not.equal(undefined);
    expect(graceAnswer!.sessionExpires, 'the kit’s 2xx makes the kit the refresher').to.equal(`${JSSIP_INTERVAL};refresher=uas`);
    expect(graceAnswer!.allow, 'the kit allows UPDATE').to.match(/\bUPDATE\b/);
    const ivanInvite = (await judy.wire()).find((m) => !m.sent && m.firstLine.startsWith('INVITE '))!;
    expect(ivanInvite.sessionExpires).to.equal(String(JSSIP_INTERVAL));
    expect(ivanInvite.minSe).to.equal(String(JSSIP_INTERVAL));
    expect(ivanInvite.allow).to.match(/\bUPDATE\b/);
    expect(await heidi.sessionTimer(), 'JsSIP on call 1 waits for the kit’s refreshes').to.deep.equal({
      running: true,
      expires: JSSIP_INTERVAL,
      refresher: false,
    });
    expect(await judy.sessionTimer(), 'JsSIP on call 2 refreshes').to.deep.equal({ running: true, expires: JSSIP_INTERVAL, refresher: true });
    const answered = performance.now();

    await waitFor(
      async () => {
        const [kitSent, jssipSent] = [
          (await heidi.wire()).filter((m) => !m.sent && isUpdate(m)),
          (await judy.wire()).filter((m) => !m.sent && answersToUpdate(m)),
        ];
        return kitSent.length >= 2 && jssipSent.length >= 2;
      },
      'two refreshes on each call',
      JSSIP_INTERVAL * 1_000 + 15_000,
    );
    // Call 1, at JsSIP: the kit's UPDATEs, each answered 200 by JsSIP, about half an interval apart.
    const heidiWire = await heidi.wire();
    const updates = heidiWire.filter((m) => !m.sent && isUpdate(m));
    expect(updates.map((m) => m.sessionExpires)).to.deep.equal([`${JSSIP_INTERVAL};refresher=uac`, `${JSSIP_INTERVAL};refresher=uac`]);
    expect(heidiWire.filter((m) => m.sent && answersToUpdate(m)).map((m) => m.firstLine)).to.deep.equal(['SIP/2.0 200 OK', 'SIP/2.0 200 OK']);
    const gap = updates[1]!.at - updates[0]!.at;
    expect(gap, 'refreshed at half the interval').to.be.within((JSSIP_INTERVAL / 2) * 1_000 - 2_000, (JSSIP_INTERVAL / 2) * 1_000 + 2_000);
    // Call 2, at JsSIP: its own UPDATEs on its timer, each answered 200 by the kit with the interval, JsSIP still the refresher.
    const judyWire = await judy.wire();
    expect(judyWire.filter((m) => m.sent && isUpdate(m)).length).to.be.at.least(2);
    const kitAnswers = judyWire.filter((m) => !m.sent && answersToUpdate(m));
    expect(kitAnswers.map((m) => [m.firstLine, m.sessionExpires])).to.deep.equal([
      ['SIP/2.0 200 OK', `${JSSIP_INTERVAL};refresher=uac`],
      ['SIP/2.0 200 OK', `${JSSIP_INTERVAL};refresher=uac`],
    ]);
    expect(performance.now() - answered, 'past one whole interval').to.be.above(JSSIP_INTERVAL * 1_000 * 0.9);

    expect([(await heidi.state()).established, (await judy.state()).established]).to.deep.equal([true, true]);
    expect([kitRefreshes.state, jssipRefreshes.state]).to.deep.equal(['established', 'established']);
    await expectAudioBothWays(heidi, kitRefreshes, 'call 1 after two refreshes');
    await expectAudioBothWays(judy, jssipRefreshes, 'call 2 after two refreshes');
  });

  it('a far end that stops refreshing: the kit sends BYE before the interval ends (RFC 4028 §10) and reports session-expired', async () => {
    const kit = await mountProvider('grace', { phoneOptions: { sessionTimers: { expires: RAW_INTERVAL, minExpires: RAW_INTERVAL } } });
    raw = await RawSipPeer.open('heidi');
    const { call, response } = await rawCalls(kit, [`Session-Expires: ${RAW_INTERVAL};refresher=uac`]);
    expect(header(response, 'session-expires')).to.equal(`${RAW_INTERVAL};refresher=uac`);
    expect(header(response, 'require')).to.equal('timer');
    const answeredAt = performance.now();
    const error = nextEvent(kit, 'rc-error');
    const ended = nextEvent(kit, 'rc-call-ended');
    // Awaited below; a failure before then must not leave them unhandled.
    for (const event of [error, ended]) event.catch(() => undefined);

    const bye = await raw.waitForRequest((r) => r.method === 'BYE', 'the kit’s BYE', RAW_INTERVAL * 1_000 + 2_000);
    const after = performance.now() - answeredAt;
    // RFC 4028 §10: at expiry minus min(32 s, interval/3) = 6 − 2 = 4 s, never after the 6 s expiry.
    expect(after).to.be.within(3_800, RAW_INTERVAL * 1_000);
    expect(bye).to.not.equal(undefined);
    expect((await error).detail.code).to.equal('session-expired');
    expect((await ended).detail.reason).to.equal('failed');
    expect(call.state).to.equal('ended');
  });

  it('a refresh the far end refuses (481; Allow without UPDATE, so a re-INVITE): the kit ends the call at once with session-expired', async () => {
    const kit = await mountProvider('grace', { phoneOptions: { sessionTimers: { expires: RAW_INTERVAL, minExpires: RAW_INTERVAL } } });
    raw = await RawSipPeer.open('heidi');
    raw.answer = (request) => (request.method === 'INVITE' ? 481 : 200);
    const { response } = await rawCalls(kit, [`Session-Expires: ${RAW_INTERVAL}`], 'INVITE, ACK, BYE, CANCEL, OPTIONS');
    expect(header(response, 'session-expires'), 'the kit, as UAS, refreshes').to.equal(`${RAW_INTERVAL};refresher=uas`);
    const answeredAt = performance.now();
    const error = nextEvent(kit, 'rc-error');
    error.catch(() => undefined);

    const refresh = await raw.waitForRequest((r) => r.method === 'INVITE', 'the kit’s refresh', RAW_INTERVAL * 1_000);
    expect(performance.now() - answeredAt, 'at half the interval').to.be.within(2_800, 3_800);
    expect(header(refresh, 'session-expires')).to.equal(`${RAW_INTERVAL};refresher=uac`);
    expect(refresh.body, 'a refresh without an offer').to.equal('');
    await raw.waitForRequest((r) => r.method === 'BYE', 'the kit’s BYE after the refused refresh', 1_500);
    expect((await error).detail.code).to.equal('session-expired');
  });

  it('422: the kit refuses an interval below its 90 s floor with Min-SE 90; the caller’s retry with 90 is answered', async () => {
    const kit = await mountProvider('grace');
    raw = await RawSipPeer.open('heidi');
    let rang = false;
    kit.addEventListener('rc-call-incoming', () => (rang = true), { once: true });
    const offer = await audioOffer();
    const { response: refused } = await raw.invite('grace', offer.sdp, ['Session-Expires: 30', 'Supported: timer']);
    offer.pc.close();
    expect(refused.status).to.equal(422);
    expect(header(refused, 'min-se')).to.equal('90');
    expect(rang, 'the refused INVITE never rang').to.equal(false);

    const { response } = await rawCalls(kit, ['Session-Expires: 90']);
    expect(response.status).to.equal(200);
    expect(header(response, 'session-expires')).to.equal('90;refresher=uas');
  });

  it('422 from the far end: the kit sends the INVITE again with its Min-SE (same Call-ID, next CSeq) and the call is set up', async () => {
    const invites: Invitation[] = [];
    far = await registeredFarEnd('dave', (invitation) => {
      invites.push(invitation);
      if (invites.length === 1) void invitation.reject({ statusCode: 422, extraHeaders: ['Min-SE: 120'] });
      else void invitation.accept();
    });
    const kit = await mountProvider('erin');
    const call = await kit.phone!.call('dave');
    await waitFor(() => call.state === 'established', 'the call is set up after the 422');

    const [first, second] = invites.map((i) => i.request);
    expect([first!.getHeader('Session-Expires'), first!.getHeader('Min-SE')]).to.deep.equal(['1800', '90']);
    expect([second!.getHeader('Session-Expires'), second!.getHeader('Min-SE')]).to.deep.equal(['1800', '120']);
    expect(second!.callId).to.equal(first!.callId);
    expect(second!.cseq).to.equal(first!.cseq + 1);
    expect(invites).to.have.length(2);
  });
});

/** The raw peer (registered as nobody) calls the kit's user grace with a real offer; the kit answers. */
async function rawCalls(
  kit: RcPhoneProvider,
  timerHeaders: string[],
  allow = 'INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE',
): Promise<{ call: Call; response: SipMessage }> {
  const offer = await audioOffer();
  const ringing = nextEvent(kit, 'rc-call-incoming');
  const answered = raw!.invite('grace', offer.sdp, [...timerHeaders, 'Supported: timer', `Allow: ${allow}`]);
  const call = kit.phone!.getCall((await ringing).detail.callId)!;
  await call.answer();
  const { response } = await answered;
  await offer.accept(response.body);
  await waitFor(() => call.state === 'established', 'the kit answered');
  return { call, response };
}

async function registeredFarEnd(user: string, onInvite: (invitation: Invitation) => void): Promise<UserAgent> {
  const { servers, domain } = await rigConfig();
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${user}@${domain}`),
    transportOptions: { server: servers['primary'] },
    authorizationUsername: user,
    authorizationPassword: (await account(user)).password,
    sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 200 },
    logBuiltinEnabled: false,
    delegate: { onInvite },
  });
  await ua.start();
  const registerer = new Registerer(ua);
  await registerer.register();
  await waitFor(() => registerer.state === RegistererState.Registered, `${user} registers`);
  return ua;
}
