import { msg, str } from '@lit/localize';
import type { CallSnapshot } from '../core/call.js';
import { ErrorCode } from '../core/errors.js';
import type { PhoneSnapshot } from '../core/phone.js';
import { CallDirection, CallEndReason, ConnectionState, RegistrationState } from '../core/states.js';
import type { PhoneProblem } from '../context/phone-context.js';

/**
 * What helps: connect again, reconnect now rather than after the countdown, sign in again (or
 * register with new credentials), or let the microphone be used.
 */
export type StatusAction = 'retry' | 'reconnect' | 'sign-in' | 'microphone';

/** How loud a status is: `busy` (working on it), `warning` (degraded), `error` (calls cannot be made). */
export type StatusTone = 'busy' | 'warning' | 'error';

/** One line about the phone for people: what is going on, what it means, what to press. */
export interface PhoneStatus {
  /** A stable name for styles and tests (`registration-rejected`, `reconnecting`…). */
  readonly kind: string;
  readonly tone: StatusTone;
  readonly title: string;
  /** What screen readers are told instead of `title` when the title ticks (a countdown would be announced every second). */
  readonly spoken?: string;
  readonly detail: string;
  readonly action: StatusAction | undefined;
}

/** Problems of the phone itself: what the provider keeps as its `problem` until it is solved. */
export const PROBLEM_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ErrorCode.RegistrationRejected,
  ErrorCode.RegistrationFailed,
  ErrorCode.ServerUnreachable,
  ErrorCode.InsecureServer,
  ErrorCode.InvalidConfiguration,
  ErrorCode.CredentialsFailed,
  ErrorCode.TokenExpired,
  ErrorCode.TokenFetchFailed,
  ErrorCode.TooManyDevices,
  ErrorCode.SessionEnded,
  ErrorCode.VoipPermissionMissing,
  ErrorCode.VoipUnavailable,
  ErrorCode.MicrophoneDenied,
  ErrorCode.NoMicrophone,
  ErrorCode.MediaFailed,
]);

/** Microphone problems are solved by a working microphone, not by registering again. */
export const MICROPHONE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([ErrorCode.MicrophoneDenied, ErrorCode.NoMicrophone, ErrorCode.MediaFailed]);

function problemStatus(problem: PhoneProblem): PhoneStatus {
  const status = (tone: StatusTone, title: string, detail: string, action?: StatusAction): PhoneStatus => ({ kind: problem.code, tone, title, detail, action });
  switch (problem.code) {
    case ErrorCode.RegistrationRejected:
      return status('error', msg('Wrong user name or password'), msg('The server refused the sign-in. Check the SIP user name and password.'), 'sign-in');
    case ErrorCode.TokenExpired:
    case ErrorCode.SessionEnded:
    case ErrorCode.CredentialsFailed:
    case ErrorCode.TokenFetchFailed:
      return status('error', msg('Signed out of the phone'), msg('Your phone sign-in ran out or could not be renewed. Sign in again.'), 'sign-in');
    case ErrorCode.ServerUnreachable:
      return status(
        'error',
        msg('Can’t reach the phone server'),
        msg('The server is down or the address is wrong. Check the connection and try again.'),
        'retry',
      );
    case ErrorCode.RegistrationFailed:
      return status('error', msg('Not signed in to the phone server'), msg('The server did not accept the sign-in in time. Try again.'), 'retry');
    case ErrorCode.TooManyDevices:
      return status('error', msg('Too many devices'), msg('This account is signed in on too many devices. Sign out of one and try again.'), 'retry');
    case ErrorCode.MicrophoneDenied:
      return status('error', msg('Microphone blocked'), msg('Allow the microphone for this site in the browser, then try again.'), 'microphone');
    case ErrorCode.NoMicrophone:
    case ErrorCode.MediaFailed:
      return status('error', msg('No working microphone'), msg('Connect a microphone, or close other apps that use it, then try again.'), 'microphone');
    default:
      return status('error', msg('The phone is not working'), problem.message);
  }
}

/** Whole seconds until `at` (rounded up, so the count ends at 1), or 0 once it has passed. */
export const secondsUntil = (at: number | undefined, now: number): number => (at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000)));

/**
 * What to tell the user about the phone as a whole, or undefined when all is well (registered,
 * or connected with registration turned off). A problem the provider kept wins over the
 * connection state, because it says why. `now` (ms since epoch) counts down to the next
 * reconnection attempt.
 */
export function phoneStatus(snapshot: PhoneSnapshot | undefined, problem: PhoneProblem | undefined, now = Date.now()): PhoneStatus | undefined {
  if (!snapshot) return undefined;
  const registered = snapshot.registration === RegistrationState.Registered;
  // A microphone problem stays until solved; the others end when the phone is signed in again.
  if (problem && (!registered || MICROPHONE_CODES.has(problem.code))) return problemStatus(problem);
  const status = (kind: string, tone: StatusTone, title: string, detail = '', action?: StatusAction): PhoneStatus => ({ kind, tone, title, detail, action });
  switch (snapshot.connection) {
    case ConnectionState.Reconnecting: {
      const wait = secondsUntil(snapshot.reconnectAt, now);
      return {
        ...status(
          'reconnecting',
          'warning',
          wait > 0 ? msg(str`Reconnecting in ${wait} s…`) : msg('Reconnecting…'),
          snapshot.connectionAttempt ? msg(str`The connection was lost. Attempt ${snapshot.connectionAttempt}.`) : msg('The connection was lost.'),
          // While an attempt waits out its backoff; the attempt under way needs no button.
          wait > 0 ? 'reconnect' : undefined,
        ),
        spoken: msg('Reconnecting…'),
      };
    }
    case ConnectionState.Connecting:
      return status('connecting', 'busy', msg('Connecting…'));
    case ConnectionState.Disconnected:
      return status('offline', 'warning', msg('Offline'), msg('The phone is not connected to its server.'), 'retry');
    case ConnectionState.Connected:
      break;
  }
  switch (snapshot.registration) {
    case RegistrationState.Registering:
      return status('registering', 'busy', msg('Signing in…'));
    case RegistrationState.Failed:
      return status('registration-failed', 'error', msg('Not signed in to the phone server'), msg('Calls cannot be made or received. Try again.'), 'retry');
    default:
      return undefined;
  }
}

/** What the button of a status says. */
export function actionLabel(action: StatusAction): string {
  switch (action) {
    case 'retry':
      return msg('Try again');
    case 'reconnect':
      return msg('Retry now');
    case 'sign-in':
      return msg('Sign in again');
    case 'microphone':
      return msg('Allow microphone');
  }
}

/** How a call ended, for people: a short title and, when it helps, what happened. */
export interface CallOutcome {
  readonly kind: CallEndReason;
  readonly title: string;
  readonly detail: string;
  /** The call did not reach anyone: offer to call again. */
  readonly retry: boolean;
}

const FAILURE_DETAIL: Partial<Record<ErrorCode, () => string>> = {
  [ErrorCode.IceFailed]: () => msg('The audio connection could not be set up.'),
  [ErrorCode.Unavailable]: () => msg('The service is temporarily unavailable.'),
  [ErrorCode.RequestTimeout]: () => msg('Nobody answered in time.'),
  [ErrorCode.MicrophoneDenied]: () => msg('The microphone is blocked.'),
  [ErrorCode.NoMicrophone]: () => msg('No microphone was found.'),
  [ErrorCode.ServerUnreachable]: () => msg('The phone server cannot be reached.'),
};

export function callOutcome(call: CallSnapshot): CallOutcome {
  const reason = call.endReason ?? CallEndReason.RemoteHangup;
  const outcome = (title: string, detail = '', retry = false): CallOutcome => ({ kind: reason, title, detail, retry });
  const inbound = call.direction === CallDirection.Inbound;
  switch (reason) {
    case CallEndReason.Busy:
      return outcome(msg('Busy'), msg('The person you called is busy. Try again later.'), true);
    case CallEndReason.RemoteDeclined:
      return outcome(msg('Call declined'), msg('The person you called declined the call.'), true);
    case CallEndReason.NotFound:
      return outcome(msg('Number not found'), msg('That number or user does not exist or is not online. Check the number.'), true);
    case CallEndReason.Timeout:
      return outcome(msg('No answer'), msg('Nobody answered the call.'), true);
    case CallEndReason.Failed: {
      const detail = call.endCode ? FAILURE_DETAIL[call.endCode]?.() : undefined;
      return outcome(msg('Call failed'), detail ?? msg('The server or the other side answered with an error.'), true);
    }
    case CallEndReason.AnsweredElsewhere:
      return outcome(msg('Answered elsewhere'), msg('Another of your devices took the call.'));
    case CallEndReason.Transferred:
      return outcome(msg('Call transferred'));
    case CallEndReason.Declined:
      return outcome(msg('Call declined'));
    case CallEndReason.Cancelled:
      return inbound ? outcome(msg('Missed call'), msg('The caller hung up before the call was answered.')) : outcome(msg('Call cancelled'));
    case CallEndReason.LocalHangup:
      return outcome(call.startedAt === undefined ? msg('Call cancelled') : msg('Call ended'));
    case CallEndReason.RemoteHangup:
      return outcome(msg('Call ended'));
  }
}
