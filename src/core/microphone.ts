/**
 * The microphone of a phone's calls: which device, whether the page may open it without
 * asking the user, and opening it. Its own module because calls are set up while it opens
 * (10–500 ms, or as long as a permission prompt stays open), which takes some plumbing
 * between the session, the microphone and the other calls: {@link placeCall}.
 */
import type { Call } from './call.js';
import { mediaError, ErrorCode, PhoneError, toPhoneError } from './errors.js';
import type { SessionEndInfo, SipSession } from './sip/types.js';
import { CallState } from './states.js';

export class Microphone {
  constructor(
    private readonly mediaDevices: Pick<MediaDevices, 'getUserMedia'> | undefined,
    /** The device calls use ('' = default). */
    private deviceId: string,
  ) {}

  /** Chooses the device for new calls and switches those of `calls` that use one to it, without dropping them. */
  async choose(deviceId: string, calls: readonly Call[]): Promise<void> {
    this.deviceId = deviceId;
    for (const call of calls.filter((each) => each.state === CallState.Established || each.state === CallState.Answering)) {
      const [track] = (await this.open()).getAudioTracks();
      if (track) await call.replaceMicrophone(track);
    }
  }

  /**
   * Whether the page may use the microphone without asking the user (Permissions API), so a
   * call may be set up while it opens. False when that cannot be told, and with injected
   * `mediaDevices`, whose permission the page's does not describe.
   */
  async allowed(): Promise<boolean> {
    if (this.mediaDevices) return false;
    try {
      // 'microphone' is a PermissionName in browsers, not yet in TypeScript's DOM typings.
      const status = await globalThis.navigator?.permissions?.query({ name: 'microphone' as PermissionName });
      return status?.state === 'granted';
    } catch {
      return false;
    }
  }

  async open(): Promise<MediaStream> {
    const devices = this.mediaDevices ?? globalThis.navigator?.mediaDevices;
    if (!devices?.getUserMedia)
      throw new PhoneError(ErrorCode.NoMicrophone, { message: 'This browser or page cannot use a microphone (is it served over https?).' });
    const audio: MediaTrackConstraints | true = this.deviceId ? { deviceId: { exact: this.deviceId } } : true;
    try {
      return await devices.getUserMedia({ audio, video: false });
    } catch (error) {
      throw mediaError(error);
    }
  }
}

/** Stops every track, which turns the browser's microphone indicator off. */
const closeStream = (stream: MediaStream): void => stream.getTracks().forEach((track) => track.stop());

/** What {@link placeCall} needs from the phone. */
export interface Dialer {
  /** Creates (does not send) the outgoing session; its INVITE waits for `line`. */
  createSession(line: Promise<MediaStream>): SipSession;
  /** Makes the session one of the phone's calls. */
  adopt(session: SipSession): Call;
  /** Holds the other calls (reporting, not throwing, a failure to). */
  takeLine(call: Call): Promise<void>;
}

/**
 * Places an outgoing call while the microphone opens (10–500 ms), as the session makes its
 * offer and gathers ICE candidates. The session gets the microphone through `line`, and its
 * INVITE leaves only once `line` resolves, after the other calls are held. Without a
 * microphone `line` is refused and the session ends having sent nothing: no call is
 * created. When the page may already use the microphone, the INVITE does not wait for it
 * (see below). Resolves with the call once the INVITE is sent.
 */
export async function placeCall(microphone: Microphone, dialer: Dialer): Promise<Call> {
  const opening = microphone.open();
  opening.catch(() => undefined);
  let release: (stream: MediaStream) => void = () => undefined;
  let refuse: (reason: unknown) => void = () => undefined;
  const line = new Promise<MediaStream>((resolve, reject) => {
    release = resolve;
    refuse = reject;
  });
  // Its refusal is handled by the session (which may not have asked for it yet).
  line.catch(() => undefined);
  let session: SipSession;
  try {
    session = dialer.createSession(line);
  } catch (error) {
    void opening.then(closeStream, () => undefined);
    // Typed already (the STUN/TURN servers this browser refuses: invalid-configuration), or the target.
    throw toPhoneError(error, ErrorCode.InvalidTarget);
  }
  // Until the call is adopted: a session that fails locally meanwhile is reported below.
  let endedEarly: SessionEndInfo | undefined;
  session.delegate = { onEnded: (info) => (endedEarly = info) };
  // Failures to send end the call; call-ended reports them.
  const sending = session.invite().catch(() => undefined);
  // Allowed already (asked while the offer is made): an offer does not depend on the
  // microphone's track, so the INVITE leaves without it and the audio sender gets it when
  // it opens. Opening can still fail (unplugged, in use): the call then ends with that error.
  if (!endedEarly && (await microphone.allowed())) {
    const call = dialer.adopt(session);
    call.useMicrophone(opening, sending);
    await dialer.takeLine(call);
    release(new MediaStream());
    await sending;
    return call;
  }
  let stream: MediaStream;
  try {
    stream = await opening;
  } catch (error) {
    refuse(error);
    await sending;
    throw error;
  }
  if (endedEarly) {
    closeStream(stream);
    const failure = toPhoneError(endedEarly.error, ErrorCode.CallFailed);
    // Settles the session's wait for the line, so nothing keeps it alive.
    refuse(failure);
    throw failure;
  }
  const call = dialer.adopt(session);
  await dialer.takeLine(call);
  release(stream);
  await sending;
  return call;
}
