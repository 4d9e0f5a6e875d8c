/**
 * Browser side of `npm run bench`. One page is one party: the caller or the callee of a
 * call, driven either through the kit (`<rc-phone-provider>` → Phone → sip.js with the
 * kit's ICE policy) or through plain sip.js with its default session description handler.
 * Caller and callee live in separate pages (separate renderer processes), like two
 * people's browsers, so one side's work never delays the other's event loop. Times are
 * absolute (`performance.timeOrigin + performance.now()`), comparable across pages.
 * The Node driver (scripts/bench/bench.mjs) calls `window.rcBench`.
 */
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Invitation, type Web } from 'sip.js';
import { installTaps, clearRecords, liveCounts, now, peers, userMediaTimes, wire, type LiveCounts, type PeerRecord } from './taps.js';
import type { Call } from '../../../src/core/call.js';
import type { RcPhoneProvider } from '../../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import '../../../src/elements/rc-phone-provider/rc-phone-provider.js';

installTaps();

export interface Account {
  readonly user: string;
  readonly authUser?: string;
  readonly password: string;
  readonly displayName: string;
}

export interface PartyOptions {
  readonly impl: 'kit' | 'sipjs';
  readonly server: string;
  readonly domain: string;
  readonly account: Account;
  readonly iceServers: RTCIceServer[];
  /** A callee answers every incoming call at once. */
  readonly autoAnswer: boolean;
  /** The kit's call quality monitor (default on). */
  readonly quality?: boolean;
}

/** What one side saw of one call. Absolute times (ms). */
export interface SideRecord {
  readonly ok: boolean;
  readonly error?: string;
  /** SIP Call-ID: joins the caller's and the callee's records. */
  readonly callId?: string;
  /** Caller: dial. Callee: answer() called. */
  readonly start?: number;
  readonly ringing?: number;
  readonly established?: number;
  readonly firstRtp?: number;
  /** Caller: INVITE sent, 200 received. Callee: INVITE received, 200 sent. */
  readonly invite?: number;
  readonly ok200?: number;
  /** Caller: 180 received. Callee: 180 sent. */
  readonly ring180?: number;
  /** setRemoteDescription of the peer's answer (caller) or offer (callee). */
  readonly setRemote?: number;
  readonly userMedia?: number;
  /** setLocalDescription → the offer/answer left in a SIP message. */
  readonly gatheringWait?: number;
}

const CALL_TIMEOUT = 15_000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A branch that did not happen (no ringing on a failed call) may never be awaited.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function nextEvent<K extends keyof HTMLElementEventMap>(
  target: EventTarget,
  type: K,
  predicate: (event: HTMLElementEventMap[K]) => boolean = () => true,
): Promise<HTMLElementEventMap[K]> {
  return new Promise((resolve) => {
    const listener = (event: Event): void => {
      if (!predicate(event as HTMLElementEventMap[K])) return;
      target.removeEventListener(type, listener);
      resolve(event as HTMLElementEventMap[K]);
    };
    target.addEventListener(type, listener);
  });
}

/**
 * When the first RTP packet reaches `pc`'s audio receiver. Chromium keeps a remote track
 * muted until its first packet arrives, then fires `unmute`; if the track is already
 * unmuted, getSynchronizationSources() (filled per received packet) is polled.
 */
function firstInboundRtp(pc: RTCPeerConnection): Promise<number> {
  return new Promise((resolve, reject) => {
    const receiver = pc.getReceivers().find((r) => r.track.kind === 'audio');
    if (!receiver) {
      reject(new Error('no audio receiver'));
      return;
    }
    if (receiver.track.muted) {
      receiver.track.addEventListener('unmute', () => resolve(now()), { once: true });
      return;
    }
    const poll = (): void => {
      if (receiver.getSynchronizationSources().length > 0) resolve(now());
      else setTimeout(poll, 1);
    };
    poll();
  });
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// ---- one party: the kit or plain sip.js ----

interface OutgoingCall {
  readonly ringing: Promise<number>;
  readonly established: Promise<number>;
  readonly ended: Promise<unknown>;
  peerConnection(): RTCPeerConnection | undefined;
  hangup(): Promise<void>;
}

interface IncomingCall {
  readonly established: Promise<number>;
  readonly ended: Promise<unknown>;
  peerConnection(): RTCPeerConnection | undefined;
}

interface Party {
  /** UserAgent/provider created → registered, and WebSocket connected → registered. */
  readonly registration: Registration;
  dial(target: string): OutgoingCall;
  stop(): Promise<void>;
}

export interface Registration {
  /** Element added / UserAgent created → registered. */
  readonly total: number;
  /** WebSocket connected → registered. */
  readonly connectedToRegistered: number;
  /** WebSocket connected → first REGISTER sent. */
  readonly connectedToRegister?: number;
  /** First REGISTER sent → its final 200 OK (two round trips with the digest challenge). */
  readonly registerRoundTrips?: number;
}

function registrationTimes(created: number, connected: number, registered: number): Registration {
  const sent = wire.find((m) => m.dir === 'out' && m.kind === 'REGISTER' && m.t >= created)?.t;
  const accepted = wire.find((m) => m.dir === 'in' && m.kind === '200' && m.cseqMethod === 'REGISTER' && m.t >= created)?.t;
  return {
    total: registered - created,
    connectedToRegistered: registered - connected,
    connectedToRegister: sent === undefined ? undefined : sent - connected,
    registerRoundTrips: sent === undefined || accepted === undefined ? undefined : accepted - sent,
  };
}

type AnswerHandler = (answer: () => IncomingCall) => void;

async function kitParty(options: PartyOptions, onIncoming: AnswerHandler | undefined): Promise<Party> {
  const { account } = options;
  const el = document.createElement('rc-phone-provider') as RcPhoneProvider;
  el.server = options.server;
  el.uri = `sip:${account.user}@${options.domain}`;
  if (account.authUser) el.authorizationUsername = account.authUser;
  el.displayName = account.displayName;
  el.password = account.password;
  el.iceServers = options.iceServers;
  el.phoneOptions = { quality: { enabled: options.quality !== false } };
  const connected = nextEvent(el, 'rc-connection-change', (e) => e.detail.state === 'connected').then(now);
  const registered = nextEvent(el, 'rc-registration-change', (e) => e.detail.state === 'registered').then(now);
  const failed = nextEvent(el, 'rc-error').then((e) => Promise.reject(new Error(`${account.user}: ${e.detail.code}`)));
  const mounted = now();
  document.body.append(el);
  const [c, r] = await within(Promise.race([Promise.all([connected, registered]), failed]), CALL_TIMEOUT, `${account.user} registering`);

  if (onIncoming) {
    el.addEventListener('rc-call-incoming', (event) => {
      const call = el.phone?.getCall(event.detail.callId);
      if (!call) return;
      onIncoming(() => {
        const established = nextEvent(el, 'rc-call-state-change', (e) => e.detail.callId === call.id && e.detail.state === 'established').then(now);
        const ended = nextEvent(el, 'rc-call-ended', (e) => e.detail.callId === call.id);
        void call.answer();
        return { established, ended, peerConnection: () => call.peerConnection };
      });
    });
  }

  return {
    registration: registrationTimes(mounted, c, r),
    dial(target) {
      const phone = el.phone;
      if (!phone) throw new Error('no phone');
      const ringing = deferred<number>();
      const established = deferred<number>();
      const onState = (event: HTMLElementEventMap['rc-call-state-change']): void => {
        if (event.detail.state === 'ringing') ringing.resolve(now());
        if (event.detail.state === 'established') established.resolve(now());
      };
      el.addEventListener('rc-call-state-change', onState);
      const ended = nextEvent(el, 'rc-call-ended').then((event) => {
        el.removeEventListener('rc-call-state-change', onState);
        const failure = new Error(`call ended: ${event.detail.reason}${event.detail.error ? ` (${event.detail.error.code})` : ''}`);
        ringing.reject(failure);
        established.reject(failure);
      });
      let made: Call | undefined;
      const call = phone.call(target).then((c) => (made = c));
      call.catch((error: unknown) => established.reject(error));
      return {
        ringing: ringing.promise,
        established: established.promise,
        ended,
        peerConnection: () => made?.peerConnection,
        hangup: async () => (await call).hangup(),
      };
    },
    async stop() {
      const phone = el.phone;
      el.remove();
      await phone?.dispose();
    },
  };
}

const sipjsPeer = (session: Inviter | Invitation): RTCPeerConnection | undefined =>
  (session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined)?.peerConnection;

/**
 * Established/ended of a plain sip.js session. Like any app (and sip.js's own SimpleUser),
 * it plays the remote audio once established, so both sides do the same work as the kit.
 */
function sessionOutcome(session: Inviter | Invitation): { established: Promise<number>; ended: Promise<unknown> } {
  const established = deferred<number>();
  let audio: HTMLAudioElement | undefined;
  const ended = new Promise<void>((resolve) =>
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        const sdh = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
        audio = document.createElement('audio');
        audio.autoplay = true;
        audio.srcObject = sdh?.remoteMediaStream ?? null;
        void audio.play().catch(() => undefined);
        // Timed after starting playback, as the kit's `established` event is.
        established.resolve(now());
      }
      if (state === SessionState.Terminated) {
        established.reject(new Error('session ended before it was established'));
        if (audio) {
          audio.pause();
          audio.srcObject = null;
        }
        resolve();
      }
    }),
  );
  return { established: established.promise, ended };
}

async function sipjsParty(options: PartyOptions, onIncoming: AnswerHandler | undefined): Promise<Party> {
  const { account } = options;
  const uri = UserAgent.makeURI(`sip:${account.user}@${options.domain}`);
  if (!uri) throw new Error('bad uri');
  const ua = new UserAgent({
    uri,
    transportOptions: { server: options.server },
    authorizationUsername: account.authUser ?? account.user,
    authorizationPassword: account.password,
    displayName: account.displayName,
    // Quiet, like the kit: console logging would slow the baseline, not its SIP stack.
    logBuiltinEnabled: false,
    logLevel: 'warn',
    // sip.js's default handler factory and settings; only its public STUN default is replaced.
    sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: options.iceServers } },
    delegate: {
      onInvite: (invitation) =>
        onIncoming?.(() => {
          const outcome = sessionOutcome(invitation);
          void invitation.accept().catch(() => undefined);
          return { ...outcome, peerConnection: () => sipjsPeer(invitation) };
        }),
    },
  });
  const registerer = new Registerer(ua);
  const registered = new Promise<number>((resolve) =>
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) resolve(now());
    }),
  );
  const created = now();
  await ua.start();
  const connected = now();
  await registerer.register();
  const r = await within(registered, CALL_TIMEOUT, `${account.user} registering`);
  return {
    registration: registrationTimes(created, connected, r),
    dial(target) {
      const targetUri = UserAgent.makeURI(`sip:${target}@${options.domain}`);
      if (!targetUri) throw new Error('bad target');
      const inviter = new Inviter(ua, targetUri);
      const outcome = sessionOutcome(inviter);
      const ringing = deferred<number>();
      void inviter
        .invite({ requestDelegate: { onProgress: (response) => (response.message.statusCode ?? 0) >= 180 && ringing.resolve(now()) } })
        .catch((error: unknown) => ringing.reject(error));
      return { ringing: ringing.promise, ...outcome, peerConnection: () => sipjsPeer(inviter), hangup: () => inviter.bye().then(() => undefined) };
    },
    async stop() {
      await registerer.unregister().catch(() => undefined);
      await ua.stop();
    },
  };
}

// ---- per-call records from the taps ----

function sideDetails(callId: string, role: 'caller' | 'callee'): Partial<SideRecord> {
  const at = (dir: 'out' | 'in', kind: string): number | undefined =>
    wire.find((m) => m.callId === callId && m.dir === dir && m.kind === kind && m.cseqMethod === 'INVITE')?.t;
  const invite = at(role === 'caller' ? 'out' : 'in', 'INVITE');
  const ok200 = at(role === 'caller' ? 'in' : 'out', '200');
  const ring180 = at(role === 'caller' ? 'in' : 'out', '180');
  // This call's own connection: the first one made since the records were cleared.
  const peer: PeerRecord | undefined = peers[0];
  const sent = role === 'caller' ? invite : ok200;
  const setLocal = peer?.setLocal;
  return {
    setRemote: peer?.setRemote !== undefined && peer.setRemoteDone !== undefined ? peer.setRemoteDone - peer.setRemote : undefined,
    invite,
    ok200,
    ring180,
    userMedia: userMediaTimes[0],
    gatheringWait: setLocal !== undefined && sent !== undefined ? sent - setLocal : undefined,
  };
}

// ---- what the driver calls ----

let party: Party | undefined;
let outgoing: OutgoingCall | undefined;
let calleeRecords: SideRecord[] = [];
/** The callee's latest call: measured (set up and heard), and over. */
let calleeMeasured: Promise<unknown> = Promise.resolve();
let calleeSettled: Promise<unknown> = Promise.resolve();
let measureCalleeAudio = true;

function answerAndRecord(answer: () => IncomingCall): void {
  const measured = deferred<undefined>();
  const settled = deferred<undefined>();
  calleeMeasured = measured.promise;
  calleeSettled = settled.promise;
  const callId = wire.findLast((m) => m.dir === 'in' && m.kind === 'INVITE')?.callId ?? '';
  const callStart = now();
  const incoming = answer();
  void (async () => {
    let record: SideRecord;
    try {
      const established = await within(incoming.established, CALL_TIMEOUT, 'callee established');
      const pc = incoming.peerConnection();
      const firstRtp = measureCalleeAudio && pc ? await within(firstInboundRtp(pc), CALL_TIMEOUT, 'callee first RTP') : undefined;
      record = { ok: true, callId, start: callStart, established, firstRtp, ...sideDetails(callId, 'callee') };
    } catch (error) {
      record = { ok: false, callId, error: errorText(error) };
    }
    measured.resolve(undefined);
    await within(incoming.ended, CALL_TIMEOUT, 'callee hang-up').catch((error: unknown) => {
      record = { ok: false, callId, error: errorText(error) };
    });
    calleeRecords.push(record);
    clearRecords();
    settled.resolve(undefined);
  })();
}

async function start(options: PartyOptions): Promise<Party['registration']> {
  await stop();
  calleeRecords = [];
  const onIncoming = options.autoAnswer ? answerAndRecord : undefined;
  party = options.impl === 'kit' ? await kitParty(options, onIncoming) : await sipjsParty(options, onIncoming);
  return party.registration;
}

async function stop(): Promise<void> {
  const current = party;
  party = undefined;
  await current?.stop();
  clearRecords();
}

/**
 * Calls `target` and waits until the call is set up (and, with `measureAudio`, until
 * audio arrives). The call stays up until {@link hangup}, so the callee can measure too.
 */
async function dial(target: string, measureAudio: boolean): Promise<SideRecord> {
  if (!party) throw new Error('no party started');
  clearRecords();
  const start = now();
  const call = party.dial(target);
  outgoing = call;
  try {
    const established = await within(call.established, CALL_TIMEOUT, 'established');
    const ringing = await call.ringing.catch(() => undefined);
    const pc = call.peerConnection();
    const firstRtp = measureAudio && pc ? await within(firstInboundRtp(pc), CALL_TIMEOUT, 'first RTP') : undefined;
    const callId = wire.find((m) => m.dir === 'out' && m.kind === 'INVITE')?.callId ?? '';
    return { ok: true, callId, start, ringing, established, firstRtp, ...sideDetails(callId, 'caller') };
  } catch (error) {
    return { ok: false, start, error: errorText(error) };
  }
}

/** Hangs up the call {@link dial} made and waits until it is over. */
async function hangup(): Promise<void> {
  const call = outgoing;
  outgoing = undefined;
  if (!call) return;
  await call.hangup().catch(() => undefined);
  await within(call.ended, CALL_TIMEOUT, 'hang-up').catch(() => undefined);
  clearRecords();
}

/** Resolves once the callee's latest call is set up and measured. */
async function calleeReady(): Promise<void> {
  await calleeMeasured;
}

/** Waits until the callee's latest call is over, then hands over (and forgets) its records. */
async function takeCalleeRecords(): Promise<SideRecord[]> {
  await calleeSettled;
  const records = calleeRecords;
  calleeRecords = [];
  return records;
}

function setCalleeAudio(measure: boolean): void {
  measureCalleeAudio = measure;
}

function counts(): LiveCounts {
  return liveCounts();
}

// What the quality monitor costs, counted from the page's side: every getStats() call,
// every 1-second timer set (the monitor's period), and the JavaScript time of each
// measurement: from its timer firing to its getStats() call, plus from getStats() resolving
// to the next 1-second timer it sets (parsing the stats, the MOS, warnings and events).
const statsTap = { getStats: 0, secondTimers: 0, busyMs: 0 };
let tickStarted: number | undefined;
let statsResolved: number | undefined;
const pageGetStats = RTCPeerConnection.prototype.getStats;
RTCPeerConnection.prototype.getStats = function (this: RTCPeerConnection, ...args: Parameters<RTCPeerConnection['getStats']>) {
  statsTap.getStats++;
  if (tickStarted !== undefined) statsTap.busyMs += performance.now() - tickStarted;
  tickStarted = undefined;
  return pageGetStats.apply(this, args).then((report) => {
    statsResolved = performance.now();
    return report;
  });
} as RTCPeerConnection['getStats'];
const pageSetTimeout = window.setTimeout;
window.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
  if (ms !== 1_000 || typeof handler !== 'function') return pageSetTimeout(handler, ms, ...rest);
  statsTap.secondTimers++;
  if (statsResolved !== undefined) statsTap.busyMs += performance.now() - statsResolved;
  statsResolved = undefined;
  return pageSetTimeout(
    (...a: unknown[]) => {
      tickStarted = performance.now();
      (handler as (...b: unknown[]) => void)(...a);
    },
    ms,
    ...rest,
  );
}) as typeof window.setTimeout;

function statsCounts(): { getStats: number; secondTimers: number; busyMs: number } {
  return { ...statsTap };
}

declare global {
  interface Window {
    rcBench: {
      start: typeof start;
      stop: typeof stop;
      dial: typeof dial;
      hangup: typeof hangup;
      calleeReady: typeof calleeReady;
      takeCalleeRecords: typeof takeCalleeRecords;
      setCalleeAudio: typeof setCalleeAudio;
      counts: typeof counts;
      statsCounts: typeof statsCounts;
    };
  }
}

window.rcBench = { start, stop, dial, hangup, calleeReady, takeCalleeRecords, setCalleeAudio, counts, statsCounts };
