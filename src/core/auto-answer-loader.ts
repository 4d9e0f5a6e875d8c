import type { AutoAnswerPolicy } from './auto-answer.js';
import type { Call } from './call.js';

/**
 * Has auto-answer consider a ringing `call` (core/auto-answer.ts). That code is a chunk of its
 * own, loaded at the first ringing call a policy may answer: most pages set no policy. The
 * policy is asked asynchronously anyway, and the call checks that it still rings before it
 * answers, so the load changes no outcome.
 */
export function considerAutoAnswerOnDemand(call: Call, policy: AutoAnswerPolicy | undefined): void {
  if (!policy) return;
  // A chunk that fails to load (network gone) leaves the call ringing for the user, as without a policy.
  void import('./auto-answer.js').then(
    (auto) => auto.considerAutoAnswer(call, policy),
    () => undefined,
  );
}
