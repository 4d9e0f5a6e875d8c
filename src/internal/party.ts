import { html, nothing, type TemplateResult } from 'lit';
import type { Contact } from '../context/phone-context.js';
import type { CallSnapshot } from '../core/call.js';

/** Who is on the other end of a call, as every element shows it. All of it is untrusted text. */
export interface Party {
  /** The page's contact name, else the display name, else the number or user. */
  readonly name: string;
  /** The number or address under the name ('' when the name already is it). */
  readonly number: string;
  /** An `http(s):` or `data:image/` picture of the contact, from the page's lookup. */
  readonly avatarUrl?: string;
  /** An `http(s):` link to the contact's record, from the page's lookup. */
  readonly href?: string;
}

/** What the page's `resolveContact` is asked about a call: its number or user, else its URI. */
export const contactKey = (call: Pick<CallSnapshot, 'remote'>): string => call.remote.user || call.remote.uri;

/**
 * The one place that derives the party an element shows: the page's contact (from the
 * provider's `resolveContact`, through context) over the call's display name, over its
 * number. `contacts` holds only checked entries (see {@link checkedContact}).
 */
export function partyOf(call: Pick<CallSnapshot, 'remote'>, contacts?: ReadonlyMap<string, Contact>): Party {
  const address = call.remote.user || call.remote.uri;
  const contact = contacts?.get(contactKey(call));
  const name = contact?.name || call.remote.displayName.trim();
  return {
    name: name || address,
    number: name ? address : '',
    ...(contact?.avatarUrl ? { avatarUrl: contact.avatarUrl } : {}),
    ...(contact?.href ? { href: contact.href } : {}),
  };
}

const CONTROL_AND_BIDI = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function checkedUrl(value: unknown, allowed: (url: URL) => boolean): string | undefined {
  if (typeof value !== 'string' || value.length > 64 * 1024) return undefined;
  try {
    const url = new URL(value);
    return allowed(url) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

const isHttp = (url: URL): boolean => url.protocol === 'https:' || url.protocol === 'http:';

/**
 * What the page's lookup answered, kept only where it is safe to show: a name as plain text
 * (control and bidi-override characters removed, at most 128 characters), a picture only
 * from `http(s):` or `data:image/` (never `javascript:` or an SVG document by another
 * scheme), a link only to `http(s):`. Undefined when nothing usable is left.
 */
export function checkedContact(value: unknown): Contact | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, avatarUrl, href } = value as Record<string, unknown>;
  const contact = {
    name: typeof name === 'string' ? name.replace(CONTROL_AND_BIDI, '').trim().slice(0, 128) || undefined : undefined,
    avatarUrl: checkedUrl(avatarUrl, (url) => isHttp(url) || /^data:image\//i.test(url.href)),
    href: checkedUrl(href, isHttp),
  };
  const kept = Object.fromEntries(Object.entries(contact).filter(([, v]) => v !== undefined)) as Contact;
  return Object.keys(kept).length > 0 ? Object.freeze(kept) : undefined;
}

/** The party's name, as a link to the contact's record when the lookup gave one. Text only. */
export function partyName(party: Party): TemplateResult | string {
  return party.href ? html`<a part="contact-link" href=${party.href} target="_blank" rel="noopener noreferrer">${party.name}</a>` : party.name;
}

/** The contact's picture, when the lookup gave one (decorative: the name is beside it). */
export function partyAvatar(party: Party): TemplateResult | typeof nothing {
  return party.avatarUrl
    ? html`<img part="avatar" class="avatar" src=${party.avatarUrl} alt="" width="40" height="40" referrerpolicy="no-referrer" />`
    : nothing;
}
