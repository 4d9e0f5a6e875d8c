/**
 * A far end that is not the kit: plain sip.js 0.21 (its own default session description
 * handler, the browser's fake microphone), registered on the project's Kamailio. It records
 * every INVITE it receives — when, and with which SDP — so a test asserts at the peer what
 * the kit put on the wire, and `onInvite` decides how each call is answered (or refused).
 */
import { Registerer, RegistererState, UserAgent, type Invitation, type Web } from 'sip.js';
import { account, rigConfig, waitFor } from '../rig/phone-rig.js';

export interface ReceivedInvite {
  /** `performance.now()` when the INVITE reached the far end. */
  readonly at: number;
  readonly sdp: string;
  readonly invitation: Invitation;
}

export interface FarEnd {
  readonly ua: UserAgent;
  /** Initial INVITEs received, in order. */
  readonly invites: ReceivedInvite[];
  stop(): Promise<void>;
}

/** Registers `user` as a plain sip.js phone that answers each INVITE with `onInvite` (default: accept). */
export async function sipjsFarEnd(user: string, onInvite: (invitation: Invitation) => void = (i) => void i.accept()): Promise<FarEnd> {
  const { servers, domain } = await rigConfig();
  const acct = await account(user);
  const invites: ReceivedInvite[] = [];
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${user}@${domain}`),
    transportOptions: { server: servers['primary'] },
    authorizationUsername: user,
    authorizationPassword: acct.password,
    sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 200 },
    logBuiltinEnabled: false,
    delegate: {
      onInvite: (invitation) => {
        invites.push({ at: performance.now(), sdp: invitation.request.body, invitation });
        onInvite(invitation);
      },
    },
  });
  await ua.start();
  const registerer = new Registerer(ua);
  await registerer.register();
  await waitFor(() => registerer.state === RegistererState.Registered, `${user} registers`);
  return {
    ua,
    invites,
    async stop() {
      await registerer.unregister().catch(() => undefined);
      await ua.stop();
    },
  };
}

/** The session version of an SDP's o= line: it grows with each new offer or answer (RFC 3264 §8). */
export const sdpSessionVersion = (sdp: string | undefined): number => Number(/^o=\S+ \S+ (\d+)/m.exec(sdp ?? '')?.[1] ?? NaN);

/** Plays the far end's received audio: Chromium measures received audio energy only for audio that plays. */
export async function playAtFarEnd(invitation: Invitation): Promise<() => void> {
  const player = new Audio();
  player.srcObject = (invitation.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.remoteMediaStream ?? null;
  await player.play();
  return () => {
    player.srcObject = null;
  };
}
