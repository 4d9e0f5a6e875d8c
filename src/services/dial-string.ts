/**
 * Turns what people type or paste into something the phone can call: an E.164 number
 * (libphonenumber-js, loaded only when a number needs it), an extension or feature code,
 * a SIP user name, or a `sip:` URI. Pure functions, no DOM.
 */

import type * as LibPhoneNumber from 'libphonenumber-js/min';

export type DialStringProblem = 'empty' | 'invalid' | 'too-long';

export type DialStringResult = { readonly ok: true; readonly target: string } | { readonly ok: false; readonly problem: DialStringProblem };

const MAX_LENGTH = 256;
// Characters people use inside phone numbers, plus the keypad's * and # (feature codes).
// "+" anywhere, so a misplaced one is refused as a number rather than taken for a user name.
const PHONE_CHARS = /^[+\d\s().\-/*#]+$/;
const SEPARATORS = /[\s().\-/]/g;
// RFC 3261 §25.1 `user` without escapes: enough for accounts such as "bob" or "alice.smith".
const SIP_USER = /^[A-Za-z0-9][A-Za-z0-9._\-!~*'+]*$/;
const SIP_URI = /^sips?:[^\s<>"]+$/i;
// Up to this many digits a number without "+" is dialled as typed (extensions, short codes).
const SHORT_NUMBER = 6;

type Lib = typeof LibPhoneNumber;
let lib: Promise<Lib> | undefined;

/** libphonenumber-js with its smallest metadata, fetched on first use (~80 kB). */
function phoneNumbers(): Promise<Lib> {
  lib ??= import('libphonenumber-js/min');
  return lib;
}

/**
 * The dialable part of a `tel:` URI (RFC 3966): the number before any `;` parameters,
 * with its visual separators. Returns the input unchanged when it is not a `tel:` URI.
 */
export function stripTelUri(text: string): string {
  const match = /^tel:([^;?]*)/i.exec(text.trim());
  return match ? decodeURIComponent(match[1] ?? '') : text.trim();
}

/**
 * Normalises a dial string. `defaultCountry` (ISO 3166-1 alpha-2, e.g. "US") lets national
 * numbers become E.164: "(650) 422-3279" → "+16504223279".
 */
export async function normaliseDialString(input: string, defaultCountry?: string): Promise<DialStringResult> {
  const raw = typeof input === 'string' ? input.trim() : '';
  if (!raw) return { ok: false, problem: 'empty' };
  if (raw.length > MAX_LENGTH) return { ok: false, problem: 'too-long' };
  if (/^sips?:/i.test(raw)) return SIP_URI.test(raw) && raw.length > raw.indexOf(':') + 1 ? { ok: true, target: raw } : { ok: false, problem: 'invalid' };
  const text = stripTelUri(raw);
  if (PHONE_CHARS.test(text) && /\d/.test(text)) return normaliseNumber(text, defaultCountry);
  if (SIP_USER.test(text)) return { ok: true, target: text };
  return { ok: false, problem: 'invalid' };
}

async function normaliseNumber(text: string, defaultCountry: string | undefined): Promise<DialStringResult> {
  const compact = text.replace(SEPARATORS, '');
  // "+" may only lead; "*" and "#" make a feature code (*72, #31#), dialled as is.
  if (compact.lastIndexOf('+') > 0) return { ok: false, problem: 'invalid' };
  if (/[*#]/.test(compact)) return compact.startsWith('+') ? { ok: false, problem: 'invalid' } : { ok: true, target: compact };
  const international = compact.startsWith('+');
  const country = defaultCountry?.toUpperCase();
  if (!international && (compact.length <= SHORT_NUMBER || !country)) return { ok: true, target: compact };
  const { parsePhoneNumberFromString, isSupportedCountry } = await phoneNumbers();
  const parsed = international
    ? parsePhoneNumberFromString(compact)
    : country && isSupportedCountry(country)
      ? parsePhoneNumberFromString(compact, country)
      : undefined;
  if (parsed?.isPossible()) return { ok: true, target: parsed.number };
  // An international number must make sense; a national one may be a PBX dial plan's.
  return international ? { ok: false, problem: 'invalid' } : { ok: true, target: compact };
}

/**
 * The keypad tones in pasted text: 0-9, * and #. (RFC 4733 also has A-D, but letters in
 * pasted text are words, not the rare fourth keypad column.)
 */
export function dtmfTones(text: string): string {
  return text.replace(/[^0-9*#]/g, '');
}
