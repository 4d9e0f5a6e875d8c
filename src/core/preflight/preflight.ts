/**
 * A check of this computer and network before the first call (Twilio Voice's `runPreflight`
 * is the model): microphone, speaker, signalling and registration, ICE with the configured
 * STUN/TURN servers, and a short media round trip to an echo extension. Each check says
 * pass, warn or fail and what to do; a failed check never throws.
 */
import { resumeWithin } from '../audio-context.js';
import { ErrorCode, mediaError, PhoneError, toPhoneError } from '../errors.js';
import { Phone } from '../phone.js';
import type { PhoneOptions } from '../phone-options.js';
import { mos } from '../quality/mos.js';
import { CallState } from '../states.js';

export type PreflightCheckName = 'microphone' | 'speaker' | 'signalling' | 'ice' | 'media';
export type PreflightStatus = 'pass' | 'warn' | 'fail' | 'skipped';

export interface PreflightCheck {
  readonly name: PreflightCheckName;
  readonly status: PreflightStatus;
  /** What was found, for the user. */
  readonly message: string;
  /** What to do when it did not pass. */
  readonly advice: string | undefined;
  /** The error's code when a step failed with one. */
  readonly code: ErrorCode | undefined;
  readonly durationMs: number;
  /** Figures: microphone `level`; ICE `candidateTypes`; media `rtt`, `jitter`, `packetsReceived`, `mos`… */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface PreflightReport {
  /** The worst status of the checks run. */
  readonly status: Exclude<PreflightStatus, 'skipped'>;
  readonly checks: readonly PreflightCheck[];
  readonly durationMs: number;
}

export interface PreflightOptions {
  /** The phone to check, as it would be made (credentials, STUN/TURN servers, devices). */
  readonly phone: PhoneOptions;
  /** An extension that echoes audio (or answers with audio): the media check calls it. Skipped without one. */
  readonly echoTarget?: string;
  /** How long the microphone is listened to, and the media measured (ms, default 1500). */
  readonly listenMs?: number;
  /** Longest ICE gathering (ms, default 5000). */
  readonly iceTimeoutMs?: number;
  /** Each check as it completes. */
  readonly onProgress?: (check: PreflightCheck) => void;
}

/** Below this peak (RMS of −40 dBFS) nobody spoke, or the microphone is muted. */
const SPEECH_RMS = 0.01;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = Omit<PreflightCheck, 'name' | 'durationMs' | 'advice' | 'code' | 'details'> & Partial<Pick<PreflightCheck, 'advice' | 'code' | 'details'>>;

const failed = (error: unknown, fallback: ErrorCode): Outcome => {
  const problem = toPhoneError(error, fallback);
  return { status: 'fail', message: problem.message, advice: problem.solutions[0], code: problem.code };
};

/** Runs every check in turn; resolves with the report (never rejects). */
export async function runPreflight(options: PreflightOptions): Promise<PreflightReport> {
  const started = performance.now();
  const checks: PreflightCheck[] = [];
  const run = async (name: PreflightCheckName, check: () => Promise<Outcome>): Promise<void> => {
    const begin = performance.now();
    const outcome = await check().catch((error: unknown) => failed(error, ErrorCode.MediaFailed));
    const result: PreflightCheck = Object.freeze({
      advice: undefined,
      code: undefined,
      details: {},
      ...outcome,
      name,
      durationMs: Math.round(performance.now() - begin),
    });
    checks.push(result);
    options.onProgress?.(result);
  };
  const listenMs = options.listenMs ?? 1_500;
  await run('microphone', () => checkMicrophone(options.phone, listenMs));
  await run('speaker', () => checkSpeaker(options.phone.audioOutputId ?? ''));
  // The phone of the check registers a contact of its own (its own instance id), which it
  // removes again: the page's phone, registered with the same address, keeps its binding (RFC 5626 §4.2).
  const phone = new Phone({ ...options.phone, autoRegister: true, instanceId: crypto.randomUUID(), storage: undefined, quality: { enabled: false } });
  try {
    let registered = false;
    await run('signalling', async () => {
      await phone.start();
      registered = true;
      return { status: 'pass', message: `Connected to ${phone.server ?? 'the server'} and registered.` };
    });
    await run('ice', () => checkIce(options.phone.iceServers ?? [], options.iceTimeoutMs ?? 5_000));
    await run('media', () =>
      !options.echoTarget
        ? Promise.resolve({ status: 'skipped', message: 'No echo extension is configured.' })
        : !registered
          ? Promise.resolve({ status: 'skipped', message: 'Needs the signalling check to pass.' })
          : checkMedia(phone, options.echoTarget, listenMs),
    );
  } finally {
    await phone.dispose().catch(() => undefined);
  }
  const ran = checks.filter((check) => check.status !== 'skipped');
  const status = ran.some((c) => c.status === 'fail') ? 'fail' : ran.some((c) => c.status === 'warn') ? 'warn' : 'pass';
  return Object.freeze({ status, checks: Object.freeze(checks), durationMs: Math.round(performance.now() - started) });
}

async function checkMicrophone(options: PhoneOptions, listenMs: number): Promise<Outcome> {
  const devices = options.mediaDevices ?? navigator.mediaDevices;
  const deviceId = options.audioInputId;
  let stream: MediaStream;
  try {
    stream = await devices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
  } catch (error) {
    return failed(mediaError(error), ErrorCode.MediaFailed);
  }
  const context = new AudioContext();
  try {
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(stream).connect(analyser);
    // Suspended until the user interacts with the page (autoplay policy): the level cannot be read.
    if (!(await resumeWithin(context)))
      return {
        status: 'warn',
        message: 'The microphone is allowed, but the browser did not let the page listen to it yet.',
        advice: 'Click on the page (or the test button) and run the test again.',
        code: ErrorCode.AudioPlaybackBlocked,
      };
    const samples = new Float32Array(analyser.fftSize);
    let peak = 0;
    for (let elapsed = 0; elapsed < listenMs; elapsed += 100) {
      await wait(100);
      analyser.getFloatTimeDomainData(samples);
      peak = Math.max(peak, Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length));
    }
    const level = Math.round(peak * 1000) / 1000;
    return peak >= SPEECH_RMS
      ? { status: 'pass', message: 'The microphone is allowed and hears sound.', details: { level } }
      : {
          status: 'warn',
          message: 'The microphone is allowed but heard nothing.',
          advice: 'Speak while the test runs; check that the microphone is not muted on the device or in the system settings.',
          details: { level },
        };
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    await context.close();
  }
}

/** Plays a short tone on the chosen speaker; the browser may not allow sound before the user interacts. */
async function checkSpeaker(outputId: string): Promise<Outcome> {
  const context = new AudioContext();
  try {
    const sink = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
    if (outputId && sink.setSinkId) await sink.setSinkId(outputId);
    if (!(await resumeWithin(context, 500))) {
      return {
        status: 'warn',
        message: 'The browser did not let the page play sound yet.',
        advice: 'Click on the page (or the test button) and run the test again.',
        code: ErrorCode.AudioPlaybackBlocked,
      };
    }
    const tone = context.createOscillator();
    const gain = context.createGain();
    gain.gain.value = 0.1;
    tone.frequency.value = 440;
    tone.connect(gain).connect(context.destination);
    tone.start();
    tone.stop(context.currentTime + 0.4);
    await new Promise((resolve) => (tone.onended = resolve));
    return { status: 'pass', message: 'A tone played on the speaker.', advice: 'If you heard nothing, choose another speaker or turn the volume up.' };
  } finally {
    await context.close();
  }
}

/** Gathers candidates with the configured servers: which types arrive, and how long it takes. */
async function checkIce(iceServers: readonly RTCIceServer[], timeoutMs: number): Promise<Outcome> {
  const pc = new RTCPeerConnection({ iceServers: [...iceServers] });
  const types = new Set<string>();
  const begin = performance.now();
  try {
    pc.createDataChannel('preflight');
    const done = new Promise<void>((resolve) => {
      pc.onicecandidate = ({ candidate }) => (candidate ? candidate.type && types.add(candidate.type) : resolve());
    });
    await pc.setLocalDescription(await pc.createOffer());
    const complete = await Promise.race([done.then(() => true), wait(timeoutMs).then(() => false)]);
    const details = { candidateTypes: [...types].sort(), gatheringMs: Math.round(performance.now() - begin), complete };
    const urls = iceServers.flatMap((server) => [server.urls].flat());
    if (urls.some((url) => /^turns?:/i.test(url)) && !types.has('relay'))
      return {
        status: 'fail',
        message: 'The TURN server did not answer: calls from networks that block direct media will have no audio.',
        advice: 'Check the TURN server address, port and credentials, and that a firewall lets this computer reach it.',
        code: ErrorCode.IceFailed,
        details,
      };
    if (!types.size)
      return {
        status: 'fail',
        message: 'No network address could be gathered for media.',
        advice: 'Check the network connection.',
        code: ErrorCode.IceFailed,
        details,
      };
    return { status: complete ? 'pass' : 'warn', message: complete ? 'Media addresses gathered.' : 'Gathering media addresses was slow.', details };
  } finally {
    pc.close();
  }
}

/** Calls the echo extension and measures what comes back. */
async function checkMedia(phone: Phone, target: string, listenMs: number): Promise<Outcome> {
  const call = await phone.call(target);
  try {
    await new Promise<void>((resolve, reject) => {
      const onChange = (): void => {
        if (call.state === CallState.Established) resolve();
        else if (call.state === CallState.Ended) reject(new PhoneError(ErrorCode.CallFailed, { message: `The echo extension ${target} did not answer.` }));
        else return;
        phone.removeEventListener('change', onChange);
      };
      phone.addEventListener('change', onChange);
      onChange();
    });
    const stats = async (): Promise<Record<string, number>> => {
      const out: Record<string, number> = {};
      (await call.peerConnection?.getStats())?.forEach((stat: Record<string, unknown>) => {
        if (stat['type'] === 'inbound-rtp' && stat['kind'] === 'audio')
          Object.assign(out, { packets: stat['packetsReceived'], jitter: stat['jitter'], lost: stat['packetsLost'] });
        if (stat['type'] === 'candidate-pair' && stat['nominated'] && typeof stat['currentRoundTripTime'] === 'number')
          out['rtt'] = stat['currentRoundTripTime'];
      });
      return out;
    };
    const before = await stats();
    await wait(listenMs);
    const after = await stats();
    const packetsReceived = (after['packets'] ?? 0) - (before['packets'] ?? 0);
    const rtt = Math.round((after['rtt'] ?? 0) * 1000);
    const jitter = Math.round((after['jitter'] ?? 0) * 10_000) / 10;
    const lost = (after['lost'] ?? 0) - (before['lost'] ?? 0);
    const loss = packetsReceived + lost > 0 ? lost / (packetsReceived + lost) : 0;
    const details = { packetsReceived, rtt, jitter, loss, mos: mos({ rtt, jitter, loss }) };
    return packetsReceived > 0
      ? { status: details.mos >= 3.5 ? 'pass' : 'warn', message: `Audio went to ${target} and came back.`, details }
      : {
          status: 'fail',
          message: `The call to ${target} was answered but no audio came back.`,
          advice: 'A firewall may block media (UDP): configure a TURN server (iceServers).',
          code: ErrorCode.IceFailed,
          details,
        };
  } finally {
    await call.hangup().catch(() => undefined);
  }
}
