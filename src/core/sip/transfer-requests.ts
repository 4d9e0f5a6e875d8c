/**
 * Transfer requests from the network, read as an attacker would write them: a peer's REFER,
 * and an INVITE with Replaces.
 *
 * A peer's REFER (RFC 3515). Any party to a call can
 * send one, so the stack refuses (403) what it can tell is not a plain transfer before the
 * core's transfer policy sees it: a Refer-To that does not parse or is not `sip:`/`sips:`,
 * URI headers other than one strictly well-formed `Replaces` (sip.js would copy them,
 * URI-decoded, into the new INVITE: `Replaces=x%0D%0AP-Asserted-Identity…` adds headers),
 * and every REFER after the first of a dialog. A REFER that is followed gets the NOTIFYs
 * RFC 3515 §2.4.4–2.4.5 asks for, carrying `message/sipfrag` status lines.
 */
import { Grammar, Invitation, Inviter, SessionState, type Core, type Referral, type Session, type URI } from 'sip.js';
import type { IncomingReferral, SipSession } from './types.js';

// RFC 3261 §25.1 `word` (without the < > " \ it also allows: no stack generates them, and
// they only help injection), and `token`.
const WORD = "[A-Za-z0-9\\-.!%*_+`'~():/\\[\\]?{}]+";
const CALL_ID = new RegExp(`^${WORD}(@${WORD})?$`);
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** The dialog a `Replaces` names (RFC 3891 §6.1), re-serialised from its checked parts. */
export interface ReplacesValue {
  readonly callId: string;
  readonly toTag: string;
  readonly fromTag: string;
  readonly earlyOnly: boolean;
}

/**
 * RFC 3891 §6.1: `callid *(";" replaces-param)` with exactly one `to-tag`, one `from-tag`
 * and at most one `early-only`; undefined for anything else (other parameters, CR/LF,
 * spaces, commas, a second value).
 */
export function parseReplaces(encoded: string): ReplacesValue | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  const [callId = '', ...params] = decoded.split(';');
  if (!CALL_ID.test(callId)) return undefined;
  const tags = new Map<string, string>();
  let earlyOnly = false;
  for (const param of params) {
    const [name = '', value, ...rest] = param.split('=');
    const key = name.toLowerCase();
    if (key === 'early-only' && value === undefined && !earlyOnly) earlyOnly = true;
    else if ((key === 'to-tag' || key === 'from-tag') && !tags.has(key) && value !== undefined && rest.length === 0 && TOKEN.test(value)) tags.set(key, value);
    else return undefined;
  }
  const toTag = tags.get('to-tag');
  const fromTag = tags.get('from-tag');
  return toTag && fromTag ? { callId, toTag, fromTag, earlyOnly } : undefined;
}

export const replacesHeader = (value: ReplacesValue): string =>
  `${value.callId};to-tag=${value.toTag};from-tag=${value.fromTag}${value.earlyOnly ? ';early-only' : ''}`;

/** Sessions that have had their one REFER (followed or refused). */
const referred = new WeakSet<Session>();

interface Checked {
  readonly target: URI | undefined;
  readonly replaces: ReplacesValue | undefined;
  readonly refused: string | undefined;
  /** The status a refusal is answered with (RFC 3515 §2.4.2: 400 for a malformed REFER, else 403). */
  readonly status?: number;
}

/** Why a REFER with these Refer-To values is refused, with the status to answer; undefined when it has one that parses. */
function malformed(values: readonly string[]): { refused: string; status: number } | undefined {
  // RFC 3515 §2.4.2: zero or several Refer-To values are answered 400.
  if (values.length !== 1) return { refused: 'not exactly one Refer-To', status: 400 };
  if (Grammar.parse(values[0] ?? '', 'Refer_To') !== -1) return undefined;
  // A well-formed URI of another scheme (tel:, http:) is a target the phone does not follow (403).
  const scheme = /^\s*<?([a-z][a-z0-9+.-]*):[^\s<>]+>?\s*$/i.exec(values[0] ?? '')?.[1];
  return scheme && !/^sips?$/i.test(scheme)
    ? { refused: 'a Refer-To that is not a sip: or sips: URI', status: 403 }
    : { refused: 'a Refer-To that does not parse', status: 400 };
}

function check(referral: Referral, session: Session): Checked {
  const none = { target: undefined, replaces: undefined };
  if (referred.has(session)) return { ...none, refused: 'a second REFER in the same call' };
  referred.add(session);
  const request = referral.request;
  let parsed: unknown;
  try {
    parsed = request.parseHeader('refer-to');
  } catch {
    parsed = undefined;
  }
  const uri = (parsed as { uri?: URI } | undefined)?.uri;
  if (!uri || !/^sips?$/i.test(uri.scheme ?? '')) return { ...none, refused: 'a Refer-To that is not a sip: or sips: URI' };
  const headers = Object.entries(uri.headers as Record<string, string[]>);
  let replaces: ReplacesValue | undefined;
  if (headers.length > 0) {
    const [name = '', values = []] = headers.length === 1 ? (headers[0] ?? []) : [];
    const value = values.length === 1 ? values[0] : undefined;
    replaces = name.toLowerCase() === 'replaces' && value !== undefined ? parseReplaces(value) : undefined;
    if (!replaces) return { ...none, refused: 'a Refer-To with URI headers other than one well-formed Replaces' };
  }
  const target = uri.clone();
  target.clearHeaders();
  return { target, replaces, refused: undefined };
}

/**
 * Sends the REFER's NOTIFYs on `session`'s dialog (RFC 3515 §2.4.4: "100 Trying" at once;
 * §2.4.5: each response of the new INVITE as a sipfrag, the final one ending the implicit
 * subscription). A referrer that has hung up meanwhile gets nothing more.
 */
class ReferNotifier {
  private ended = false;

  constructor(private readonly session: Session) {}

  send(statusCode: number, reasonPhrase: string): void {
    if (this.ended) return;
    const final = statusCode >= 200;
    this.ended = final;
    const dialog = this.session.dialog;
    if (!dialog || this.session.state !== SessionState.Established) return;
    try {
      dialog.notify(undefined, {
        extraHeaders: ['Event: refer', `Subscription-State: ${final ? 'terminated;reason=noresource' : 'active;expires=60'}`],
        body: {
          contentDisposition: 'render',
          contentType: 'message/sipfrag;version=2.0',
          content: `SIP/2.0 ${statusCode} ${reasonPhrase.replace(/[\r\n]/g, ' ')}`.trim(),
        },
      });
    } catch {
      // The dialog ended between the check and the send: the referrer is gone.
    }
  }
}

/**
 * Checks a REFER and hands it on as an {@link IncomingReferral}. `wrap` makes the kit's
 * session of the new outgoing call (with its microphone).
 */
export function incomingReferral(referral: Referral, session: Session, wrap: (inviter: Inviter, localStream: MediaStream) => SipSession): IncomingReferral {
  const { target, replaces, refused, status } = check(referral, session);
  let answered = false;
  const refuse = (statusCode = 403): void => {
    if (answered) return;
    answered = true;
    void referral.reject({ statusCode }).catch(() => undefined);
  };
  if (refused) refuse(status);
  return {
    target: target?.toString() ?? '',
    attended: replaces !== undefined,
    refused,
    refuse,
    follow: async (localStream) => {
      if (answered || !target) throw new Error('This transfer request was already answered.');
      answered = true;
      await referral.accept({ statusCode: 202 });
      const notifier = new ReferNotifier(session);
      notifier.send(100, 'Trying');
      const extraHeaders = replaces ? [`Replaces: ${replacesHeader(replaces)}`] : [];
      // RFC 3892: the new INVITE names who referred us, re-serialised from what parses.
      const referredBy = Grammar.nameAddrHeaderParse(referral.referredBy ?? '')?.uri;
      if (referredBy) extraHeaders.push(`Referred-By: <${referredBy.toString()}>`);
      const inviter = new Inviter(session.userAgent, target, { extraHeaders });
      // sip.js reports each response of a referred INVITE through this method (and its own
      // NOTIFYs say "terminated" even for 1xx): ours follow RFC 3515 §2.4.5 instead.
      (inviter as unknown as { notifyReferer: (response: Core.IncomingResponse) => void }).notifyReferer = (response) =>
        notifier.send(response.message.statusCode ?? 500, response.message.reasonPhrase ?? '');
      inviter.stateChange.addListener((state) => {
        // Ended without a final response (local failure, cancelled): the subscription still ends.
        if (state === SessionState.Terminated) notifier.send(503, 'Service Unavailable');
      });
      return wrap(inviter, localStream);
    },
  };
}

/**
 * The status an INVITE with Replaces must be refused with, per RFC 3891 §3, or undefined
 * when it may go on (to the core, which checks who sent it). sip.js has already answered
 * 481 when no dialog matched, and 486 for `early-only` on a confirmed dialog.
 */
export function replacesRefusal(invitation: Invitation): number | undefined {
  const headers = invitation.request.getHeaders('replaces');
  if (headers.length === 0) return undefined;
  // More than one Replaces, or one sip.js could not parse (so it matched nothing).
  const replacee = invitation.replacee;
  if (headers.length > 1 || !replacee) return 400;
  if (replacee.state === SessionState.Terminated) return 603;
  // "matches an early dialog that was not initiated by this UA": a call ringing here. Taking
  // it over would answer it for whoever knows its dialog id (the caller always does).
  if (replacee instanceof Invitation && replacee.state !== SessionState.Established) return 481;
  return undefined;
}

/**
 * sip.js's parser drops a whole message whose Refer-To it cannot parse (a `tel:` URI,
 * garbage), so such a REFER would go unanswered; and of several Refer-To it keeps the last
 * only, so it cannot tell RFC 3515 §2.4.2's "more than one" apart. Screens a received
 * REFER before sip.js parses it: undefined when sip.js may have it, else the refusal and
 * the text without its Refer-To lines (which sip.js can parse, to answer it statelessly).
 */
export function screenRefer(text: string): { readonly refused: string; readonly status: number; readonly stripped: string } | undefined {
  if (!/^REFER /.test(text)) return undefined;
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const lines = head.split('\r\n');
  const isReferTo = (line: string): boolean => /^(refer-to|r)\s*:/i.test(line);
  const bad = malformed(lines.filter(isReferTo).map((line) => line.slice(line.indexOf(':') + 1).trim()));
  if (!bad) return undefined;
  return { ...bad, stripped: lines.filter((line) => !isReferTo(line)).join('\r\n') + (split < 0 ? '\r\n\r\n' : text.slice(split)) };
}

/** A REFER the stack answered before sip.js could see it, as the {@link IncomingReferral} the core is told of. */
export function refusedReferral(session: Session, refused: string): IncomingReferral {
  referred.add(session);
  return {
    target: '',
    attended: false,
    refused,
    refuse: () => undefined,
    follow: () => Promise.reject(new Error('This transfer request was already answered.')),
  };
}
