/**
 * Recordings the RingCentral platform starts by itself — automatic call recording of the
 * extension, or a recording someone starts through the Call Control API — shown in the call's
 * snapshot (`recording`) like the ones the user starts through the kit. The platform says
 * nothing about them over SIP, so the kit reads the call's telephony session
 * (`GET /restapi/v1.0/account/~/telephony/sessions/{telephonySessionId}`, RingCentral's
 * readCallSessionStatus): the party that is this phone (`p-rc-api-ids` party-id) lists its
 * `recordings: [{ id, active }]` (`active` false: paused).
 */
import type { Call } from '../../core/call.js';
import type { Logger } from '../../core/log.js';
import { CallState } from '../../core/states.js';
import { describeFailure } from './errors.js';
import type { RingCentralPlatform } from './sdk.js';

/**
 * When the session is read, in ms after the call is answered. Automatic recording starts as
 * the call is answered (0 s, and 3 s in case the platform lists it a moment later); one that
 * someone starts during the call is seen at 15 s, 1 min or 5 min. At most five requests per
 * call: the endpoint is in RingCentral's "Light" rate-limit group (50 requests a minute per
 * user by default), shared with the app's other Light requests, so even ten calls answered
 * within a minute leave it most of its budget. A recording started after 5 min is not seen.
 */
export const RECORDING_CHECKS_MS: readonly number[] = [0, 3_000, 15_000, 60_000, 300_000];

/**
 * What one sign-in learned about the Call Control API. An app without the CallControl
 * permission is refused every session (403): one refusal is enough for the whole sign-in.
 */
export interface CallControlAccess {
  denied: boolean;
}

export interface PlatformRecordingsOptions {
  readonly platform: Pick<RingCentralPlatform, 'get'>;
  readonly access: CallControlAccess;
  readonly log: Logger;
  readonly checksMs?: readonly number[];
}

interface SessionParty {
  readonly id?: unknown;
  readonly recordings?: readonly { readonly active?: unknown }[];
}

const SESSIONS_PATH = '/restapi/v1.0/account/~/telephony/sessions/';

/** Resolves true after `ms`, false at once when `signal` aborts. */
const wait = (ms: number, signal: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export class PlatformRecordings {
  private readonly followed = new Map<Call, AbortController>();
  /** Whether the user's own recording (the kit's 'record' action) is on, per call. */
  private readonly ownRecording = new WeakMap<Call, boolean>();
  /** Bumped on each of the user's record commands: a read that began before it says nothing about it. */
  private readonly generation = new WeakMap<Call, number>();
  private readonly checksMs: readonly number[];

  constructor(private readonly options: PlatformRecordingsOptions) {
    this.checksMs = options.checksMs ?? RECORDING_CHECKS_MS;
  }

  /** The call changed state: read its session while it is answered, stop (and abort a read) when it ends. */
  follow(call: Call): void {
    if (call.state === CallState.Established && !this.followed.has(call)) {
      const controller = new AbortController();
      this.followed.set(call, controller);
      void this.run(call, controller.signal)
        .catch((error: unknown) => this.options.log('debug', `Reading RingCentral's recordings failed: ${String(error)}`))
        .finally(() => {
          if (this.followed.get(call) === controller) this.followed.delete(call);
        });
    } else if (call.state === CallState.Ended) {
      this.followed.get(call)?.abort();
      this.followed.delete(call);
    }
  }

  /** The user started or stopped recording through the kit, and the platform confirmed it. */
  recorded(call: Call, on: boolean): void {
    this.ownRecording.set(call, on);
    this.generation.set(call, (this.generation.get(call) ?? 0) + 1);
  }

  dispose(): void {
    for (const controller of this.followed.values()) controller.abort();
    this.followed.clear();
  }

  private async run(call: Call, signal: AbortSignal): Promise<void> {
    const answeredAt = Date.now();
    for (const at of this.checksMs) {
      if (!(await wait(Math.max(0, answeredAt + at - Date.now()), signal))) return;
      if (this.options.access.denied) return;
      const ids = call.snapshot().platformIds;
      // No p-rc-api-ids (yet): nothing to ask about at this check.
      if (!ids?.telephonySessionId || !ids.partyId) continue;
      if (!(await this.check(call, ids.telephonySessionId, ids.partyId, signal))) return;
    }
  }

  /** One read of the session; false when there is no point in reading it again. */
  private async check(call: Call, sessionId: string, partyId: string, signal: AbortSignal): Promise<boolean> {
    const generation = this.generation.get(call) ?? 0;
    let parties: unknown;
    try {
      const response = await this.options.platform.get(SESSIONS_PATH + encodeURIComponent(sessionId), undefined, { signal });
      parties = ((await response.json()) as { parties?: unknown } | null)?.parties;
    } catch (error) {
      if (signal.aborted) return false;
      const { status, errorCode } = await describeFailure(error);
      if (status === 403) {
        // No CallControl permission (CMN-401), or the user's role lacks it (CMN-408): no session will be readable.
        if (!this.options.access.denied)
          this.options.log(
            'debug',
            `RingCentral refused the Call Control API (403${errorCode ? ` ${errorCode}` : ''}); recordings the platform starts are not shown.`,
          );
        this.options.access.denied = true;
        return false;
      }
      // Rate-limited or unavailable: the next check, later, may get through. Gone (404), cut off, refused otherwise: stop.
      return status === 429 || (status !== undefined && status >= 500);
    }
    if (signal.aborted || call.state !== CallState.Established) return false;
    // A read from before the user's own record command is stale.
    if ((this.generation.get(call) ?? 0) !== generation) return true;
    const party = Array.isArray(parties) ? (parties as SessionParty[]).find((p) => p?.id === partyId) : undefined;
    const active = Array.isArray(party?.recordings) && party.recordings.some((r) => r?.active === true);
    // The platform may not list the user's own recording: its word only adds to it.
    call.setRecording(active || this.ownRecording.get(call) === true);
    return true;
  }
}
