/**
 * A far end that refuses re-INVITEs, as some PBXs and gateways do: 488 Not Acceptable Here,
 * 491 Request Pending (glare) once or twice, 500, or no final answer at all. A glare is
 * retried once after RFC 3261 §14.1's pause; any other refusal fails the hold (or resume)
 * with `hold-failed` and the call goes on as it was, with audio both ways. The far end is
 * plain sip.js with real media (the browser's fake microphone); every check is read there.
 */
import { expect } from '@open-wc/testing';
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Core, type Invitation, type Session, type Web } from 'sip.js';
import type { Call } from '../../src/core/call.js';
import type { PhoneError } from '../../src/core/errors.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import {
  SILENCE,
  account,
  type MountOptions,
  expectAudioFlowing,
  mountProvider,
  nextEvent,
  receivedEnergyOver,
  rigConfig,
  unmountAll,
  waitFor,
} from '../rig/phone-rig.js';

interface FarEnd {
  readonly ua: UserAgent;
  /** The far end's call, once there is one. */
  session: Session | undefined;
}

async function farEnd(user: string): Promise<FarEnd> {
  const { servers, domain } = await rigConfig();
  const acct = await account(user);
  const end: FarEnd = {
    ua: new UserAgent({
      uri: UserAgent.makeURI(`sip:${user}@${domain}`),
      transportOptions: { server: servers['primary'] },
      authorizationUsername: user,
      authorizationPassword: acct.password,
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 200 },
      logBuiltinEnabled: false,
      delegate: {
        onInvite: (invitation: Invitation) => {
          end.session = invitation;
          void invitation.accept();
        },
      },
    }),
    session: undefined,
  };
  await end.ua.start();
  const registerer = new Registerer(end.ua);
  await registerer.register();
  await waitFor(() => registerer.state === RegistererState.Registered, `${user} registers`);
  return end;
}

/** From now on the far end answers every re-INVITE, with or without an offer, with 488. */
function refuseReinvites(session: Session): void {
  session.sessionDescriptionHandlerModifiersReInvite = [() => Promise.reject(new Error('this far end refuses re-INVITEs'))];
}

/** A re-INVITE as the far end received it. */
interface Reinvite {
  readonly at: number;
  readonly sdp: string;
  readonly request: Core.IncomingInviteRequest;
}

/**
 * From now on the far end answers the next re-INVITEs with `plan`'s statuses in turn
 * (`'silent'`: no final answer at all), and later ones as sip.js does (200 with an answer).
 * Returns the re-INVITEs it received.
 */
function answerReinvites(session: Session, plan: (number | 'silent')[]): Reinvite[] {
  const received: Reinvite[] = [];
  // sip.js dispatches the dialog's re-INVITEs to this (protected) method of the session.
  const target = session as unknown as { onInviteRequest: (request: Core.IncomingInviteRequest) => void };
  const accept = target.onInviteRequest.bind(session);
  target.onInviteRequest = (request) => {
    received.push({ at: performance.now(), sdp: request.message.body, request });
    const status = plan.shift();
    if (status === undefined) accept(request);
    else if (status !== 'silent') request.reject({ statusCode: status });
  };
  return received;
}

/** The audio section's direction (Firefox also writes one at session level). */
const direction = (sdp: string): string | undefined => /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(sdp.slice(sdp.indexOf('m=audio')))?.[1];

const peerConnectionOf = (session: Session | undefined): RTCPeerConnection | undefined =>
  (session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;

const ends: FarEnd[] = [];

describe('a hold the far end refuses', () => {
  afterEach(async () => {
    await unmountAll();
    await Promise.all(ends.splice(0).map((end) => end.ua.stop()));
  });

  for (const side of ['callee', 'caller'] as const) {
    it(`the kit as the ${side}: hold-failed, the call is not held, audio still flows both ways`, async () => {
      const bob = await mountProvider('bob');
      const carol = await farEnd('carol');
      ends.push(carol);
      const { domain } = await rigConfig();
      if (side === 'callee') {
        const ringing = nextEvent(bob, 'rc-call-incoming');
        const inviter = new Inviter(carol.ua, UserAgent.makeURI(`sip:bob@${domain}`)!);
        carol.session = inviter;
        await inviter.invite();
        await bob.phone!.getCall((await ringing).detail.callId)!.answer();
      } else {
        await bob.phone!.call('carol');
      }
      await waitFor(() => carol.session?.state === SessionState.Established, 'the call is up');
      const call = bob.phone!.calls[0]!;
      await waitFor(() => call.state === 'established', 'established for the kit');
      await expectBothWays(bob, call.peerConnection, carol);

      refuseReinvites(carol.session!);
      const refused = await call.hold().then(
        () => undefined,
        (error: unknown) => error as PhoneError,
      );
      expect(refused?.code).to.equal('hold-failed');
      expect(call.held).to.equal(false);
      expect(bob.snapshot.calls[0]!.held).to.equal(false);
      await expectBothWays(bob, call.peerConnection, carol);

      const ended = nextEvent(bob, 'rc-call-ended');
      await call.hangup();
      expect((await ended).detail.reason).to.equal('local-hangup');
    });
  }
});

/** The kit (bob) calls the sip.js far end (carol); resolves once both have the call up with audio. */
async function established(phoneOptions: MountOptions['phoneOptions'] = {}): Promise<{ bob: RcPhoneProvider; carol: FarEnd; call: Call }> {
  const bob = await mountProvider('bob', { phoneOptions });
  const carol = await farEnd('carol');
  ends.push(carol);
  await bob.phone!.call('carol');
  await waitFor(() => carol.session?.state === SessionState.Established, 'the call is up');
  const call = bob.phone!.calls[0]!;
  await waitFor(() => call.state === 'established', 'established for the kit');
  return { bob, carol, call };
}

const failure = (action: Promise<void>): Promise<PhoneError | undefined> =>
  action.then(
    () => undefined,
    (error: unknown) => error as PhoneError,
  );

describe('hold and resume against re-INVITE refusals', () => {
  afterEach(async () => {
    await unmountAll();
    await Promise.all(ends.splice(0).map((end) => end.ua.stop()));
  });

  it('491 once, then 200: the hold is retried after RFC 3261 §14.1 pause and succeeds', async () => {
    const { bob, carol, call } = await established();
    const reinvites = answerReinvites(carol.session!, [491]);
    await call.hold();
    expect(reinvites.map((r) => direction(r.sdp))).to.deep.equal(['sendonly', 'sendonly']);
    // The kit placed the call, so it owns the Call-ID: 2.1–4 s.
    expect(reinvites[1]!.at - reinvites[0]!.at).to.be.at.least(2_100);
    expect(bob.snapshot.calls[0]!.held).to.equal(true);
    // The far end answered the hold: it now only receives.
    const farTransceiver = peerConnectionOf(carol.session)!.getTransceivers()[0]!;
    expect(farTransceiver.currentDirection).to.equal('recvonly');
    await call.unhold();
    await expectBothWays(bob, call.peerConnection, carol);
  });

  for (const [what, plan] of [
    ['491 twice', [491, 491]],
    ['500', [500]],
  ] as const) {
    it(`${what}: hold-failed, not held, audio both ways`, async () => {
      const { bob, carol, call } = await established();
      const reinvites = answerReinvites(carol.session!, [...plan]);
      expect((await failure(call.hold()))?.code).to.equal('hold-failed');
      expect(reinvites).to.have.length(plan.length);
      expect(call.held).to.equal(false);
      expect(bob.snapshot.calls[0]!.held).to.equal(false);
      await expectBothWays(bob, call.peerConnection, carol);
    });
  }

  it('no final answer: hold-failed, the call unchanged, and a later hold works', async () => {
    // The kit CANCELs after responseTimeout, then gives up after another (the far end, sip.js,
    // sends no 487 for a CANCELed re-INVITE): 2 s each keeps the test short.
    const { bob, carol, call } = await established({ reconnect: { responseTimeout: 2_000 } });
    const reinvites = answerReinvites(carol.session!, ['silent']);
    expect((await failure(call.hold()))?.code).to.equal('hold-failed');
    expect(reinvites).to.have.length(1);
    expect(bob.snapshot.calls[0]!.held).to.equal(false);
    await expectBothWays(bob, call.peerConnection, carol);
    // The far end ends its forgotten transaction at last (RFC 3261 §9.2's 487, too late for the
    // kit, which has given up on it); until then it would refuse any re-INVITE with 500 (§14.2).
    reinvites[0]!.request.reject({ statusCode: 487 });
    await call.hold();
    expect(reinvites.map((r) => direction(r.sdp))).to.deep.equal(['sendonly', 'sendonly']);
    expect(bob.snapshot.calls[0]!.held).to.equal(true);
    expect(peerConnectionOf(carol.session)!.getTransceivers()[0]!.currentDirection).to.equal('recvonly');
  });

  it('resume refused with 500: hold-failed, still held', async () => {
    const { bob, carol, call } = await established();
    await call.hold();
    const reinvites = answerReinvites(carol.session!, [500]);
    expect((await failure(call.unhold()))?.code).to.equal('hold-failed');
    expect(reinvites.map((r) => direction(r.sdp))).to.deep.equal(['sendrecv']);
    expect(call.held).to.equal(true);
    expect(bob.snapshot.calls[0]!.held).to.equal(true);
    expect(peerConnectionOf(carol.session)!.getTransceivers()[0]!.currentDirection).to.equal('recvonly');
    await call.unhold();
    await expectBothWays(bob, call.peerConnection, carol);
  });
});

/** Audio reaches each end, and it is sound (the fake microphone's beeps), not silence. */
async function expectBothWays(bob: RcPhoneProvider, kit: RTCPeerConnection | undefined, carol: FarEnd): Promise<void> {
  // Chromium measures received audio energy only for audio that plays.
  const handler = carol.session?.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
  const player = new Audio();
  player.srcObject = handler?.remoteMediaStream ?? null;
  await player.play();
  await expectAudioFlowing(kit, 'the kit');
  await expectAudioFlowing(peerConnectionOf(carol.session), 'the far end');
  expect(await receivedEnergyOver(kit, 1_500), 'the kit hears the far end').to.be.above(SILENCE);
  expect(await receivedEnergyOver(peerConnectionOf(carol.session), 1_500), 'the far end hears the kit').to.be.above(SILENCE);
  expect(bob.snapshot.calls).to.have.length(1);
  player.srcObject = null;
}
