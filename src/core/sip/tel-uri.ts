/**
 * sip.js 0.21's parser cannot read a `tel:` URI (RFC 3966) in From or To and drops the whole
 * message: a call whose From is `<tel:+1…>` (as PSTN gateways write it) never rings, and the
 * caller's INVITE is never answered. RFC 3261 §19.1.6 maps a telephone number to a SIP URI
 * with `user=phone`; From and To are rewritten so before sip.js reads the message, with the
 * phone's own domain as host (a call back then goes through the phone's own server). What the
 * kit sends in that call is written back with the peer's `tel:` URIs ({@link TelUris}): RFC 3261
 * §8.2.6.2 wants a response's From and To as the request had them, and §12.1.1 / §12.2.1.1 the
 * To and From of in-dialog requests as the remote and local URIs the peer sent — a gateway may
 * compare them, not only the tags. Plain strings, no sip.js.
 */

import { CallRewrites } from './per-call.js';

/** The From and To header lines (long and compact forms, RFC 3261 §7.3.3) of a message's head. */
const FROM_OR_TO = /^((?:from|to|f|t)\s*:)([^\r\n]*)$/gim;

/**
 * `<tel:…>` anywhere in the value, or a bare `tel:…` as the whole addr-spec, whose `;` parameters
 * then belong to the header (RFC 3261 §20.10: the `;tag=`).
 */
const BRACKETED = /<tel:([^>\s@]+)>/gi;
const BARE = /^(\s*)tel:([^;\s,<>@]+)/i;

/**
 * `text` with every `tel:` URI of its From and To as `<sip:…@host;user=phone>`; unchanged when
 * there is none. `rewrote` is told each SIP URI written and the `tel:` URI it stands for.
 */
export function telToSip(text: string, host: string, rewrote?: (sip: string, tel: string) => void): string {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  if (!/tel:/i.test(head)) return text;
  const sip = (number: string): string => {
    rewrote?.(`sip:${number}@${host};user=phone`, `tel:${number}`);
    return `<sip:${number}@${host};user=phone>`;
  };
  const rewritten = head.replace(
    FROM_OR_TO,
    (_, name: string, value: string) =>
      name + value.replace(BRACKETED, (__, number: string) => sip(number)).replace(BARE, (__, space: string, number: string) => space + sip(number)),
  );
  return rewritten + (split < 0 ? '' : text.slice(split));
}

const BRACKETED_SIP = /<(sip:[^>]+)>/gi;

/** The `tel:` URIs of the calls whose From or To were rewritten, to be written back in what the kit sends. */
export class TelUris {
  /** Per call: SIP URI written → the peer's `tel:` URI. */
  private readonly calls: CallRewrites;

  /** `limit`: how many calls are remembered. */
  constructor(
    private readonly host: string,
    limit?: number,
  ) {
    this.calls = new CallRewrites(limit);
  }

  /** A received message, its `tel:` From and To read as SIP URIs ({@link telToSip}) and remembered. */
  read(received: string): string {
    const rewrites: [string, string][] = [];
    const text = telToSip(received, this.host, (sip, tel) => rewrites.push([sip, tel]));
    if (rewrites.length > 0) this.calls.add(text, rewrites);
    return text;
  }

  /** A message the kit sends, with the From and To URIs of a remembered call written back as the peer's `tel:` URIs. */
  restore(message: string): string {
    const rewrites = this.calls.of(message);
    if (!rewrites) return message;
    const split = message.indexOf('\r\n\r\n');
    const head = split < 0 ? message : message.slice(0, split);
    const restored = head.replace(
      FROM_OR_TO,
      (_, name: string, value: string) =>
        name + value.replace(BRACKETED_SIP, (uri: string, sip: string) => (rewrites.has(sip) ? `<${rewrites.get(sip)}>` : uri)),
    );
    return restored + (split < 0 ? '' : message.slice(split));
  }
}
