/**
 * A peer's Contact is where the kit sends every later request of the dialog (RFC 3261 §12.1.2:
 * the remote target). What a hostile or broken peer can put there, taken before sip.js reads
 * the message:
 *
 * - URI headers (`<sip:x@h?Subject=x&Call-Info=…>`): RFC 3261 §19.1.1 (Table 1) allows no
 *   headers component in a dialog's Contact nor in a Request-URI, so they are removed and never
 *   reach the requests sent to it. Removing them matters for delivery too: a proxy that appends
 *   `;alias=` to a NATed Contact (Kamailio's `set_contact_alias`) writes it after them, and
 *   sip.js 0.21 then cannot read the Contact and drops the whole INVITE, unanswered.
 * - A Contact sip.js cannot read at all (`tel:`, `sip:@host` with an empty user, garbage):
 *   RFC 3261 §8.1.1.8 wants a SIP or SIPS URI there. sip.js drops such a message without an
 *   answer, and the caller waits for its timer; the request is read without it here so that it
 *   can be answered 400 (RFC 3261 §21.4.1) at once.
 * - Escapes in the user part that sip.js does not write back ({@link RemoteTargets}).
 */
import { Core, Grammar } from 'sip.js';
import { CallRewrites } from './per-call.js';

/** The Contact header lines (long and compact forms, RFC 3261 §7.3.3) of a message's head. */
const CONTACT = /^((?:contact|m)[ \t]*:)([^\r\n]*)$/gim;
/** The same lines with the line break before them: what removing them takes. */
const CONTACT_LINE = /\r\n(?:contact|m)[ \t]*:[^\r\n]*/gi;

/**
 * The headers component of a bracketed SIP URI (RFC 3261 §25.1): the first `?` after the userinfo
 * (which ends at the URI's only `@`, and may itself hold a `?`) starts it; no `;` or `>` can be
 * inside it, so it ends at a parameter a proxy appended after it, or at the `>`.
 */
const URI_HEADERS = /(<sips?:(?:[^>@]*@)?[^>?]*)\?[^;>]*/gi;

export interface ScreenedContact {
  /** The message with the URI headers of its Contacts removed. */
  readonly text: string;
  /** A request (not ACK) whose Contact sip.js cannot read, read without it: to be answered 400. */
  readonly unreadable?: Core.IncomingRequestMessage;
}

/** Screens the Contacts of a received message (see the module comment); `logger` is sip.js's parser's. */
export function screenContact(received: string, logger: Core.Logger): ScreenedContact {
  const split = received.indexOf('\r\n\r\n');
  const head = split < 0 ? received : received.slice(0, split);
  if (!/^(?:contact|m)[ \t]*:/im.test(head)) return { text: received };
  const body = split < 0 ? '' : received.slice(split);
  const cleaned = head.replace(CONTACT, (_, name: string, value: string) => name + value.replace(URI_HEADERS, '$1'));
  const text = cleaned + body;
  // A response cannot be answered: one sip.js cannot read is dropped, as before.
  if (/^SIP\/2\.0 /.test(cleaned)) return { text };
  const readable = [...cleaned.matchAll(CONTACT)].every(([, , value = '']) => Grammar.parse(value.trim(), 'Contact') !== -1);
  if (readable) return { text };
  const message = Core.Parser.parseMessage(cleaned.replace(CONTACT_LINE, '') + body, logger);
  if (!(message instanceof Core.IncomingRequestMessage)) return { text };
  // An ACK gets no answer (RFC 3261 §17.2.1) and its Contact is never used: read without it.
  if (message.method === 'ACK') return { text: message.data };
  return { text, unreadable: message };
}

/**
 * sip.js 0.21 prints a URI's user part its own way (`URI.escapeUser`): it unescapes `%3A`, `%3F`,
 * `%2F` and `%2B`, so a Contact `sip:a%3Ab@h` becomes the Request-URI `sip:a:b@h`, user `a` with
 * password `b`, and `sip:a%3Fb%3Dc@h` becomes `sip:a?b%3Dc@h`, which the rig's Kamailio does not
 * route at all — not the remote target the peer sent (RFC 3261 §12.1.2; §19.1.4: a reserved
 * character is not equivalent to its escape).
 * The Contact of each call's received messages is remembered as the peer wrote it and put back
 * as the Request-URI of the requests the kit sends to it.
 */
export class RemoteTargets {
  /** Per call: the Request-URI as sip.js prints it → the Contact URI as received. */
  private readonly calls: CallRewrites;

  constructor(limit?: number) {
    this.calls = new CallRewrites(limit);
  }

  /** Remembers the Contact of a received message (already screened) when sip.js would print it otherwise. */
  read(text: string): void {
    const value = /^(?:contact|m)[ \t]*:([^\r\n]*)$/im.exec(text)?.[1]?.trim();
    if (!value) return;
    const parsed: unknown = Grammar.parse(value, 'Contact');
    const uri = Array.isArray(parsed) ? (parsed[0] as { parsed?: Core.NameAddrHeader } | undefined)?.parsed?.uri : undefined;
    // RFC 3261 §20.10: in a Contact without <>, what follows the first `;` are header parameters.
    const raw = /<([^>]*)>/.exec(value)?.[1] ?? value.replace(/;.*/, '').trim();
    if (!uri || uri.toRaw() === raw) return;
    this.calls.add(text, [[uri.toRaw(), raw]]);
  }

  /** A request the kit sends, its Request-URI written as the peer wrote the Contact it stands for. */
  restore(message: string): string {
    const targets = this.calls.of(message);
    if (!targets) return message;
    return message.replace(/^([A-Z]+) (\S+) (SIP\/2\.0\r\n)/, (line: string, method: string, ruri: string, rest: string) => {
      const raw = targets.get(ruri);
      return raw === undefined ? line : `${method} ${raw} ${rest}`;
    });
  }
}
