import type { PhoneError } from '../../core/errors.js';
import type { PhoneSnapshot } from '../../core/phone.js';
import { CallState, RegistrationState } from '../../core/states.js';
import type { PhoneProblem, ProblemDisplay } from '../../context/phone-context.js';
import { MICROPHONE_CODES, PROBLEM_CODES } from '../../internal/phone-status.js';

interface ProblemHost {
  dispatchEvent(event: Event): boolean;
  /** The problem changed: publish a new context value. */
  changed(): void;
}

/**
 * The provider's `rc-error`s and what becomes of them: the phone's last problem (kept for the
 * elements that show it until it is solved), and a console line for an error that nobody
 * handled nor shows — a wrong password must not fail in silence.
 */
export class ProblemTracker {
  /** The problem to show; undefined when none. */
  current: PhoneProblem | undefined;
  private displays = 0;
  /** Codes already logged, so a server that stays down is logged once, not on every attempt. */
  private readonly logged = new Set<string>();

  readonly display: ProblemDisplay = Object.freeze({
    show: (): (() => void) => {
      this.displays++;
      let shown = true;
      return () => {
        if (shown) this.displays--;
        shown = false;
      };
    },
    dismiss: (): void => this.set(undefined),
  });

  constructor(private readonly host: ProblemHost) {}

  /** Fires `rc-error` for `error`, keeps it when it is a problem of the phone, logs it when unseen. */
  report(error: PhoneError, callId: string | undefined): void {
    const detail = { code: error.code, error, callId };
    let read = false;
    const event = new CustomEvent('rc-error', { detail, bubbles: true, composed: true });
    // A listener that never looks at the detail did not handle the error.
    Object.defineProperty(event, 'detail', {
      get: () => {
        read = true;
        return detail;
      },
    });
    this.host.dispatchEvent(event);
    const problem = PROBLEM_CODES.has(error.code);
    if (problem) this.set(Object.freeze({ code: error.code, message: error.message }));
    if (read || (problem && this.displays > 0) || this.logged.has(error.code)) return;
    this.logged.add(error.code);
    console.warn(`[rc-phone-kit] rc-error ${error.code}: ${error.message}`);
  }

  /** Forgets a problem the phone has solved: registered again, or a call has audio (the microphone works). */
  seen(snapshot: PhoneSnapshot): void {
    const problem = this.current;
    if (!problem) return;
    const solved = MICROPHONE_CODES.has(problem.code)
      ? snapshot.calls.some((call) => call.state === CallState.Established)
      : snapshot.registration === RegistrationState.Registered;
    if (solved) this.set(undefined);
  }

  /** A new phone (settings changed): old problems and logs no longer apply. */
  reset(): void {
    this.logged.clear();
    this.set(undefined);
  }

  private set(problem: PhoneProblem | undefined): void {
    if (problem === this.current || (problem && this.current && problem.code === this.current.code && problem.message === this.current.message)) return;
    this.current = problem;
    this.host.changed();
  }
}
