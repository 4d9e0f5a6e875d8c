/** The Web Lock held by the page whose ringtone plays. */
export const RINGER_LOCK = 'rc-phone-kit:ringer';

const visible = (): boolean => globalThis.document?.visibilityState === 'visible';
const lockManager = (): LockManager | undefined => globalThis.navigator?.locks;

/**
 * Whose turn it is to play the ringtone among the pages of one browser profile (tabs that
 * share a phone all show its ringing call): one at a time, so a call does not ring from
 * every tab at once. A page the user looks at takes the turn from a hidden one; otherwise
 * the first page to want it keeps it until it is done, and the next waiting page goes on.
 * A Web Lock ({@link RINGER_LOCK}) carries the turn, so a page that closes or crashes gives
 * it up. Without Web Locks (insecure contexts) every page has the turn.
 */
export class RingerTurn {
  /** The current request for the lock, waiting or held; undefined when the turn is not wanted. */
  private claim: AbortController | undefined;
  private held = false;
  private unavailable = lockManager() === undefined;

  /** `changed(true)`: this page got the turn after waiting for it; `changed(false)`: it lost it. */
  constructor(private readonly changed: (mine: boolean) => void) {
    globalThis.document?.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Whether this page may ring now. */
  get mine(): boolean {
    return this.held || this.unavailable;
  }

  /** Wants the turn; resolves with whether this page has it now (if not, `changed(true)` tells when it does). */
  want(): Promise<boolean> {
    if (this.mine) return Promise.resolve(true);
    if (this.claim && !visible()) return Promise.resolve(false);
    return this.request(visible());
  }

  /** Gives the turn up, or stops waiting for it. */
  release(): void {
    const claim = this.claim;
    this.claim = undefined;
    this.held = false;
    claim?.abort();
  }

  dispose(): void {
    this.release();
    globalThis.document?.removeEventListener('visibilitychange', this.onVisibility);
  }

  private readonly onVisibility = (): void => {
    if (this.claim && !this.held && visible()) void this.request(true).then((mine) => mine && this.changed(true));
  };

  /**
   * Asks for the lock: `steal` takes it from the page that holds it; otherwise it is taken
   * if free, else waited for. Resolves with whether this page holds it, once that is known.
   */
  private request(steal: boolean): Promise<boolean> {
    const locks = lockManager();
    if (!locks) return Promise.resolve(true);
    this.claim?.abort();
    const claim = new AbortController();
    this.claim = claim;
    const current = (): boolean => this.claim === claim;
    let decide: (mine: boolean) => void = () => undefined;
    const decision = new Promise<boolean>((resolve) => (decide = resolve));
    // Kept until the claim ends: released, or replaced by a new request.
    const hold = (): Promise<void> => {
      this.held = true;
      return new Promise<void>((resolve) => claim.signal.addEventListener('abort', () => resolve(), { once: true }));
    };
    const ended = (error: unknown): void => {
      if (!current()) return;
      const had = this.held;
      this.held = false;
      this.claim = undefined;
      claim.abort();
      if ((error as { name?: string } | undefined)?.name !== 'AbortError') {
        // Web Locks refused (e.g. an opaque origin): every page rings, as without them.
        this.unavailable = true;
        decide(true);
        if (!had) this.changed(true);
        return;
      }
      // Taken by a page the user looks at: ring again once it is done.
      decide(false);
      if (had) this.changed(false);
      void this.request(false);
    };
    const waitForTurn = (): void => {
      locks
        .request(RINGER_LOCK, { signal: claim.signal }, () => {
          if (!current()) return undefined;
          const holding = hold();
          this.changed(true);
          return holding;
        })
        .catch(ended);
    };
    const options: LockOptions = steal ? { steal: true } : { ifAvailable: true };
    locks
      .request(RINGER_LOCK, options, (lock) => {
        if (!current()) return undefined;
        if (!lock) {
          decide(false);
          waitForTurn();
          return undefined;
        }
        decide(true);
        return hold();
      })
      .catch(ended);
    return decision;
  }
}
