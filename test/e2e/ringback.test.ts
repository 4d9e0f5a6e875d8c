/**
 * Ringback: a far end that answers the kit's INVITE with 180 Ringing and no SDP is heard as a
 * local ringback tone, played by `<rc-call-controls>` through the tone player; when it sends
 * early media (183 with SDP) that is heard instead, and the ringback stops. The tone is checked by listening to the
 * player's monitor (an AnalyserNode of its AudioContext): its level and its frequencies. The
 * far end is plain sip.js with real media (Chromium's fake microphone).
 */
import { expect } from '@open-wc/testing';
import { Registerer, RegistererState, UserAgent, type Invitation } from 'sip.js';
import type { RcCallControls } from '../../src/elements/rc-call-controls/rc-call-controls.component.js';
import { CallControlsHarness } from '../../src/elements/rc-call-controls/rc-call-controls.harness.js';
import '../../src/elements/rc-call-controls/rc-call-controls.js';
import { RINGBACK_CADENCES, TonePlayer, type TonePlayDetail } from '../../src/services/tone-player.js';
import { SILENCE, account, audioStats, mountProvider, rigConfig, unmountAll, waitFor } from '../rig/phone-rig.js';
import { hearsTone, toneLevel } from '../rig/tone-monitor.js';

let far: UserAgent | undefined;
let player: TonePlayer | undefined;

/** The far end 'dave': 180 Ringing to each INVITE (sip.js sends it itself), then `progress` (180 again, or 183 with SDP). */
async function farEnd(progress: 180 | 183, invitations: Invitation[]): Promise<UserAgent> {
  const { servers, domain } = await rigConfig();
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:dave@${domain}`),
    transportOptions: { server: servers['primary'] },
    authorizationUsername: 'dave',
    authorizationPassword: (await account('dave')).password,
    sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 200 },
    logBuiltinEnabled: false,
    delegate: {
      onInvite: (incoming) => {
        invitations.push(incoming);
        // sip.js has sent its 180 without a body already; it makes a 183 into one with its answer (early media).
        void incoming.progress({ statusCode: progress });
      },
    },
  });
  await ua.start();
  const registerer = new Registerer(ua);
  await registerer.register();
  await waitFor(() => registerer.state === RegistererState.Registered, 'dave registers');
  return ua;
}

/** erin's provider with `<rc-call-controls ringback="etsi">` playing through a player the test listens to. */
async function kitWithControls(): Promise<{ controls: RcCallControls; played: TonePlayDetail[]; monitor: AnalyserNode; call: () => Promise<void> }> {
  const kit = await mountProvider('erin', { children: '<rc-call-controls ringback="etsi"></rc-call-controls>' });
  const controls = kit.querySelector('rc-call-controls')!;
  player = new TonePlayer();
  controls.tonePlayer = player;
  const played: TonePlayDetail[] = [];
  player.addEventListener('play', (e) => played.push((e as CustomEvent<TonePlayDetail>).detail));
  return { controls, played, monitor: player.monitor(), call: () => kit.phone!.call('dave').then(() => undefined) };
}

describe('ringback', () => {
  afterEach(async () => {
    await unmountAll();
    player?.dispose();
    player = undefined;
    await far?.stop();
    far = undefined;
  });

  it('180 without SDP: "Ringing…" and the ETSI ringback (425 Hz) sounds; the answer stops it', async () => {
    const invitations: Invitation[] = [];
    far = await farEnd(180, invitations);
    const { controls, played, monitor, call } = await kitWithControls();
    const ui = new CallControlsHarness(controls);
    await call();

    await hearsTone(monitor, RINGBACK_CADENCES.etsi.frequencies, 5_000);
    expect(ui.status).to.equal('Ringing…');
    expect(player!.ringbackOn).to.deep.equal({ sinkId: '', cadence: 'etsi' });
    expect(played.filter((p) => p.kind === 'ringback')).to.deep.equal([{ kind: 'ringback', sinkId: '', cadence: 'etsi' }]);

    await invitations[0]!.accept();
    await waitFor(() => ui.status === 'Connected', 'answered');
    expect(player!.ringbackOn).to.equal(undefined);
    expect(await toneLevel(monitor), 'the ringback is silent after the answer').to.be.below(1e-4);
  });

  it('183 with SDP after the 180 (early media): the far end’s audio plays and the ringback stops', async () => {
    const invitations: Invitation[] = [];
    far = await farEnd(183, invitations);
    const { controls, played, monitor, call } = await kitWithControls();
    const ui = new CallControlsHarness(controls);
    await call();
    const kit = controls.closest('rc-phone-provider')!;
    await waitFor(() => kit.snapshot.calls[0]?.earlyMedia === true, 'early media');
    const outgoing = kit.phone!.calls[0]!;
    const before = await audioStats(outgoing.peerConnection);
    await waitFor(async () => (await audioStats(outgoing.peerConnection)).receivedEnergy - before.receivedEnergy > SILENCE, 'the early audio is heard');

    expect(ui.status).to.equal('Ringing…');
    expect(player!.ringbackOn).to.equal(undefined);
    expect(await toneLevel(monitor), 'no ringback tone over the early media').to.be.below(1e-4);
    // sip.js rings (180) before its 183, as many gateways do: the ringback may have begun, once.
    expect(played.filter((p) => p.kind === 'ringback').length).to.be.at.most(1);
  });
});
