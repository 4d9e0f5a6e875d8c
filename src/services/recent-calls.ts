import type { CallSnapshot } from '../core/call.js';
import { CallDirection, CallEndReason } from '../core/states.js';

/**
 * The recent-calls log, kept in the browser (localStorage) per address of record so two
 * accounts on one machine do not see each other's calls. Cleared by `clear()` — which
 * `<rc-call-list>` does on an `rc-logout` event — or {@link clearRecentCalls}.
 */
export interface RecentCall {
  readonly id: string;
  readonly direction: CallDirection;
  /** As the peer sent it: untrusted text. */
  readonly displayName: string;
  readonly user: string;
  readonly uri: string;
  readonly createdAt: number;
  /** When it was answered; undefined for missed, declined or unanswered calls. */
  readonly startedAt: number | undefined;
  readonly endedAt: number;
  /** Why it ended (absent in entries written by older versions). */
  readonly endReason?: CallEndReason | undefined;
}

const END_REASONS: readonly unknown[] = Object.values(CallEndReason);

/**
 * An incoming call nobody answered here. Not one another device of the account answered
 * (RFC 3326 "Call completed elsewhere"), nor one the user declined.
 */
export const isMissed = (entry: RecentCall): boolean =>
  entry.direction === CallDirection.Inbound &&
  entry.startedAt === undefined &&
  entry.endReason !== CallEndReason.AnsweredElsewhere &&
  entry.endReason !== CallEndReason.Declined;

const PREFIX = 'rc-phone-kit:recent:';
/** Entries kept per account; the oldest go first. */
export const RECENT_LIMIT = 50;

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

function defaultStore(): Store | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Accepts only well-formed entries: storage is shared with other scripts of the origin. */
function validEntry(value: unknown): value is RecentCall {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    isString(v['id']) &&
    (v['direction'] === CallDirection.Inbound || v['direction'] === CallDirection.Outbound) &&
    isString(v['displayName']) &&
    isString(v['user']) &&
    isString(v['uri']) &&
    isTime(v['createdAt']) &&
    (v['startedAt'] === undefined || v['startedAt'] === null || isTime(v['startedAt'])) &&
    isTime(v['endedAt']) &&
    (v['endReason'] === undefined || END_REASONS.includes(v['endReason']))
  );
}

/** The log entry for a call that just ended. */
export function recentFromSnapshot(call: CallSnapshot, endedAt: number): RecentCall {
  return Object.freeze({
    id: call.id,
    direction: call.direction,
    displayName: call.remote.displayName,
    user: call.remote.user,
    uri: call.remote.uri,
    createdAt: call.createdAt,
    startedAt: call.startedAt,
    endedAt: call.endedAt ?? endedAt,
    endReason: call.endReason,
  });
}

/** One account's log. Fires `change` when it changes (in this page or another tab). */
export class RecentCalls extends EventTarget {
  private memory: readonly RecentCall[] = [];

  constructor(
    readonly account: string,
    private readonly store: Store | undefined = defaultStore(),
  ) {
    super();
  }

  private get key(): string {
    return PREFIX + this.account;
  }

  /** Newest first. */
  list(): readonly RecentCall[] {
    if (!this.store) return this.memory;
    try {
      const parsed: unknown = JSON.parse(this.store.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(validEntry).map((entry) => ({ ...entry, startedAt: entry.startedAt ?? undefined })) : [];
    } catch {
      return [];
    }
  }

  /** Adds an entry unless one with its id is already there (several lists may see one call end). */
  add(entry: RecentCall): void {
    const current = this.list();
    if (current.some((existing) => existing.id === entry.id)) return;
    this.write([entry, ...current].slice(0, RECENT_LIMIT));
  }

  remove(id: string): void {
    this.write(this.list().filter((entry) => entry.id !== id));
  }

  clear(): void {
    this.memory = [];
    try {
      this.store?.removeItem(this.key);
    } catch {
      // Blocked storage: nothing was written either.
    }
    this.dispatchEvent(new Event('change'));
  }

  private write(entries: readonly RecentCall[]): void {
    this.memory = entries;
    try {
      this.store?.setItem(this.key, JSON.stringify(entries));
    } catch {
      // Quota or blocked storage: the in-memory copy still serves this page.
    }
    this.dispatchEvent(new Event('change'));
  }
}

const logs = new Map<string, RecentCalls>();
let watching = false;

/** Another tab of the origin changed a log: tell this page's lists. */
function watchOtherTabs(): void {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  window.addEventListener('storage', (event) => {
    for (const [account, log] of logs) if (event.key === null || event.key === PREFIX + account) log.dispatchEvent(new Event('change'));
  });
}

/** The shared log of `account` (an address of record), so every list on the page sees one state. */
export function recentCalls(account: string): RecentCalls {
  watchOtherTabs();
  let log = logs.get(account);
  if (!log) {
    log = new RecentCalls(account);
    logs.set(account, log);
  }
  return log;
}

/**
 * Deletes the recent-calls log of `account`, or of every account when none is given.
 * Call it when the user signs out (or dispatch `rc-logout`, which `<rc-call-list>` hears).
 */
export function clearRecentCalls(account?: string, store: Store | undefined = defaultStore()): void {
  if (account !== undefined) {
    recentCalls(account).clear();
    return;
  }
  try {
    const keys: string[] = [];
    for (let i = 0; store && i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(PREFIX)) keys.push(key);
    }
    for (const key of keys) store?.removeItem(key);
  } catch {
    // Blocked storage.
  }
  for (const log of logs.values()) log.clear();
}
