/**
 * Options of one outgoing call: extra SIP headers of its INVITE and how it sends DTMF.
 * They cross tabs inside the `call` command, so they are plain data, and they are checked
 * where the call is placed (the leader tab), like any input.
 */
import { ErrorCode, PhoneError } from './errors.js';

/** How a call sends DTMF: RFC 4733 telephone-events in the RTP stream, or SIP INFO (application/dtmf-relay). */
export type DtmfMethod = 'rfc4733' | 'info';
export const DTMF_METHODS: readonly DtmfMethod[] = ['rfc4733', 'info'];

export interface CallOptions {
  /**
   * Extra headers of the INVITE, one `Name: value` each (e.g. `X-Ticket: 4711`). No line
   * breaks, and none of the headers the SIP stack writes itself (see {@link validHeaders}).
   */
  readonly headers?: readonly string[] | undefined;
  /** How this call sends DTMF; default: the phone's `dtmfTransport`. */
  readonly dtmf?: DtmfMethod | undefined;
  /** @deprecated Use `headers` (the same, checked the same way). */
  readonly extraHeaders?: readonly string[] | undefined;
}

/**
 * Checks `options` before a call is placed with them; resolves to the INVITE's extra
 * headers. Throws `invalid-header`, or `invalid-configuration` for an unknown DTMF method.
 */
export function callHeaders(options: CallOptions, reserved: readonly string[]): string[] {
  if (options.dtmf !== undefined && !isDtmfMethod(options.dtmf))
    throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'The DTMF method is `rfc4733` or `info`.' });
  return validHeaders([...(options.headers ?? []), ...(options.extraHeaders ?? [])], reserved);
}

/** RFC 3261 §25.1 `token`: what a header name may be. */
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
/** No CR, LF or other control characters (HTAB is linear white space, RFC 3261 §25.1). */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const MAX_HEADERS = 16;
const MAX_HEADER_LENGTH = 1024;

/**
 * Headers the stack writes or that change how the request is routed, authenticated, framed
 * or what session it makes: a page's copy would be a second, conflicting value (RFC 3261
 * §20; compact forms, §7.3.3, included). Identity headers are the server's to assert
 * (RFC 3325), and Replaces/Join would take over another dialog (RFC 3891, RFC 3911).
 */
const OWNED = new Set(
  [
    'via v',
    'from f',
    'to t',
    'call-id i',
    'cseq',
    'contact m',
    'max-forwards',
    'route',
    'record-route',
    'content-type c',
    'content-length l',
    'content-encoding e',
    'authorization',
    'proxy-authorization',
    'supported k',
    'require',
    'proxy-require',
    'allow',
    'allow-events u',
    'accept',
    'expires',
    'session-expires x',
    'min-se',
    'rack',
    'rseq',
    'event o',
    'refer-to r',
    'referred-by b',
    'replaces',
    'join',
    'p-asserted-identity',
    'p-preferred-identity',
    'identity y',
  ].flatMap((names) => names.split(' ')),
);

/**
 * `headers` when each is an application header the kit may add; throws `invalid-header`
 * otherwise. A header of `reserved` (the credential provider's own, e.g. RingCentral's
 * `P-rc-*`) may not be given twice either.
 */
export function validHeaders(headers: readonly unknown[], reserved: readonly string[] = []): string[] {
  if (headers.length > MAX_HEADERS) throw invalid(`At most ${MAX_HEADERS} headers per call.`);
  const taken = new Set(reserved.map((header) => headerName(header)));
  return headers.map((header) => {
    if (typeof header !== 'string' || header.length > MAX_HEADER_LENGTH || CONTROL.test(header)) throw invalid('A header must be one line of text.');
    const name = headerName(header);
    if (!TOKEN.test(name) || header.slice(header.indexOf(':') + 1).trim() === '') throw invalid('A header must read `Name: value`.');
    if (OWNED.has(name) || taken.has(name)) throw invalid(`The ${name.slice(0, 32)} header is written by the phone itself.`);
    return header;
  });
}

/** Whether a value from another tab has the shape of {@link CallOptions} (contents are checked by {@link validHeaders}). */
export function isCallOptions(value: unknown): value is CallOptions {
  if (value === undefined) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { headers, dtmf } = value as Record<string, unknown>;
  return (headers === undefined || (Array.isArray(headers) && headers.every((h) => typeof h === 'string'))) && (dtmf === undefined || isDtmfMethod(dtmf));
}

export function isDtmfMethod(value: unknown): value is DtmfMethod {
  return (DTMF_METHODS as readonly unknown[]).includes(value);
}

const headerName = (header: string): string => (header.includes(':') ? header.slice(0, header.indexOf(':')) : '').trim().toLowerCase();
const invalid = (message: string): PhoneError => new PhoneError(ErrorCode.InvalidHeader, { message });
