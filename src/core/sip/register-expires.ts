/**
 * sip.js 0.21 re-REGISTERs after 90 % of the `expires` a registrar grants, with a plain
 * `setTimeout`: a 200 that grants 0 (or garbage, read as NaN) makes it re-REGISTER at once,
 * for ever; so does one beyond 2^31 − 1 ms (about 24.8 days), which browsers wrap round
 * to 0 — and the registration is then also declared expired at once. A registrar may shorten
 * the interval asked for, never lengthen it (RFC 3261 §10.3 step 7), so the grant is read as
 * at least {@link MIN_REGISTER_EXPIRES} and at most what was asked. Plain strings, no sip.js.
 */

/** The shortest grant believed, in seconds: the next REGISTER leaves 27 s later at the earliest. */
export const MIN_REGISTER_EXPIRES = 30;

const REGISTER_SUCCESS = /^SIP\/2\.0 2\d\d /;
const REGISTER_CSEQ = /^cseq\s*:\s*\d+\s+REGISTER\s*$/im;
const CONTACT_LINE = /^((?:contact|m)\s*:[^\r\n]*)$/gim;
const EXPIRES_PARAM = /;(\s*)expires(\s*)=(\s*)([^;,\s>]*)/gi;
const EXPIRES_LINE = /^(expires\s*:\s*)([^\r\n]*)$/gim;

/** `text` with the expiry a 2xx to REGISTER grants kept within [MIN_REGISTER_EXPIRES, asked]; other messages unchanged. */
export function boundRegisterExpires(text: string, asked: number): string {
  if (!REGISTER_SUCCESS.test(text)) return text;
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  if (!REGISTER_CSEQ.test(head)) return text;
  const bound = (value: string): string => {
    const seconds = /^\d{1,10}$/.test(value.trim()) ? Number(value) : asked;
    return String(Math.min(asked, Math.max(MIN_REGISTER_EXPIRES, seconds)));
  };
  const rewritten = head
    .replace(CONTACT_LINE, (line: string) =>
      line.replace(EXPIRES_PARAM, (_, a: string, b: string, c: string, value: string) => `;${a}expires${b}=${c}${bound(value)}`),
    )
    .replace(EXPIRES_LINE, (_, name: string, value: string) => name + bound(value));
  return rewritten + (split < 0 ? '' : text.slice(split));
}
