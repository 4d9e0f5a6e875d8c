/**
 * Which call the controls act on when several are live. Written once: the phone's snapshot
 * and the testing harness's fake phone must make the same choice, or elements tested
 * against the fake would behave differently against a real phone.
 */
import type { CallSnapshot } from './call.js';
import { CallDirection, CallState } from './states.js';

/** In order: the call talking, else the one being set up, else the ringing one, else one on hold; the newest wins each rule. */
const CURRENT_PRIORITY: readonly ((call: CallSnapshot) => boolean)[] = [
  (call) => call.state === CallState.Established && !call.held,
  (call) => call.direction === CallDirection.Outbound && call.state !== CallState.Established,
  (call) => call.state === CallState.Answering,
  (call) => call.state === CallState.Ringing,
  (call) => call.state === CallState.Established,
];

export function currentCallId(calls: readonly CallSnapshot[]): string | undefined {
  for (const matches of CURRENT_PRIORITY) {
    const found = calls.findLast(matches);
    if (found) return found.id;
  }
  return undefined;
}
