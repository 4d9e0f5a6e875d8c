/**
 * A far end that refuses re-INVITEs (488 Not Acceptable Here), as some PBXs and gateways
 * do: the kit's hold fails with `hold-failed` and the call goes on as it was, with audio
 * both ways, whichever side placed the call. The far end is plain sip.js with real media
 * (Chromium's fake microphone), made to refuse every offer or answer after the first.
 */
import { expect } from '@open-wc/testing';
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Invitation, type Session, type Web } from 'sip.js';
import type { PhoneError } from '../../src/core/errors.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { SILENCE, account, expectAudioFlowing, mountProvider, nextEvent, receivedEnergyOver, rigConfig, unmountAll, waitFor } from '../rig/phone-rig.js';

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
