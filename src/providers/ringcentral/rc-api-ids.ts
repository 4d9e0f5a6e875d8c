/**
 * RingCentral's call identifiers from the `p-rc-api-ids` header, which the platform puts on
 * an incoming INVITE and on the 18x/200 answering an outgoing one:
 * `p-rc-api-ids: party-id=p-a0d7bc131844fz196cfb6059dz833984b0000-1;session-id=s-a0d7bc131844fz196cfb6059dz833984b0000`.
 * `session-id` is what the REST API calls `telephonySessionId` (the Call Control API's
 * `/telephony/sessions/{telephonySessionId}/parties/{partyId}`, the call log's
 * `telephonySessionId`). The header is untrusted text: anything that is not such a list
 * of short, plain identifiers is ignored.
 */
import type { CallPlatformIds } from '../../core/call.js';

// A real header is under 100 characters; a longer one is not the platform's.
const MAX_HEADER = 512;
const PARTY_ID = /^p-[0-9a-z]{1,100}(?:-\d{1,6})?$/i;
const SESSION_ID = /^s-[0-9a-z]{1,100}$/i;

/** Both identifiers, or undefined when the header is missing, too long or not exactly the platform's shape. */
export function parseRcApiIds(header: string | undefined): CallPlatformIds | undefined {
  // Printable ASCII only: a folded or control-laden value (CR/LF, NUL) is refused whole.
  if (!header || header.length > MAX_HEADER || !/^[\x20-\x7e]+$/.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const part of header.split(';')) {
    const [, name = '', value = ''] = /^\s*([a-z-]+)\s*=\s*(\S+?)\s*$/i.exec(part) ?? [];
    if (!name || params.has(name.toLowerCase())) return undefined;
    params.set(name.toLowerCase(), value);
  }
  const partyId = params.get('party-id');
  const telephonySessionId = params.get('session-id');
  if (!partyId || !telephonySessionId || !PARTY_ID.test(partyId) || !SESSION_ID.test(telephonySessionId)) return undefined;
  return { telephonySessionId, partyId };
}
