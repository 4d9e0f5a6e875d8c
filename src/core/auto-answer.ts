/**
 * Auto-answer (intercom, paging): an incoming INVITE may ask to be answered without the
 * user, after a delay. The phone never does so by itself: only when the app's policy
 * (`PhoneOptions.autoAnswer`, the provider's `autoAnswer`) says yes for that call, since a
 * caller who could open the microphone at will could listen in.
 */
import type { Call, CallSnapshot } from './call.js';
import { CallState } from './states.js';

/** What the caller asked for: answer after `after` seconds, and which header said so. */
export interface AutoAnswerRequest {
  readonly after: number;
  readonly header: 'Call-Info' | 'Alert-Info' | 'Answer-Mode';
}

/**
 * Decides whether a call that asks for auto-answer is answered by itself (true) or rings
 * as usual. A policy that throws or rejects counts as no.
 */
export type AutoAnswerPolicy = (call: CallSnapshot, request: AutoAnswerRequest) => boolean | Promise<boolean>;

/** The longest delay honoured (s): a larger one is not an intercom call, and rings as usual. */
const MAX_DELAY = 3_600;

/** A whole number of seconds in 0…MAX_DELAY, else undefined (hostile input: a caller writes what it likes). */
function seconds(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,4}$/.test(raw)) return undefined;
  const value = Number(raw);
  return value <= MAX_DELAY ? value : undefined;
}

/**
 * Reads an auto-answer request from an incoming INVITE's headers:
 * - `Call-Info: <sip:…>;answer-after=N` (Cisco, Polycom, Asterisk paging; draft-ietf-sip-answermode's ancestor);
 * - `Alert-Info: <…>;info=alert-autoanswer` (BroadSoft, Yealink, Snom; `;delay=N` optional), or an
 *   `Alert-Info` that names intercom or auto answer (`Intercom`, `info=alert-intercom`, `Auto Answer`);
 * - `Answer-Mode: Auto` (RFC 5373 §7.1), at once.
 */
export function autoAnswerRequest(header: (name: string) => string | undefined): AutoAnswerRequest | undefined {
  const callInfo = header('Call-Info');
  const after = seconds(/;\s*answer-after\s*=\s*"?([^;,\s"]*)/i.exec(callInfo ?? '')?.[1]);
  if (after !== undefined) return { after, header: 'Call-Info' };
  const alertInfo = header('Alert-Info') ?? '';
  if (/info\s*=\s*alert-(autoanswer|intercom)\b|\bintercom\b|\bauto[\s-]?answer\b/i.test(alertInfo)) {
    const delay = /;\s*delay\s*=\s*"?([^;,\s"]*)/i.exec(alertInfo)?.[1];
    const after = delay === undefined ? 0 : seconds(delay);
    return after === undefined ? undefined : { after, header: 'Alert-Info' };
  }
  // RFC 5373 §7.1: "Auto" asks the UAS to answer without the user.
  if (/^\s*auto\s*(;|$)/i.test(header('Answer-Mode') ?? '')) return { after: 0, header: 'Answer-Mode' };
  return undefined;
}

/**
 * Asks `policy` about a ringing `call` that requests auto-answer, and if it allows, has the
 * call answer itself after the requested delay (the call's snapshot shows when:
 * `autoAnswerAt`, which `Call.cancelAutoAnswer` withdraws). Nothing without a policy.
 */
export function considerAutoAnswer(call: Call, policy: AutoAnswerPolicy | undefined): void {
  const request = policy && autoAnswerRequest((name) => call.header(name));
  if (!policy || !request) return;
  void (async () => {
    const allowed = await Promise.resolve()
      .then(() => policy(call.snapshot(), request))
      .catch(() => false);
    // The caller may have given up, or the user answered, while the page's policy decided.
    if (allowed === true && call.state === CallState.Ringing) call.answerIn(request.after * 1_000);
  })();
}
