/**
 * sip.js 0.21's parser cannot read a `tel:` URI (RFC 3966) in From or To and drops the whole
 * message: a call whose From is `<tel:+1…>` (as PSTN gateways write it) never rings, and the
 * caller's INVITE is never answered. RFC 3261 §19.1.6 maps a telephone number to a SIP URI
 * with `user=phone`; From and To are rewritten so before sip.js reads the message, with the
 * phone's own domain as host (a call back then goes through the phone's own server). Dialogs
 * are matched by Call-ID and tags (RFC 3261 §12.2.1.1), not by these URIs. Plain strings, no sip.js.
 */

/** The From and To header lines (long and compact forms, RFC 3261 §7.3.3) of a message's head. */
const FROM_OR_TO = /^((?:from|to|f|t)\s*:)([^\r\n]*)$/gim;

/**
 * `<tel:…>` anywhere in the value, or a bare `tel:…` as the whole addr-spec, whose `;` parameters
 * then belong to the header (RFC 3261 §20.10: the `;tag=`).
 */
const BRACKETED = /<tel:([^>\s@]+)>/gi;
const BARE = /^(\s*)tel:([^;\s,<>@]+)/i;

/** `text` with every `tel:` URI of its From and To as `<sip:…@host;user=phone>`; unchanged when there is none. */
export function telToSip(text: string, host: string): string {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  if (!/tel:/i.test(head)) return text;
  const sip = (number: string): string => `<sip:${number}@${host};user=phone>`;
  const rewritten = head.replace(
    FROM_OR_TO,
    (_, name: string, value: string) =>
      name + value.replace(BRACKETED, (__, number: string) => sip(number)).replace(BARE, (__, space: string, number: string) => space + sip(number)),
  );
  return rewritten + (split < 0 ? '' : text.slice(split));
}
