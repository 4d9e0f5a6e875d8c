import { html, type TemplateResult } from 'lit';
import type { RemoteParty } from '../core/sip/types.js';
import { icons } from '../themes/icons.js';

/**
 * Who is on the other end, as every element shows it: the one place a name, a number and a
 * picture (initials) are derived from a call's remote party or a recent-calls entry, so a
 * caller lookup plugs in here once and every element shows its result. Untrusted text:
 * rendered as text, never as markup.
 */
export interface Party {
  /** The display name, else the number or user, else the address. */
  readonly name: string;
  /** The number or address under the name; '' when the name already is the number. */
  readonly number: string;
  /** One or two letters for the picture; '' when the name has none (a number): a person icon then. */
  readonly initials: string;
}

type PartySource = Pick<RemoteParty, 'displayName' | 'user' | 'uri'>;

export function partyOf(remote: PartySource): Party {
  const displayName = remote.displayName.trim();
  const name = displayName || remote.user || remote.uri;
  return { name, number: displayName ? remote.user || remote.uri : '', initials: displayName ? initialsOf(displayName) : '' };
}

/** First letters of the first and last words that start with a letter ("Bob Example" → "BE"). */
function initialsOf(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word));
  const first = words[0];
  if (!first) return '';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  return [first, last].map((word) => ([...(word ?? '')][0] ?? '').toLocaleUpperCase()).join('');
}

/** Who is on the other end, for people: the display name, else the number or user. Untrusted text. */
export function callerName(call: { readonly remote: PartySource }): string {
  return partyOf(call.remote).name;
}

/** The number or address under the name, when the name is a display name. */
export function callerNumber(call: { readonly remote: PartySource }): string {
  return partyOf(call.remote).number;
}

/** The party's picture: initials in a circle, or a person icon. Decorative: the name beside it is the text. */
export function renderAvatar(party: Party): TemplateResult {
  return html`<span part="avatar" class="avatar" aria-hidden="true">${party.initials || icons.person}</span>`;
}
