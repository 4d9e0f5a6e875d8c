/**
 * Who is speaking on a device's BroadcastChannel (see shared-phone.ts). Any script of the
 * origin can post to a BroadcastChannel and read everything posted there, so a sender's
 * name in a message proves nothing, and a secret sent on the channel is no secret. Each
 * tab therefore signs what it posts (ECDSA P-256 with a WebCrypto key that never leaves
 * it), numbers its messages so a copy cannot be replayed, and holds a Web Lock named by
 * its public key while it takes part. A receiver checks the signature, then asks the lock
 * manager which client holds that lock: the leader is the client holding the election
 * lock; a member is a client holding or queued for it. A script that only posts to the
 * channel, or replays what it heard, proves neither; one that joins the election is a
 * tab of the device like any other (the kit cannot tell a page's own scripts apart).
 */

const KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNATURE = { name: 'ECDSA', hash: 'SHA-256' } as const;
/** Senders remembered (keys and sequence numbers); a flood of new keys cannot grow memory. */
const REMEMBERED = 64;

/** What travels on the channel: the message as JSON, signed by the sender's key. */
export interface Envelope {
  /** The sender's public key (raw, base64): its id. */
  readonly key: string;
  /** The message as JSON, with the sender's sequence number `seq`. */
  readonly body: string;
  /** ECDSA signature of `body` (base64). */
  readonly sig: string;
}

/** The Web Lock a tab holds while it takes part, named by its key. */
export function memberLock(election: string, id: string): string {
  return `${election} member ${id}`;
}

/** This tab's signing key, and the lock that ties it to this tab. */
export class TabIdentity {
  private seq = 0;

  private constructor(
    /** The public key (raw, base64), which is this tab's id on the channel. */
    readonly id: string,
    private readonly privateKey: CryptoKey,
  ) {}

  /** A fresh key, whose lock is held until `signal` aborts. */
  static async create(election: string, signal: AbortSignal): Promise<TabIdentity> {
    const pair = await crypto.subtle.generateKey(KEY, false, ['sign', 'verify']);
    const id = toBase64(await crypto.subtle.exportKey('raw', pair.publicKey));
    await new Promise<void>((granted, refused) => {
      navigator.locks
        .request(memberLock(election, id), { mode: 'exclusive', signal }, () => {
          granted();
          return new Promise<void>((release) => signal.addEventListener('abort', () => release(), { once: true }));
        })
        .catch(refused);
    });
    return new TabIdentity(id, pair.privateKey);
  }

  /**
   * The JSON of `message` with the next sequence number (synchronously, so that messages are
   * numbered in the order they are posted); throws when it cannot be written as JSON.
   */
  write(message: object): string {
    const body = JSON.stringify({ ...message, seq: this.seq + 1 });
    this.seq += 1;
    return body;
  }

  async seal(body: string): Promise<Envelope> {
    const sig = await crypto.subtle.sign(SIGNATURE, this.privateKey, new TextEncoder().encode(body));
    return { key: this.id, body, sig: toBase64(sig) };
  }
}

/** Checks envelopes and who sent them, for one election. */
export class TabVerifier {
  private readonly keys = new Map<string, CryptoKey>();
  private readonly lastSeq = new Map<string, number>();

  constructor(private readonly election: string) {}

  /**
   * The message of a well-signed envelope that is newer than any {@link admit}ted from its
   * sender, with the sender's id and sequence number; undefined for anything else.
   */
  async open(data: unknown): Promise<{ readonly from: string; readonly seq: number; readonly message: Record<string, unknown> } | undefined> {
    if (!isEnvelope(data)) return undefined;
    const key = await this.importKey(data.key);
    if (!key) return undefined;
    const valid = await crypto.subtle.verify(SIGNATURE, key, fromBase64(data.sig) ?? new Uint8Array(0), new TextEncoder().encode(data.body)).catch(() => false);
    if (!valid) return undefined;
    let message: unknown;
    try {
      message = JSON.parse(data.body);
    } catch {
      return undefined;
    }
    if (typeof message !== 'object' || message === null) return undefined;
    const seq = (message as Record<string, unknown>)['seq'];
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq <= (this.lastSeq.get(data.key) ?? 0)) return undefined;
    return { from: data.key, seq, message: message as Record<string, unknown> };
  }

  /**
   * Records a message acted on, so that a copy of it (or of an older one) is refused. Only
   * senders that proved their part are recorded: a rogue's keys cannot push them out.
   */
  admit(from: string, seq: number): void {
    remember(this.lastSeq, from, seq);
  }

  /** Whether `id` is the tab that holds the election now (the leader). */
  async leads(id: string): Promise<boolean> {
    return (await this.standing(id)) === 'leader';
  }

  /** Whether `id` is a tab in the election: the leader or one queued behind it. */
  async takesPart(id: string): Promise<boolean> {
    return (await this.standing(id)) !== undefined;
  }

  private async standing(id: string): Promise<'leader' | 'member' | undefined> {
    const { held = [], pending = [] } = await navigator.locks.query();
    const client = held.find((lock) => lock.name === memberLock(this.election, id))?.clientId;
    if (client === undefined) return undefined;
    const inElection = (lock: LockInfo): boolean => lock.name === this.election && lock.clientId === client;
    if (held.some(inElection)) return 'leader';
    return pending.some(inElection) ? 'member' : undefined;
  }

  private async importKey(id: string): Promise<CryptoKey | undefined> {
    const known = this.keys.get(id);
    if (known) return known;
    const raw = fromBase64(id);
    if (!raw) return undefined;
    const key = await crypto.subtle.importKey('raw', raw, KEY, false, ['verify']).catch(() => undefined);
    if (key) remember(this.keys, id, key);
    return key;
  }
}

function isEnvelope(data: unknown): data is Envelope {
  if (typeof data !== 'object' || data === null) return false;
  const { key, body, sig } = data as Record<string, unknown>;
  // A P-256 public key is 65 bytes (88 base64 characters), a signature 64 (88).
  return typeof key === 'string' && key.length === 88 && typeof sig === 'string' && sig.length === 88 && typeof body === 'string';
}

function remember<V>(map: Map<string, V>, id: string, value: V): void {
  map.delete(id);
  map.set(id, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as string);
}

function toBase64(buffer: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(buffer)));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
