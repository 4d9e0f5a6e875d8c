/**
 * Session timers (RFC 4028): the interval and the refresher both sides agree on, the refresh
 * the kit sends when it is the refresher, and the watchdog that ends a call nobody refreshes.
 * A proxy or peer that enforces timers drops a call whose refresh never comes; a call whose
 * far end vanished without a BYE (a crashed tab, a lost network) is ended here instead of
 * staying up for ever.
 */
import { Core, Invitation, SessionState, type Session } from 'sip.js';
import type { SessionTimerSettings } from './types.js';

/** Who refreshes, from the kit's point of view. */
export type Refresher = 'local' | 'remote';

export interface Negotiated {
  /** Seconds. */
  readonly interval: number;
  readonly refresher: Refresher;
}

/** How a refresh the kit sent ended. */
export type RefreshOutcome = 'refreshed' | 'failed' | 'fatal';

/** RFC 4028 §4: Session-Expires = delta-seconds *(;se-params), with `refresher=uac|uas`. */
export function parseSessionExpires(value: string | undefined): { readonly delta: number; readonly refresher?: 'uac' | 'uas' } | undefined {
  const match = /^\s*(\d{1,9})\s*(;.*)?$/.exec(value ?? '');
  if (!match) return undefined;
  const delta = Number(match[1]);
  const refresher = /;\s*refresher\s*=\s*(uac|uas)\b/i.exec(match[2] ?? '')?.[1]?.toLowerCase() as 'uac' | 'uas' | undefined;
  return delta > 0 ? { delta, ...(refresher ? { refresher } : {}) } : undefined;
}

/** RFC 4028 §5: Min-SE = delta-seconds *(;generic-param). */
export function parseMinSe(value: string | undefined): number | undefined {
  const match = /^\s*(\d{1,9})\s*(;.*)?$/.exec(value ?? '');
  return match ? Number(match[1]) : undefined;
}

const supportsTimer = (supported: string | undefined): boolean => (supported ?? '').split(',').some((tag) => tag.trim().toLowerCase() === 'timer');

/** The headers of a request that asks for timers, as a request carries them. */
export interface TimerRequest {
  readonly sessionExpires: string | undefined;
  readonly supported: string | undefined;
}

/** How the kit answers a request's timer (RFC 4028 §9). */
export type TimerAnswer =
  /** 422 Session Interval Too Small, with this Min-SE. */
  | { readonly tooSmall: number }
  /** Headers for the 2xx, and what they agree. */
  | { readonly headers: readonly string[]; readonly negotiated: Negotiated };

/**
 * The kit as UAS of an INVITE, re-INVITE or UPDATE (RFC 4028 §9). A request without
 * Session-Expires asks for no timer: undefined (the 2xx carries none either). An interval
 * below our Min-SE is refused (422). Otherwise the request's interval stands; when the
 * request names no refresher, the kit takes the job itself ("uas"), which RFC 4028 §9 leaves
 * to the UAS: the call's life then depends on the kit's own timer, not on the far end
 * keeping its promise to refresh.
 */
export function answerTimer(request: TimerRequest, settings: SessionTimerSettings): TimerAnswer | undefined {
  const asked = parseSessionExpires(request.sessionExpires);
  if (!asked) return undefined;
  if (asked.delta < settings.minExpires) return { tooSmall: settings.minExpires };
  // RFC 4028 §9: only a UAC that supports timers can be made the refresher.
  const refresher = asked.refresher ?? 'uas';
  const uacSupports = supportsTimer(request.supported);
  const chosen = refresher === 'uac' && !uacSupports ? 'uas' : refresher;
  return {
    // RFC 4028 §9: Require: timer in the 2xx when the UAC supports the extension.
    headers: [`Session-Expires: ${asked.delta};refresher=${chosen}`, ...(uacSupports ? ['Require: timer'] : [])],
    negotiated: { interval: asked.delta, refresher: chosen === 'uas' ? 'local' : 'remote' },
  };
}

/**
 * The kit as UAC: what the 2xx to its INVITE, re-INVITE or UPDATE agreed (RFC 4028 §7.2).
 * No Session-Expires in the 2xx means no session expiration.
 */
export function acceptedTimer(sessionExpires: string | undefined): Negotiated | undefined {
  const agreed = parseSessionExpires(sessionExpires);
  if (!agreed) return undefined;
  // RFC 4028 §7.2: the refresher parameter is mandatory in a 2xx; "uac" if a peer left it out.
  return { interval: agreed.delta, refresher: (agreed.refresher ?? 'uac') === 'uac' ? 'local' : 'remote' };
}

/** Timer headers of an initial INVITE (RFC 4028 §7.1): the interval asked for and our floor. */
export const inviteTimerHeaders = (settings: SessionTimerSettings, minSe = settings.minExpires): string[] => [
  `Session-Expires: ${Math.max(settings.expires, minSe)}`,
  `Min-SE: ${minSe}`,
];

/** RFC 4028 §10: the non-refresher ends the session this long before it expires. */
export const expiryMargin = (interval: number): number => Math.min(32, interval / 3);

/** A failed refresh is tried again halfway to the deadline, while that is at least this far off. */
const MIN_RETRY_MS = 1_000;

/** A refresh this long after the last one (RFC 4028 §7.2 and §10: half the interval). */
const refreshDelay = (interval: number): number => (interval * 1000) / 2;

interface Clock {
  setTimeout(run: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimeout(timer: ReturnType<typeof setTimeout> | undefined): void;
  now(): number;
}

const REAL_CLOCK: Clock = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer),
  now: () => Date.now(),
};

/**
 * The timing of one session's timer. `set()` starts a new interval (after the initial 2xx and
 * after every successful refresh, whoever sent it). As refresher it calls `refresh` at half
 * the interval; a refresh that times out or gets 408/481 (`fatal`, RFC 4028 §10) ends the
 * session at once, any other failure is tried again halfway to the deadline. Either way, a
 * session not refreshed by the deadline (expiry minus min(32 s, interval/3), RFC 4028 §10)
 * is ended with `expire`.
 */
export class SessionTimer {
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private current: Negotiated | undefined;
  private stopped = false;

  constructor(
    private readonly actions: { refresh(): Promise<RefreshOutcome>; expire(): void },
    private readonly clock: Clock = REAL_CLOCK,
  ) {}

  /** What was agreed last; undefined when the session has no timer. */
  get negotiated(): Negotiated | undefined {
    return this.current;
  }

  /** A new interval from now (undefined: the session no longer expires). */
  set(negotiated: Negotiated | undefined): void {
    if (this.stopped) return;
    this.clear();
    this.current = negotiated;
    if (!negotiated) return;
    const deadline = this.clock.now() + (negotiated.interval - expiryMargin(negotiated.interval)) * 1000;
    this.expiryTimer = this.clock.setTimeout(() => this.expire(), deadline - this.clock.now());
    if (negotiated.refresher === 'local') this.scheduleRefresh(refreshDelay(negotiated.interval), deadline);
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private scheduleRefresh(delay: number, deadline: number): void {
    this.refreshTimer = this.clock.setTimeout(() => {
      const started = this.current;
      void this.actions
        .refresh()
        .catch((): RefreshOutcome => 'failed')
        .then((outcome) => {
          // A refresh that succeeded has set the next interval; one overtaken by another refresh is moot.
          if (this.stopped || outcome === 'refreshed' || this.current !== started) return;
          if (outcome === 'fatal') this.expire();
          else if (deadline - this.clock.now() >= 2 * MIN_RETRY_MS) this.scheduleRefresh((deadline - this.clock.now()) / 2, deadline);
        });
    }, delay);
  }

  private expire(): void {
    if (this.stopped) return;
    this.stop();
    this.actions.expire();
  }

  private clear(): void {
    this.clock.clearTimeout(this.refreshTimer);
    this.clock.clearTimeout(this.expiryTimer);
    this.refreshTimer = undefined;
    this.expiryTimer = undefined;
  }
}

/** RFC 4028 §10: these answers to a refresh (and a timeout, which sip.js reports as 408) end the session. */
const FATAL_REFRESH_STATUS = new Set([408, 481]);

/** The outcome of a refresh from its final response's status code. */
export const refreshOutcome = (statusCode: number): RefreshOutcome =>
  statusCode >= 200 && statusCode < 300 ? 'refreshed' : FATAL_REFRESH_STATUS.has(statusCode) ? 'fatal' : 'failed';

/**
 * Sends an UPDATE without a body in `dialog` (RFC 3311 §5.1, a target refresh: it carries
 * our Contact), the refresh RFC 4028 §7.4 prefers: no offer, so no renegotiation. sip.js 0.21
 * has no API to send UPDATE; its dialog builds the request (CSeq, route set) and a plain
 * non-INVITE client transaction sends it.
 */
export function sendUpdate(dialog: Core.SessionDialog, extraHeaders: readonly string[]): Promise<Core.IncomingResponseMessage> {
  return new Promise((resolve) => {
    const message = dialog.createOutgoingRequestMessage(Core.C.UPDATE, { extraHeaders: [...extraHeaders] });
    new Core.UserAgentClient(Core.NonInviteClientTransaction, dialog.userAgentCore, message, {
      onAccept: ({ message: response }) => resolve(response),
      onReject: ({ message: response }) => resolve(response),
    });
  });
}

/** How many 422s one INVITE is retried after (each may raise the interval, RFC 4028 §7.1). */
const MAX_422_RETRIES = 2;

/**
 * RFC 4028 §7.1: an INVITE refused with 422 (Session Interval Too Small) is sent again with
 * Session-Expires and Min-SE raised to the Min-SE of the 422 — the same request with the
 * next CSeq, as RFC 3261 §8.1.3.5 retries after a challenge. sip.js 0.21 ends the call on a
 * 422; this wraps the initial INVITEs' client (`core.invite`) to retry the way sip.js itself
 * retries a 401/407 (its `authenticationGuard`, which runs before any response is handled).
 */
export function retryAfter422(core: Core.UserAgentCore, settings: SessionTimerSettings): void {
  const invite = core.invite.bind(core);
  core.invite = (request, delegate) => {
    const client = invite(request, delegate);
    const guarded = client as unknown as { authenticationGuard(message: Core.IncomingResponseMessage, dialog?: unknown): boolean; init(): void };
    const guard = guarded.authenticationGuard.bind(client);
    let retries = 0;
    let floor = settings.minExpires;
    guarded.authenticationGuard = (response, dialog) => {
      const minSe = parseMinSe(response.getHeader('Min-SE'));
      if (response.statusCode !== 422 || dialog || minSe === undefined || minSe <= floor || retries >= MAX_422_RETRIES) return guard(response, dialog);
      retries++;
      floor = minSe;
      const timerHeader = /^(session-expires|x|min-se)\s*:/i;
      request.extraHeaders = [...request.extraHeaders.filter((line) => !timerHeader.test(line)), ...inviteTimerHeaders(settings, floor)];
      request.cseq += 1;
      request.setHeader('cseq', `${request.cseq} ${request.method}`);
      guarded.init();
      return false;
    };
    return client;
  };
}

const allowsUpdate = (allow: readonly string[]): boolean => allow.some((value) => value.split(',').some((method) => method.trim().toUpperCase() === 'UPDATE'));

const timerRequest = (request: Core.IncomingRequestMessage): TimerRequest => ({
  sessionExpires: request.getHeader('Session-Expires'),
  supported: request.getHeaders('Supported').join(','),
});

/** The Min-SE a 422 to `request` carries, when its interval is below ours (RFC 4028 §9). */
export function tooSmall(request: Core.IncomingRequestMessage, settings: SessionTimerSettings): number | undefined {
  const answer = answerTimer(timerRequest(request), settings);
  return answer && 'tooSmall' in answer ? answer.tooSmall : undefined;
}

/** What the in-dialog INVITE handler of sip.js 0.21 (internal) looks like. */
interface ReinviteHandler {
  onInviteRequest(request: Core.IncomingInviteRequest): void;
}

/**
 * One call's session timer over sip.js: the headers its requests and answers carry, what the
 * peer's answers and refreshes agree, and the refresh itself (UPDATE when the peer's Allow
 * lists it, RFC 4028 §7.4; else a re-INVITE without an offer, which leaves the media as it is).
 */
export class SipSessionTimer {
  private readonly timer: SessionTimer;
  private peerAllowsUpdate = false;
  /** The initial INVITE's timer, when the kit is its UAS. */
  private readonly initial: Negotiated | undefined;
  private readonly initialHeaders: readonly string[] = [];

  constructor(
    private readonly session: Session,
    private readonly settings: SessionTimerSettings,
    expire: () => void,
  ) {
    this.timer = new SessionTimer({ refresh: () => this.refresh(), expire });
    if (session instanceof Invitation) {
      this.peerAllowsUpdate = allowsUpdate(session.request.getHeaders('Allow'));
      const answer = answerTimer(timerRequest(session.request), settings);
      if (answer && 'negotiated' in answer) {
        this.initial = answer.negotiated;
        this.initialHeaders = answer.headers;
      }
    }
    this.answerReinvites();
  }

  /** Headers for the 2xx to the initial INVITE (the kit as UAS). */
  get acceptHeaders(): readonly string[] {
    return this.initialHeaders;
  }

  /** The interval agreed and who refreshes; undefined when the call has no timer. */
  get negotiated(): Negotiated | undefined {
    return this.timer.negotiated;
  }

  /** The call was answered: the timer starts (the kit as UAS). */
  established(): void {
    if (this.session instanceof Invitation) this.timer.set(this.initial);
  }

  /** The 2xx to the initial INVITE (the kit as UAC): what the peer agreed, and whether it allows UPDATE. */
  inviteAccepted(response: Core.IncomingResponseMessage): void {
    this.peerAllowsUpdate = allowsUpdate(response.getHeaders('Allow'));
    this.timer.set(acceptedTimer(response.getHeader('Session-Expires')));
  }

  /** RFC 4028 §7.4: a re-INVITE or UPDATE of ours refreshes too, with the current interval and refresher. */
  requestHeaders(): string[] {
    const current = this.timer.negotiated;
    if (!current) return [];
    return [`Session-Expires: ${current.interval};refresher=${current.refresher === 'local' ? 'uac' : 'uas'}`, `Min-SE: ${this.settings.minExpires}`];
  }

  /** The 2xx to a re-INVITE or UPDATE of ours: a new interval starts (none when it has no Session-Expires, RFC 4028 §7.2). */
  requestAccepted(response: Core.IncomingResponseMessage): void {
    if (this.timer.negotiated) this.timer.set(acceptedTimer(response.getHeader('Session-Expires')));
  }

  /** How to answer the peer's re-INVITE or UPDATE (RFC 4028 §9). */
  answerPeer(request: Core.IncomingRequestMessage): TimerAnswer | undefined {
    return answerTimer(timerRequest(request), this.settings);
  }

  /** The peer's re-INVITE or UPDATE was accepted: a new interval from now, as our 2xx said. */
  peerRefreshed(answer: TimerAnswer | undefined): void {
    this.timer.set(answer && 'negotiated' in answer ? answer.negotiated : undefined);
  }

  stop(): void {
    this.timer.stop();
  }

  /**
   * sip.js 0.21 answers a re-INVITE with only a Contact: its 2xx gets the Session-Expires the
   * refresh asked for (RFC 4028 §9), and a too small interval gets 422.
   */
  private answerReinvites(): void {
    const handler = this.session as unknown as ReinviteHandler;
    const handle = handler.onInviteRequest.bind(this.session);
    handler.onInviteRequest = (request) => {
      const answer = this.answerPeer(request.message);
      if (answer && 'tooSmall' in answer) {
        request.reject({ statusCode: 422, extraHeaders: [`Min-SE: ${answer.tooSmall}`] });
        return;
      }
      const accept = request.accept.bind(request);
      request.accept = (options) => {
        const response = accept({ statusCode: 200, ...options, extraHeaders: [...(options?.extraHeaders ?? []), ...(answer?.headers ?? [])] });
        this.peerRefreshed(answer);
        return response;
      };
      handle(request);
    };
  }

  /** The refresh the kit sends as refresher. */
  private async refresh(): Promise<RefreshOutcome> {
    const { session } = this;
    const dialog = session.dialog as unknown as Core.SessionDialog | undefined;
    if (session.state !== SessionState.Established || !dialog) return 'failed';
    const headers = [...this.requestHeaders(), `Contact: ${session.userAgent.contact.toString()}`];
    if (this.peerAllowsUpdate) {
      const response = await sendUpdate(dialog, headers);
      const outcome = refreshOutcome(response.statusCode ?? 0);
      if (outcome === 'refreshed') this.requestAccepted(response);
      return outcome;
    }
    return new Promise<RefreshOutcome>((resolve) => {
      session
        .invite({
          withoutSdp: true,
          requestOptions: { extraHeaders: this.requestHeaders() },
          requestDelegate: {
            onAccept: ({ message }) => {
              this.requestAccepted(message);
              resolve('refreshed');
            },
            onReject: ({ message }) => resolve(refreshOutcome(message.statusCode ?? 0)),
          },
        })
        // Another re-INVITE (ours or the peer's, RFC 3261 §14.1) is in progress, or the
        // connection is down: try again later.
        .catch(() => resolve('failed'));
    });
  }
}
