/**
 * Auto-answer (intercom), opt-in: a real far end (JsSIP, an independent SIP stack) calls
 * with `Call-Info: <sip:…>;answer-after=N`. With the provider's `autoAnswer` policy allowing
 * it, the banner counts down with an alert tone and the call is answered after N seconds —
 * asserted at JsSIP: its INVITE got 200 OK no sooner than N s after it left, and audio flows
 * both ways. With no policy, a policy that says no, or the user's Cancel, the call rings.
 */
import { expect } from '@open-wc/testing';
import type { AutoAnswerRequest } from '../../src/core/auto-answer.js';
import type { CallSnapshot } from '../../src/core/call.js';
import '../../src/elements/rc-incoming-call/rc-incoming-call.js';
import type { RcIncomingCall } from '../../src/elements/rc-incoming-call/rc-incoming-call.component.js';
import { IncomingCallHarness } from '../../src/elements/rc-incoming-call/rc-incoming-call.harness.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { TonePlayer, type ToneKind } from '../../src/services/tone-player.js';
import { SILENCE, audioStats, mountProvider, nextEvent, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';
import { JssipClient } from './jssip-client.js';

let peer: JssipClient | undefined;
let player: TonePlayer | undefined;

const intercom = (after: number): string[] => [`Call-Info: <sip:127.0.0.1>;answer-after=${after}`];

async function mount(): Promise<{ provider: RcPhoneProvider; banner: IncomingCallHarness; tones: ToneKind[] }> {
  const provider = await mountProvider('frank', { children: '<rc-incoming-call></rc-incoming-call>' });
  const element = provider.querySelector<RcIncomingCall>('rc-incoming-call')!;
  const tones: ToneKind[] = [];
  player = new TonePlayer();
  player.addEventListener('play', (e) => tones.push((e as CustomEvent<{ kind: ToneKind }>).detail.kind));
  element.tonePlayer = player;
  return { provider, banner: new IncomingCallHarness(element), tones };
}

/** JsSIP (dave) calls the kit (frank) with `headers`; resolves once it rings at the kit. */
async function ring(provider: RcPhoneProvider, headers: readonly string[]): Promise<string> {
  const incoming = nextEvent(provider, 'rc-call-incoming');
  await peer!.dial(await sipUri('frank'), { extraHeaders: headers });
  return (await incoming).detail.callId;
}

/** The kit's own call (not the published snapshot, a task later): its state and autoAnswerAt. */
function unanswered(provider: RcPhoneProvider, callId: string): [string | undefined, number | undefined] {
  const call = provider.phone!.getCall(callId)?.snapshot();
  return [call?.state, call?.autoAnswerAt];
}

/** JsSIP's INVITE and the 200 OK it received for it, from its own socket. */
async function inviteAndOk(): Promise<{ invite: number; ok: number | undefined }> {
  const wire = await peer!.wire();
  const invite = wire.find((m) => m.sent && m.firstLine.startsWith('INVITE '));
  const ok = wire.find((m) => !m.sent && m.firstLine === 'SIP/2.0 200 OK' && / INVITE$/.test(m.cseq));
  return { invite: invite?.at ?? NaN, ok: ok?.at };
}

describe('auto-answer (intercom)', () => {
  beforeEach(async () => {
    peer = await JssipClient.start('dave');
  });
  afterEach(async () => {
    await unmountAll();
    player?.dispose();
    await peer?.call('stop').catch(() => undefined);
    await peer?.close();
    peer = undefined;
  });

  it('answers after answer-after=1 when the policy allows, with a countdown and an alert; JsSIP gets 200 OK and audio flows', async () => {
    const { provider, banner, tones } = await mount();
    const asked: { call: CallSnapshot; request: AutoAnswerRequest }[] = [];
    provider.autoAnswer = (call, request) => {
      asked.push({ call, request });
      return Promise.resolve(true);
    };
    const callId = await ring(provider, intercom(1));
    await waitFor(() => banner.autoAnswer === 'Answering automatically in 1 s', 'the banner counts down');
    expect(asked.map(({ call, request }) => [call.remote.user, request])).to.deep.equal([['dave', { after: 1, header: 'Call-Info' }]]);
    expect(provider.snapshot.calls[0]?.autoAnswerAt).to.be.a('number');
    // The alert, not the ringtone.
    await waitFor(() => tones.includes('auto-answer'), 'the alert tone plays');
    expect(tones).to.not.include('ring');

    await nextEvent(provider, 'rc-call-state-change', (e) => e.detail.callId === callId && e.detail.state === 'established');
    await waitFor(async () => (await peer!.state()).established, 'JsSIP sees the call answered');
    const { invite, ok } = await inviteAndOk();
    expect(ok, 'JsSIP received 200 OK to its INVITE').to.be.a('number');
    // Not at once: after the second the caller asked for (JsSIP's own clock).
    expect(ok! - invite).to.be.at.least(950);
    expect(provider.snapshot.calls[0]?.autoAnswerAt).to.equal(undefined);

    const at = await peer!.stats();
    const call = provider.phone!.getCall(callId)!;
    const kit = await audioStats(call.peerConnection);
    await waitFor(async () => {
      const now = await peer!.stats();
      return now.packetsReceived > at.packetsReceived && now.receivedEnergy - at.receivedEnergy > SILENCE && now.packetsSent > at.packetsSent;
    }, 'JsSIP hears the kit and sends audio');
    await waitFor(async () => (await audioStats(call.peerConnection)).receivedEnergy - kit.receivedEnergy > SILENCE, 'the kit hears JsSIP');
  });

  it('rings without a policy, and when the policy says no', async () => {
    const { provider, banner, tones } = await mount();
    const first = await ring(provider, intercom(0));
    // The phone decides within microtasks of the call ringing, long before the ringtone (an
    // AudioContext opened) plays: an auto-answer would show by then as the call's autoAnswerAt,
    // or (answer-after=0) as the call no longer ringing.
    await waitFor(() => tones.includes('ring'), 'it rings');
    expect(unanswered(provider, first)).to.deep.equal(['ringing', undefined]);
    expect((await peer!.state()).established, 'JsSIP’s call is not answered').to.equal(false);
    expect(banner.autoAnswer).to.equal('');
    const declined = nextEvent(provider, 'rc-call-ended');
    await banner.decline();
    await declined;
    await waitFor(async () => (await peer!.state()).ended, 'JsSIP’s call ended');

    let asked = 0;
    provider.autoAnswer = () => (asked++, false);
    const second = await ring(provider, intercom(0));
    expect(second).to.not.equal(first);
    await waitFor(() => asked === 1, 'the policy is asked');
    // Its answer is acted on at once (a task has passed since): no auto-answer planned or done.
    expect(unanswered(provider, second)).to.deep.equal(['ringing', undefined]);
    expect((await peer!.state()).established, 'JsSIP’s second call is not answered').to.equal(false);
    expect(provider.snapshot.calls.map((call) => [call.state, call.autoAnswerAt])).to.deep.equal([['ringing', undefined]]);
  });

  it('Cancel on the banner stops the auto-answer: the call rings on past its time', async () => {
    const { provider, banner, tones } = await mount();
    provider.autoAnswer = () => true;
    await ring(provider, intercom(2));
    await waitFor(() => banner.autoAnswer.startsWith('Answering automatically in'), 'the banner counts down');
    const due = provider.snapshot.calls[0]!.autoAnswerAt!;
    await banner.cancelAutoAnswer();
    await waitFor(() => banner.autoAnswer === '' && tones.includes('ring'), 'the countdown goes and the ringtone starts');
    expect(provider.snapshot.calls[0]?.autoAnswerAt).to.equal(undefined);
    // Past the time the call would have answered itself (the answer takes a round trip more).
    await waitFor(() => Date.now() > due + 200, 'the time the auto-answer was due', 5_000);
    expect((await peer!.state()).established, 'JsSIP’s call is not answered').to.equal(false);
    expect(provider.snapshot.calls[0]?.state).to.equal('ringing');
  });
});
