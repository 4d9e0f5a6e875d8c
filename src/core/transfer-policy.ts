/**
 * Whether this phone follows a peer's request to transfer it (REFER, RFC 3515). Any party
 * to a call can send one, and following it dials through the user's account: without a
 * policy a caller could make the phone call premium numbers or anyone in any domain (toll
 * fraud, caller-ID abuse). The SIP stack has already refused what is malformed
 * (`sip/incoming-refer.ts`); this decides about the target.
 */
import type { Call } from './call.js';
import { ErrorCode, PhoneError, toPhoneError } from './errors.js';
import type { Logger } from './log.js';
import type { IncomingReferral, SipSession } from './sip/types.js';
import { CallEndReason } from './states.js';

/** A peer's transfer request, as a {@link TransferPolicy} function sees it. */
export interface TransferRequest {
  /** The call the request came in. */
  readonly callId: string;
  /** Where the peer wants us to call: a `sip:` or `sips:` URI without URI headers. */
  readonly target: string;
  /** Who asks: the call's remote party. Its identity is only as good as the SIP server's checks. */
  readonly from: string;
  /** An attended transfer: the new call replaces one the target has (RFC 3891). */
  readonly attended: boolean;
}

/**
 * `'same-domain'` (default): follow transfers to `sip:`/`sips:` addresses in this phone's
 * own SIP domain; `'never'`; or a function deciding each {@link TransferRequest} (it may
 * ask the user; after {@link POLICY_TIMEOUT_MS} without an answer the request is refused).
 */
export type TransferPolicy = 'same-domain' | 'never' | ((request: TransferRequest) => boolean | Promise<boolean>);

/** RFC 3261 Timer F is 32 s for the peer's REFER transaction: answer well within it. */
export const POLICY_TIMEOUT_MS = 10_000;

const hostOf = (uri: string): string | undefined => /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;?>]+)/i.exec(uri)?.[1]?.toLowerCase();

/** Whether `policy` allows `request` for a phone whose address of record is `ownUri`. */
export async function transferAllowed(policy: TransferPolicy | undefined, request: TransferRequest, ownUri: string | undefined): Promise<boolean> {
  if (policy === 'never') return false;
  if (policy === undefined || policy === 'same-domain') {
    const own = ownUri === undefined ? undefined : hostOf(ownUri);
    return own !== undefined && hostOf(request.target) === own;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), POLICY_TIMEOUT_MS)));
  try {
    return (await Promise.race([Promise.resolve().then(() => policy(request)), timeout])) === true;
  } finally {
    clearTimeout(timer);
  }
}

/** What following a transfer needs from the phone. */
export interface TransferHost {
  readonly policy: TransferPolicy | undefined;
  ownUri(): string | undefined;
  openMicrophone(): Promise<MediaStream>;
  /** Makes a call of a new session: outgoing (a followed REFER) or taking over `replaced`. */
  adopt(session: SipSession, replaced?: Call): void;
  report(error: PhoneError, call: Call): void;
  readonly log: Logger;
}

/** `user@host` of a SIP URI, or of the first `<…>` of a name-addr; host in lower case. */
const aor = (value: string | undefined): string | undefined => {
  const uri = /<([^>]*)>/.exec(value ?? '')?.[1] ?? value ?? '';
  const [, user = '', host] = /^sips?:(?:([^@;?]*)@)?([^;?>:]+)/i.exec(uri.trim()) ?? [];
  return host === undefined ? undefined : `${user}@${host.toLowerCase()}`;
};

/** Calls that have had a refused transfer reported: a flood of REFERs is one `rc-error`. */
const reported = new WeakSet<Call>();

/**
 * RFC 3891 §3: "the UA SHOULD verify that the initiator of the new INVITE is authorized to
 * replace the matched dialog". Allowed: the party of the replaced call itself (another of
 * its devices), or someone it referred (Referred-By naming it, RFC 3892: the transferee of
 * an attended transfer it completes) when the policy is not `'never'` and a policy function
 * agrees. Identities are only as good as the SIP server's authentication of From.
 */
async function replacementAllowed(policy: TransferPolicy | undefined, replaced: Call, session: SipSession): Promise<boolean> {
  const party = aor(replaced.remote.uri);
  if (party === undefined) return false;
  if (aor(session.remote.uri) === party) return true;
  const referredBy = session.header('Referred-By');
  if (aor(referredBy) !== party || policy === 'never') return false;
  if (typeof policy !== 'function') return true;
  return transferAllowed(policy, { callId: replaced.id, target: session.remote.uri, from: replaced.remote.uri, attended: true }, undefined);
}

/** An INVITE with Replaces for `replaced`: takes the call over when allowed, else answers 403 and reports `transfer-refused`. */
export function handleReplacement(host: TransferHost, replaced: Call, session: SipSession): void {
  replacementAllowed(host.policy, replaced, session)
    .catch(() => false)
    .then((allowed) => {
      if (allowed) {
        host.adopt(session, replaced);
        return;
      }
      void session.reject(403).catch(() => undefined);
      host.log('warn', `call ${replaced.id}: an INVITE to replace it came from a party that may not (403)`);
      host.report(
        new PhoneError(ErrorCode.TransferRefused, { message: 'Someone who is not in this call tried to take it over; the phone refused.' }),
        replaced,
      );
    });
}

/** Decides a peer's REFER on `call`, then follows it (a new outgoing call) or refuses it (403) and reports `transfer-refused`. */
export function handleReferral(host: TransferHost, call: Call, referral: IncomingReferral): void {
  const refuse = (why: string): void => {
    referral.refuse();
    host.log('warn', `call ${call.id}: transfer request refused (${why})`);
    if (reported.has(call)) return;
    reported.add(call);
    host.report(new PhoneError(ErrorCode.TransferRefused, { message: `The other party asked to transfer this call, and the phone refused: ${why}.` }), call);
  };
  if (referral.refused) {
    refuse(referral.refused);
    return;
  }
  const request: TransferRequest = { callId: call.id, target: referral.target, from: call.remote.uri, attended: referral.attended };
  const follow = async (): Promise<void> => {
    if (!(await transferAllowed(host.policy, request, host.ownUri()))) {
      refuse('the target is not allowed by the transfer policy');
      return;
    }
    let stream: MediaStream;
    try {
      stream = await host.openMicrophone();
    } catch (error) {
      // RFC 3515 §2.4.2: we cannot follow it; 503 tells the referrer it is not a refusal of policy.
      referral.refuse(503);
      throw error;
    }
    const session = await referral.follow(stream);
    call.expectEnd(CallEndReason.Transferred);
    host.adopt(session);
    await session.invite().catch(() => undefined);
    host.log('log', `call ${call.id} transferred to ${request.target}`);
  };
  follow().catch((error: unknown) => host.report(toPhoneError(error, ErrorCode.TransferFailed), call));
}
