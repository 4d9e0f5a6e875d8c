import { css, html, type TemplateResult } from 'lit';
import type { Contact } from '../context/phone-context.js';
import type { CallSnapshot } from '../core/call.js';
import type { RemoteParty } from '../core/sip/types.js';
import { icons } from '../themes/icons.js';

/**
 * Who is on the other end, as every element shows it: the one place a name, a number, a
 * picture and a record link are derived — from a call's remote party or a recent-calls
 * entry, and the page's contact lookup (`resolveContact` on the provider, through context).
 * All of it is untrusted text: rendered as text, never as markup.
 */
export interface Party {
  /** The page's contact name, else the display name, else the number or user, else the address. */
  readonly name: string;
  /** The number or address under the name; '' when the name already is it. */
  readonly number: string;
  /** One or two letters for the picture; '' when the name has none (a number): a person icon then. */
  readonly initials: string;
  /** An `http(s):` or `data:image/` picture of the contact, from the page's lookup. */
  readonly avatarUrl?: string;
  /** An `http(s):` link to the contact's record, from the page's lookup. */
  readonly href?: string;
}

type PartySource = Pick<RemoteParty, 'displayName' | 'user' | 'uri'>;

/** What the page's `resolveContact` is asked about a call: its number or user, else its URI. */
export const contactKey = (call: Pick<CallSnapshot, 'remote'>): string => call.remote.user || call.remote.uri;

/**
 * The party of `remote`: the page's contact (`contacts` holds only checked entries, see
 * {@link checkedContact}) over the display name, over the number.
 */
export function partyOf(remote: PartySource, contacts?: ReadonlyMap<string, Contact>): Party {
  const address = remote.user || remote.uri;
  const contact = contacts?.get(address);
  const name = contact?.name || remote.displayName.trim();
  return {
    name: name || address,
    number: name ? address : '',
    initials: name ? initialsOf(name) : '',
    ...(contact?.avatarUrl ? { avatarUrl: contact.avatarUrl } : {}),
    ...(contact?.href ? { href: contact.href } : {}),
  };
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

/** The party's picture: the contact's, else initials in a circle, else a person icon. Decorative: the name beside it is the text. */
export function renderAvatar(party: Party): TemplateResult {
  return party.avatarUrl
    ? html`<img part="avatar" class="avatar" src=${party.avatarUrl} alt="" width="40" height="40" referrerpolicy="no-referrer" />`
    : html`<span part="avatar" class="avatar" aria-hidden="true">${party.initials || icons.person}</span>`;
}

/**
 * The look of {@link renderAvatar}'s picture, shared by every element that shows one. Each
 * element sets `--_avatar-size` (from its own `--rc-<tag>-avatar-size`) and may set
 * `--_avatar-background`.
 */
export const avatarStyles = css`
  .avatar {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: var(--_avatar-size, 4rem);
    height: var(--_avatar-size, 4rem);
    border-radius: 50%;
    border: 1px solid var(--_color-border);
    background: var(--_avatar-background, var(--_color-surface-raised));
    font-size: calc(var(--_avatar-size, 4rem) * 0.38);
    font-weight: 600;
  }
  .avatar svg {
    width: 55%;
    height: 55%;
    color: var(--_color-on-surface-muted);
  }
`;
