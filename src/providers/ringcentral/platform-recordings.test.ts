import { expect } from '@open-wc/testing';
import type { Call } from '../../core/call.js';
import type { LogLevel } from '../../core/log.js';
import { CallState } from '../../core/states.js';
import { PlatformRecordings, RECORDING_CHECKS_MS, type CallControlAccess } from './platform-recordings.js';

/**
 * The schedule, the stops and the stale reads of PlatformRecordings, with a scripted platform
 * (the end-to-end suite, test/e2e/ringcentral-recording.test.ts, runs it against the emulator
 * with the real SDK; here the timings are shortened and each answer is chosen).
 */
type Answer = () => Promise<Response>;

interface FakeCall {
  state: CallState;
  recording: boolean;
  snapshot(): { platformIds: { telephonySessionId: string; partyId: string } };
  setRecording(on: boolean): void;
}

const fakeCall = (session = 's-1', party = 'p-1'): FakeCall => ({
  state: CallState.Established,
  recording: false,
  snapshot: () => ({ platformIds: { telephonySessionId: session, partyId: party } }),
  setRecording(on) {
    this.recording = on;
  },
});

const session =
  (recordings: Record<string, boolean>): Answer =>
  () =>
    Promise.resolve(Response.json({ id: 's-1', parties: Object.entries(recordings).map(([id, active]) => ({ id, recordings: [{ id: '1', active }] })) }));

/** What the SDK throws for an error answer: an Error carrying the Response. */
const refused =
  (status: number, errorCode: string): Answer =>
  () =>
    Promise.reject(
      Object.assign(new Error('Response has unsuccessful status'), {
        response: Response.json({ errorCode, errors: [{ errorCode, message: errorCode }] }, { status }),
      }),
    );

class ScriptedPlatform {
  readonly requests: { url: string; signal: AbortSignal | undefined }[] = [];
  constructor(private readonly answers: Answer[]) {}
  get(url: string, _query?: Record<string, string>, options?: { readonly signal?: AbortSignal }): Promise<Response> {
    this.requests.push({ url, signal: options?.signal });
    return (this.answers.shift() ?? session({}))();
  }
}

const until = async (condition: () => boolean, what: string): Promise<void> => {
  const deadline = performance.now() + 2_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PlatformRecordings', () => {
  let logs: [LogLevel, string][];
  let access: CallControlAccess;
  let watchers: PlatformRecordings[];

  beforeEach(() => {
    logs = [];
    access = { denied: false };
    watchers = [];
  });
  afterEach(() => watchers.forEach((w) => w.dispose()));

  const watch = (platform: ScriptedPlatform, checksMs = [0, 20, 40]): PlatformRecordings => {
    const made = new PlatformRecordings({ platform, access, log: (level, message) => logs.push([level, message]), checksMs });
    watchers.push(made);
    return made;
  };
  const follow = (watcher: PlatformRecordings, call: FakeCall): void => watcher.follow(call as unknown as Call);

  it('reads at most five times per call, the first as it is answered', () => {
    expect(RECORDING_CHECKS_MS.length).to.be.at.most(5);
    expect(RECORDING_CHECKS_MS[0]).to.equal(0);
  });

  it('reads once per check and not after the last; only this phone’s party counts', async () => {
    const platform = new ScriptedPlatform([session({ 'p-2': true, 'p-1': false }), session({ 'p-1': true }), session({ 'p-1': false })]);
    const call = fakeCall();
    follow(watch(platform), call);
    await until(() => platform.requests.length === 1, 'the first read');
    expect(platform.requests[0]!.url).to.equal('/restapi/v1.0/account/~/telephony/sessions/s-1');
    await until(() => call.recording, 'the recording shown at the second read');
    await until(() => platform.requests.length === 3 && !call.recording, 'the pause seen at the third read');
    await pause(80);
    expect(platform.requests.length).to.equal(3);
  });

  it('a 403 stops every call of the sign-in, logged once at debug level', async () => {
    const platform = new ScriptedPlatform([refused(403, 'CMN-401'), refused(403, 'CMN-401')]);
    const first = fakeCall();
    const second = fakeCall('s-2', 'p-2');
    const watcher = watch(platform);
    follow(watcher, first);
    follow(watcher, second);
    await until(() => access.denied, 'the refusal');
    await pause(80);
    // The second call's first read may have left before the refusal came back; nothing after it.
    expect(platform.requests.length).to.be.at.most(2);
    follow(watch(platform), fakeCall('s-3', 'p-3'));
    await pause(80);
    expect(platform.requests.length).to.be.at.most(2);
    expect(logs).to.deep.equal([['debug', 'RingCentral refused the Call Control API (403 CMN-401); recordings the platform starts are not shown.']]);
  });

  it('a 404 or a network failure stops the call; a 429 or 503 waits for the next check', async () => {
    const gone = new ScriptedPlatform([refused(404, 'CMN-102')]);
    follow(watch(gone), fakeCall());
    const unreachable = new ScriptedPlatform([() => Promise.reject(new TypeError('Failed to fetch'))]);
    follow(watch(unreachable), fakeCall());
    const busy = new ScriptedPlatform([refused(429, 'CMN-301'), refused(503, 'CMN-201'), session({ 'p-1': true })]);
    const call = fakeCall();
    follow(watch(busy), call);
    await until(() => call.recording, 'the third read gets through');
    await pause(80);
    expect([gone.requests.length, unreachable.requests.length, busy.requests.length]).to.deep.equal([1, 1, 3]);
    expect(logs).to.deep.equal([]);
  });

  it('the call’s end aborts the read in flight, and nothing is read after it', async () => {
    let answer: (response: Response) => void = () => undefined;
    const platform = new ScriptedPlatform([() => new Promise<Response>((resolve) => (answer = resolve))]);
    const call = fakeCall();
    const watcher = watch(platform);
    follow(watcher, call);
    await until(() => platform.requests.length === 1, 'the first read');
    call.state = CallState.Ended;
    follow(watcher, call);
    expect(platform.requests[0]!.signal?.aborted).to.equal(true);
    answer(Response.json({ parties: [{ id: 'p-1', recordings: [{ id: '1', active: true }] }] }));
    await pause(80);
    expect(platform.requests.length).to.equal(1);
    expect(call.recording).to.equal(false);
  });

  it('never clears the user’s own recording, and drops a read from before the user’s command', async () => {
    const answers: ((response: Response) => void)[] = [];
    const held: Answer = () => new Promise<Response>((resolve) => answers.push(resolve));
    const platform = new ScriptedPlatform([held, held]);
    const call = fakeCall();
    const watcher = watch(platform);
    follow(watcher, call);
    await until(() => platform.requests.length === 1, 'the first read');
    // The platform was recording; the user stops it while the read is on its way back.
    call.recording = false;
    watcher.recorded(call as unknown as Call, false);
    answers[0]!(Response.json({ parties: [{ id: 'p-1', recordings: [{ id: '1', active: true }] }] }));
    await until(() => platform.requests.length === 2, 'the second read');
    expect(call.recording, 'the stale read was dropped').to.equal(false);

    // The user records; the next reads do not list it.
    call.recording = true;
    watcher.recorded(call as unknown as Call, true);
    answers[1]!(Response.json({ parties: [{ id: 'p-1', recordings: [] }] }));
    await until(() => platform.requests.length === 3, 'the third read');
    await pause(20);
    expect(call.recording).to.equal(true);
  });
});
