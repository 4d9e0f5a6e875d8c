import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Contact, ResolveContact } from '../../context/phone-context.js';
import type { CallSnapshot } from '../../core/call.js';
import { checkedContact, contactKey } from '../../internal/party.js';

/** A CRM that has not answered by then will not before the call is answered: show the number. */
export const CONTACT_LOOKUP_TIMEOUT_MS = 2000;
/** Numbers remembered (found or not); the oldest is forgotten first. */
const CACHE_SIZE = 200;

/**
 * The provider's caller lookup: asks the page's `resolveContact` once per number (at most
 * {@link CONTACT_LOOKUP_TIMEOUT_MS}, then the number shows), remembers the answer, and tells
 * the provider to publish when one arrives. A lookup that throws, rejects or times out
 * counts as "not found"; nothing it returns reaches elements unchecked ({@link checkedContact}).
 */
export class ContactLookup implements ReactiveController {
  /** Checked contacts by `contactKey`; a new map whenever one is added (context consumers compare by identity). */
  found: ReadonlyMap<string, Contact> = new Map();
  private readonly asked = new Map<string, Promise<void>>();
  private resolver: ResolveContact | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & { readonly resolveContact: ResolveContact | undefined },
    /** Publish again: {@link found} changed, or calls already there need asking about. */
    private readonly changed: () => void,
  ) {
    host.addController(this);
  }

  /** A new lookup function forgets what the old one answered, and asks about the calls there are. */
  hostUpdated(): void {
    const resolver = this.host.resolveContact;
    if (resolver === this.resolver) return;
    this.resolver = resolver;
    this.asked.clear();
    this.found = new Map();
    this.changed();
  }

  /** Starts a lookup for each call's party not asked about yet. */
  lookup(calls: readonly CallSnapshot[]): void {
    const resolver = this.resolver;
    if (!resolver) return;
    for (const call of calls) {
      const key = contactKey(call);
      if (!key || this.asked.has(key)) continue;
      if (this.asked.size >= CACHE_SIZE) this.forget(this.asked.keys().next().value as string);
      this.asked.set(key, this.ask(resolver, key));
    }
  }

  private async ask(resolver: ResolveContact, key: string): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, CONTACT_LOOKUP_TIMEOUT_MS, undefined)));
    let answer: unknown;
    try {
      // The page's function may throw synchronously, reject, or never settle.
      answer = await Promise.race([Promise.resolve().then(() => resolver(key)), timeout]);
    } catch {
      answer = undefined;
    } finally {
      clearTimeout(timer);
    }
    const contact = checkedContact(answer);
    // Superseded: another lookup function was set meanwhile, or the entry was forgotten.
    if (!contact || resolver !== this.resolver || !this.asked.has(key)) return;
    this.found = new Map([...this.found, [key, contact]]);
    this.changed();
  }

  private forget(key: string): void {
    this.asked.delete(key);
    if (!this.found.has(key)) return;
    const found = new Map(this.found);
    found.delete(key);
    this.found = found;
  }
}
