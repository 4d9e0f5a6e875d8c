/**
 * Recordings the RingCentral platform starts by itself (automatic call recording, the Call
 * Control API): the kit reads the call's telephony session from the emulator with the real
 * SDK, over calls the platform peer sets up through Kamailio, and shows what it finds on
 * every element — without ever clearing the user's own recording on a read that does not
 * list it, and without asking again once the app is refused the Call Control API.
 */
import { expect } from '@open-wc/testing';
import type { RcCallControls } from '../../src/elements/rc-call-controls/rc-call-controls.component.js';
import { CallControlsHarness } from '../../src/elements/rc-call-controls/rc-call-controls.harness.js';
import '../../src/elements/rc-call-controls/rc-call-controls.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { commandsOf, nextEvent, waitFor } from '../rig/phone-rig.js';
import { phoneIn } from './elements-helpers.js';
import { leavePlatform, signedInWithPlatform, type PlatformCallIds, type PlatformPeer } from './ringcentral-peer.js';
import { ALICE_SIP, BOB_SIP, disposeAuths, emulator, emulatorLog, resetEmulator, setFaults, signedInAuth, type LogEntry } from './ringcentral-rig.js';

const KIT = `sip:${ALICE_SIP}@127.0.0.1`;
const SESSIONS = '/restapi/v1.0/account/~/telephony/sessions/';
/** The kit's second read of a call's session, in ms after the answer (platform-recordings.ts). */
const SECOND_CHECK_MS = 3_000;

/** The `P-rc` header the platform puts on an incoming INVITE (contract, "SIP over WSS"). */
const prc = (sid: string): string =>
  `<Msg><Hdr SID="${sid}" Req="req-${sid}" From="${BOB_SIP}@127.0.0.1" To="${ALICE_SIP}@127.0.0.1" Cmd="6"/><Bdy Phn="+16505550102" Nm="Bob Example" ToPhn="+16505550101" ToNm="Alice Example"/></Msg>`;

/** The kit's reads of telephony sessions, as the emulator answered them. */
const sessionReads = async (): Promise<LogEntry[]> =>
  (await emulatorLog(await emulator())).filter((entry) => entry.method === 'GET' && entry.path.startsWith(SESSIONS));

/** Automatic call recording or someone's Call Control API request starts (or pauses) this party's recording. */
async function platformRecords(ids: PlatformCallIds, active: boolean): Promise<void> {
  const body = JSON.stringify({ telephonySessionId: ids.telephonySessionId, partyId: ids.partyId, active });
  const response = await fetch(`${await emulator()}/__emulator/telephony/recording`, { method: 'POST', body });
  if (response.status !== 204) throw new Error(`telephony/recording: HTTP ${response.status}`);
}

/** Fails if `condition` stops holding within `ms` (a state that must survive what just happened). */
async function holds(condition: () => boolean, message: string, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    expect(condition(), message).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until `ms` after `since` (performance.now()): the moment a check of the kit's schedule is due. */
const until = (since: number, ms: number): Promise<void> => waitFor(() => performance.now() >= since + ms, `${ms} ms after the answer`, ms + 5_000);

describe('RingCentral: recordings the platform starts', () => {
  let provider: RcPhoneProvider;
  let peer: PlatformPeer | undefined;
  let logs: [string, string][];
  let errors: string[];
  const onError = (event: HTMLElementEventMap['rc-error']): number => errors.push(`${event.detail.code}: ${event.detail.error.message}`);

  async function signIn(faults?: Record<string, unknown>): Promise<void> {
    logs = [];
    errors = [];
    ({ provider, platform: peer } = await signedInWithPlatform({ logger: (level, message) => logs.push([level, message]) }, faults));
    provider.addEventListener('rc-error', onError);
  }

  afterEach(async () => {
    provider.removeEventListener('rc-error', onError);
    await leavePlatform(peer);
    peer = undefined;
  });

  const recording = (callId: string): boolean | undefined => provider.snapshot.calls.find((call) => call.id === callId)?.recording;

  /** The kit calls the peer, which answers; resolves with the call's id and when it was answered. */
  async function answeredCall(): Promise<{ callId: string; answeredAt: number }> {
    const up = nextEvent(provider, 'rc-call-state-change', (e) => e.detail.state === 'established');
    const call = await provider.phone!.call(BOB_SIP);
    await up;
    return { callId: call.id, answeredAt: performance.now() };
  }

  it('automatic call recording: recording in the snapshot, rc-call-update and every element once the call is answered', async () => {
    await signIn();
    const controls = provider.appendChild(document.createElement('rc-call-controls')) as RcCallControls;
    provider.appendChild(document.createElement('rc-phone'));
    const incoming = nextEvent(provider, 'rc-call-incoming');
    await peer!.call(KIT, prc('sid-acr'));
    const { call } = (await incoming).detail;
    const ids = peer!.apiIds;
    expect(call.platformIds).to.deep.equal({ telephonySessionId: ids.telephonySessionId, partyId: ids.partyId });
    // The extension's calls are recorded from the answer on.
    await platformRecords(ids, true);

    const recorded = nextEvent(provider, 'rc-call-update', (e) => e.detail.call.recording);
    expect(await commandsOf(provider).answer(call.id)).to.equal(true);
    expect((await recorded).detail.callId).to.equal(call.id);
    expect(recording(call.id)).to.equal(true);
    await waitFor(() => new CallControlsHarness(controls).status.includes('Recording'), '<rc-call-controls> shows Recording');
    const phone = await phoneIn(provider);
    await waitFor(() => phone.callControls.status.includes('Recording'), '<rc-phone> shows Recording');
    // Its button now offers to stop the recording.
    expect(new CallControlsHarness(controls).actions).to.include('stop-record');

    expect((await sessionReads()).map((e) => [e.path, e.status])).to.deep.equal([[SESSIONS + ids.telephonySessionId, 200]]);
    expect(errors).to.deep.equal([]);
  });

  it('a recording someone starts during the call shows at the kit’s next read of the session', async function () {
    // The next read is 3 s after the answer, or, on a machine slow enough to start the
    // recording after that one, 15 s.
    this.timeout(45_000);
    await signIn();
    const { callId } = await answeredCall();
    await waitFor(async () => (await sessionReads()).length === 1, 'the read as the call is answered');
    expect(recording(callId)).to.equal(false);

    await platformRecords(peer!.apiIds, true);
    const before = (await sessionReads()).length;
    const recorded = nextEvent(provider, 'rc-call-update', (e) => e.detail.call.recording, 20_000);
    expect((await recorded).detail.callId).to.equal(callId);
    // Shown by the first read after the platform started it.
    const reads = await sessionReads();
    expect(reads.length).to.equal(before + 1);
    expect(reads.every((e) => e.status === 200)).to.equal(true);
  });

  it('the user’s own Record keeps working: a read that does not list it does not clear it', async () => {
    await signIn();
    const { callId } = await answeredCall();
    await waitFor(async () => (await sessionReads()).length === 1, 'the read as the call is answered');
    const commands = commandsOf(provider);
    expect(await commands.providerAction(callId, 'record', { on: true })).to.deep.equal({ result: { recording: true } });
    expect(recording(callId)).to.equal(true);

    // The next read: the session lists no recording of this party (the platform peer took the INFO).
    await waitFor(async () => (await sessionReads()).length === 2, 'the second read of the session');
    await holds(() => recording(callId) === true, 'the user’s recording is still shown', 500);

    expect(await commands.providerAction(callId, 'record', { on: false })).to.deep.equal({ result: { recording: false } });
    expect(recording(callId)).to.equal(false);
    expect(errors).to.deep.equal([]);
  });

  it('a read sent before the user stopped the recording does not turn it back on', async function () {
    this.timeout(40_000);
    await signIn();
    const { callId, answeredAt } = await answeredCall();
    await platformRecords(peer!.apiIds, true);
    // Not the read as the call is answered (set up before it), but the next: it leaves at 3 s and its answer is held 2.5 s.
    await waitFor(async () => (await sessionReads()).length === 1, 'the read as the call is answered');
    await setFaults(await emulator(), { delay: { path: SESSIONS + peer!.apiIds.telephonySessionId, ms: 2_500 } });
    await waitFor(() => recording(callId) === true, 'the platform’s recording is shown', SECOND_CHECK_MS + 5_000);

    // While that read is held, the user stops the recording, and the platform with it.
    await until(answeredAt, SECOND_CHECK_MS + 500);
    expect(await commandsOf(provider).providerAction(callId, 'record', { on: false })).to.deep.equal({ result: { recording: false } });
    await platformRecords(peer!.apiIds, false);
    expect(recording(callId)).to.equal(false);

    await waitFor(async () => (await sessionReads()).length === 2, 'the held read is answered', 10_000);
    await holds(() => recording(callId) === false, 'the stale read left the recording off', 500);
  });

  it('an app without the CallControl permission (403): nothing shown, no rc-error, logged once, no more reads in this sign-in', async function () {
    this.timeout(40_000);
    await signIn({ noCallControl: true });
    const first = await answeredCall();
    await waitFor(async () => (await sessionReads()).length === 1, 'the read as the call is answered');
    expect((await sessionReads()).map((e) => [e.status, e.errorCode])).to.deep.equal([[403, 'CMN-401']]);
    await platformRecords(peer!.apiIds, true);
    await until(first.answeredAt, SECOND_CHECK_MS + 500);
    expect(recording(first.callId)).to.equal(false);
    const ended = nextEvent(provider, 'rc-call-ended');
    await commandsOf(provider).hangup(first.callId);
    await ended;

    // A second call of the same sign-in: no read at all, not even as it is answered.
    const second = await answeredCall();
    await until(second.answeredAt, SECOND_CHECK_MS + 500);
    expect((await sessionReads()).length).to.equal(1);
    expect(errors).to.deep.equal([]);
    const told = logs.filter(([, message]) => message.includes('Call Control API'));
    expect(told).to.deep.equal([['debug', 'RingCentral refused the Call Control API (403 CMN-401); recordings the platform starts are not shown.']]);
  });

  it('a call that ends while its session is being read: no error, and no read after the end', async function () {
    this.timeout(40_000);
    await signIn();
    const incoming = nextEvent(provider, 'rc-call-incoming');
    await peer!.call(KIT, prc('sid-end'));
    const { call } = (await incoming).detail;
    // The read as the call is answered is held 1.5 s; the call ends 0.3 s into it.
    const path = SESSIONS + peer!.apiIds.telephonySessionId;
    await setFaults(await emulator(), { delay: { path, ms: 1_500 } });
    const up = nextEvent(provider, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await commandsOf(provider).answer(call.id);
    await up;
    const answeredAt = performance.now();
    await until(answeredAt, 300);
    const ended = nextEvent(provider, 'rc-call-ended');
    await commandsOf(provider).hangup(call.id);
    await ended;

    await until(answeredAt, SECOND_CHECK_MS + 500);
    expect((await sessionReads()).map((e) => e.path)).to.deep.equal([path]);
    expect(errors).to.deep.equal([]);
  });
});

describe('RingCentral: the reads the kit aborts', () => {
  it('aborting a read through the SDK ends it at once, though the kit’s own request timeout is on every request too', async () => {
    const server = await emulator();
    await resetEmulator(server);
    const auth = await signedInAuth(server);
    try {
      const path = '/restapi/v1.0/account/~/extension/~';
      await setFaults(server, { delay: { path, ms: 3_000 } });
      const aborting = new AbortController();
      const started = performance.now();
      const read = auth.platform.get(path, undefined, { signal: aborting.signal }).then(
        () => 'answered',
        () => 'aborted',
      );
      setTimeout(() => aborting.abort(), 100);
      expect(await read).to.equal('aborted');
      expect(performance.now() - started, 'ms until the read ended').to.be.below(1_500);
    } finally {
      disposeAuths();
    }
  });
});
