/**
 * Keeping a phone reachable: reconnection with exponential backoff and jitter, keep-alives,
 * and failover across an ordered list of servers. No sip.js here: the phone hands the
 * {@link ConnectionSupervisor} a {@link ConnectionHost} that does the SIP work, and tests
 * hand it fakes, a {@link Clock} and a `random`.
 */
import { ErrorCode, PhoneError } from './errors.js';
import { ConnectionState } from './states.js';

/** Timers, injectable so backoff and failover can be tested without waiting. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * The time now (ms since the epoch, default `Date.now`): the snapshot's `reconnectAt` is
   * read on it, so a clock that runs timers early or late says when they really fire.
   */
  now?(): number;
}

export const systemClock: Clock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface ReconnectOptions {
  /** Pause before the first reconnection attempt (ms, default 1 000); it doubles after each failure. */
  initialDelay?: number;
  /** Longest pause between attempts (ms, default 30 000). */
  maxDelay?: number;
  /** Failed attempts on one server before moving to the next one of the list (default 3). */
  failoverAfter?: number;
  /**
   * Final responses to REGISTER that move to the next server at once (default 408, 502, 503,
   * 504: the `sipErrorCodes` RingCentral provisions).
   */
  failoverCodes?: readonly number[];
  /** Pause between keep-alive OPTIONS requests while connected (ms, default 30 000; 0 = none). */
  keepAliveInterval?: number;
  /**
   * How long the server may take to accept the WebSocket, or to answer a REGISTER or a
   * keep-alive, before the connection counts as dead and is replaced (ms, default 5 000).
   */
  responseTimeout?: number;
  /**
   * On a backup server: how long to wait before checking whether the first server is back,
   * and between checks (ms, default 60 000; 0 = stay). Each wait is this plus up to half
   * again as jitter, never less: RingCentral's `switchBackInterval` is a minimum.
   */
  failbackInterval?: number;
  /** Timers (default the global ones). */
  clock?: Clock;
  /** Random numbers in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
  /** Where `online` events come from (default `window`, when there is one). */
  network?: EventTarget | undefined;
}

type Settings = Required<Omit<ReconnectOptions, 'network'>> & Pick<ReconnectOptions, 'network'>;

export const RECONNECT_DEFAULTS = Object.freeze({
  initialDelay: 1_000,
  maxDelay: 30_000,
  failoverAfter: 3,
  failoverCodes: Object.freeze([408, 502, 503, 504]),
  keepAliveInterval: 30_000,
  responseTimeout: 5_000,
  failbackInterval: 60_000,
});

/**
 * The pause before reconnection attempt `failures + 1`: exponential backoff with "equal
 * jitter", between half and all of `initialDelay · 2^failures` (capped at `maxDelay`), so
 * the clients of a server that restarts do not all come back in the same instant, yet each
 * waits at least half its step.
 */
export function backoffDelay(
  failures: number,
  options: { readonly initialDelay: number; readonly maxDelay: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelay, options.initialDelay * 2 ** Math.max(0, failures));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** `server` settings may name several servers, tried in order: "wss://a/ws wss://b/ws" or comma-separated. */
export function parseServers(value: string): string[] {
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

const LOOPBACK_HOST = /^(localhost|[\w-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks a server URL: `wss://` always; plain `ws://` only to this machine (development and
 * tests) or when insecure connections were explicitly allowed, because SIP over an
 * unencrypted WebSocket exposes the digest exchange, call metadata and media keys (RFC 7118 §5).
 */
export function checkServer(server: string, allowInsecure: boolean): void {
  const [, scheme, authority] = /^(wss?):\/\/([^\s/?#]+)/i.exec(server) ?? [];
  if (!scheme || !authority)
    throw new PhoneError(ErrorCode.InvalidConfiguration, { message: `The server must be a wss:// URL, got "${server.slice(0, 128)}".` });
  const host = authority.replace(/:\d+$/, '');
  if (scheme.toLowerCase() === 'ws' && !allowInsecure && !LOOPBACK_HOST.test(host)) {
    throw new PhoneError(ErrorCode.InsecureServer, { message: `${server.slice(0, 128)} is not encrypted: use wss://, or allow-insecure for a test server.` });
  }
}

/** What the supervisor needs from the phone. */
export interface ConnectionHost {
  /** Opens the signalling connection to `server`, leaving the current one first when it is another. */
  connect(server: string): Promise<void>;
  /** Sends a keep-alive; resolves on any answer. An unanswered one makes the SIP stack drop the connection. */
  ping(): Promise<void>;
  /** Registers again if registration is wanted; rejects with the failure (`statusCode` when the REGISTER was answered). */
  register(): Promise<void>;
  /** True while a call is live: moving back to the first server waits until none is. */
  busy(): boolean;
  /** Whether `server` accepts WebSocket connections now, without touching the current connection. */
  reachable(server: string): Promise<boolean>;
  /**
   * The connection state to show, with the reconnection attempt it is at and, while the
   * next attempt waits out its backoff, when it starts (ms since epoch).
   */
  changed(state: ConnectionState, attempt: number, retryAt?: number): void;
  /**
   * Signalling works again: after an outage (`reconnected`, a new connection), or the
   * connection survived a change of network (`network`). The calls' media should be recovered.
   */
  recovered(after: 'reconnected' | 'network'): void;
  /** A failure the app should hear about (e.g. the registrar refused us after a reconnect). */
  report(error: unknown): void;
}

type Phase = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'switching' | 'stopped';

const statusOf = (error: unknown): number | undefined => {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
};

/**
 * Keeps one signalling connection up across an ordered list of servers.
 *
 * - Lost connection (WebSocket closed, or dropped by the SIP stack because a REGISTER or
 *   keep-alive went unanswered): reconnect after {@link backoffDelay}, re-register, then
 *   {@link ConnectionHost.recovered}. One loop at a time; none after {@link stop}.
 * - `failoverAfter` failed attempts on a server, or a REGISTER answered with one of
 *   `failoverCodes`: move to the next server of the list.
 * - On a backup server, check after `failbackInterval` (plus jitter) whether the first server is back,
 *   and move back to it only while no call is live (moving drops the dialogs' route).
 * - The browser's `online` event: try at once instead of waiting out the backoff, or, when
 *   connected, check the connection (the old socket may be bound to an address that is gone).
 */
export class ConnectionSupervisor {
  private readonly settings: Settings;
  private phase: Phase = 'idle';
  private index = 0;
  /** Failed attempts on the current server. */
  private failures = 0;
  /** Reconnection attempts since the connection was lost. */
  private attempt = 0;
  private attempting = false;
  private retryTimer: unknown;
  private keepAliveTimer: unknown;
  private failbackTimer: unknown;
  private listening = false;
  private readonly primary: string;

  constructor(
    private readonly servers: readonly string[],
    private readonly host: ConnectionHost,
    options: ReconnectOptions = {},
  ) {
    const [primary] = servers;
    if (primary === undefined) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'No server to connect to.' });
    this.primary = primary;
    const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as ReconnectOptions;
    this.settings = { ...RECONNECT_DEFAULTS, clock: systemClock, random: Math.random, network: globalThis.window, ...defined };
  }

  /** The server in use (or being tried). */
  get server(): string {
    return this.servers[this.index] ?? this.primary;
  }

  /**
   * Connects for the first time: each server once, in order, so a server that is down when
   * the page loads costs one refused connection. Rejects with the last failure.
   */
  async start(): Promise<void> {
    this.phase = 'connecting';
    let failure: unknown;
    for (let index = 0; index < this.servers.length; index++) {
      this.index = index;
      try {
        await this.host.connect(this.server);
      } catch (error) {
        failure = error;
        if (this.phase !== 'connecting') break;
        continue;
      }
      if (this.phase !== 'connecting') break;
      this.connected();
      return;
    }
    if (this.phase === 'connecting') this.phase = 'idle';
    this.index = 0;
    throw failure ?? new PhoneError(ErrorCode.Disposed);
  }

  /**
   * Sends a REGISTER through `send` on the current server; a failover code moves to the next
   * server and registers there, trying each server at most once.
   */
  async register(send: () => Promise<void>): Promise<void> {
    for (let tried = 1; ; tried++) {
      try {
        await send();
        return;
      } catch (error) {
        const status = statusOf(error);
        if (status === undefined || !this.settings.failoverCodes.includes(status) || tried >= this.servers.length || this.phase === 'stopped') throw error;
        await this.switchTo((this.index + 1) % this.servers.length);
      }
    }
  }

  /** Moves to another server of the list; the old connection's close is deliberate, not a loss. */
  private async switchTo(index: number): Promise<void> {
    const phase = this.phase;
    this.phase = 'switching';
    this.index = index;
    this.failures = 0;
    try {
      await this.host.connect(this.server);
    } catch (error) {
      if (this.phase !== 'switching') throw error;
      this.phase = phase;
      // The old connection is closed and the new one failed: carry on through the loop.
      if (phase === 'connected') this.reconnect();
      throw error;
    }
    if (this.phase === 'switching') this.phase = phase;
  }

  /** The SIP stack lost the connection. */
  lost(): void {
    if (this.phase !== 'connected') return; // attempts and deliberate closes handle their own
    this.reconnect();
  }

  /** Reconnecting: tries now instead of waiting out the backoff (the user's "Retry now"). */
  retryNow(): Promise<void> {
    return this.attemptNow();
  }

  /** The registrar dropped us (a refresh was refused or went unanswered) while connected. */
  registrationLost(): void {
    if (this.phase === 'connected') this.reconnect();
  }

  /** Stops everything: no attempt, keep-alive or failback after this (until the next {@link start}). */
  stop(): void {
    this.phase = 'stopped';
    this.clearTimers();
    this.listen(false);
  }

  private reconnect(): void {
    this.clearTimers();
    this.phase = 'reconnecting';
    this.attempt = 0;
    this.failures = 0;
    this.scheduleAttempt();
  }

  private scheduleAttempt(): void {
    this.attempt++;
    const delay = backoffDelay(this.attempt - 1, this.settings, this.settings.random);
    const { clock } = this.settings;
    this.host.changed(ConnectionState.Reconnecting, this.attempt, (clock.now?.() ?? Date.now()) + delay);
    this.retryTimer = clock.setTimeout(() => void this.attemptNow(), delay);
  }

  private async attemptNow(): Promise<void> {
    this.settings.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.phase !== 'reconnecting' || this.attempting) return;
    this.attempting = true;
    // Under way now (on time or by "Retry now"): no next attempt to count down to.
    this.host.changed(ConnectionState.Reconnecting, this.attempt);
    const ok = await this.tryServer();
    this.attempting = false;
    if (this.phase !== 'reconnecting') return;
    if (ok) {
      this.connected();
      this.host.recovered('reconnected');
      return;
    }
    if (++this.failures >= this.settings.failoverAfter) this.next();
    this.scheduleAttempt();
  }

  /** One attempt: connect, then register. True when the phone is back in service. */
  private async tryServer(): Promise<boolean> {
    try {
      await this.host.connect(this.server);
      if (this.phase !== 'reconnecting') return false;
      await this.host.register();
      return true;
    } catch (error) {
      const status = statusOf(error);
      // Connected, but the registrar refused us for a reason another server would share
      // (credentials): staying connected and telling the app beats hammering the servers.
      if (status !== undefined && !this.settings.failoverCodes.includes(status)) {
        this.host.report(error);
        return true;
      }
      return false;
    }
  }

  private next(): void {
    this.index = (this.index + 1) % this.servers.length;
    this.failures = 0;
  }

  private connected(): void {
    const attempt = this.attempt;
    this.phase = 'connected';
    this.attempt = 0;
    this.failures = 0;
    this.host.changed(ConnectionState.Connected, attempt);
    this.listen(true);
    this.scheduleKeepAlive();
    this.scheduleFailback();
  }

  private scheduleKeepAlive(): void {
    const interval = this.settings.keepAliveInterval;
    if (interval <= 0) return;
    this.settings.clock.clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = this.settings.clock.setTimeout(() => {
      if (this.phase !== 'connected') return;
      // A dead connection is noticed by the SIP stack (no answer in time), which reports it as lost.
      this.host.ping().catch(() => undefined);
      this.scheduleKeepAlive();
    }, interval);
  }

  private scheduleFailback(): void {
    const interval = this.settings.failbackInterval;
    if (this.index === 0 || interval <= 0) return;
    this.settings.clock.clearTimeout(this.failbackTimer);
    // At least the interval (RingCentral's switchBackInterval is the time to stay away), plus
    // up to half again so the clients of a recovered server do not all return at once: the
    // RingCentral web phone adds up to 15 min to its 30 (ringcentral-web-phone 0.9, transport.ts).
    this.failbackTimer = this.settings.clock.setTimeout(() => void this.failback(), interval + this.settings.random() * (interval / 2));
  }

  private async failback(): Promise<void> {
    if (this.phase !== 'connected' || this.index === 0) return;
    const { primary } = this;
    if (this.host.busy() || !(await this.host.reachable(primary)) || this.phase !== 'connected' || this.host.busy()) {
      this.scheduleFailback();
      return;
    }
    const backup = this.index;
    this.phase = 'switching';
    this.clearTimers();
    this.index = 0;
    try {
      await this.host.connect(primary);
      await this.host.register();
    } catch {
      if (this.phase !== 'switching') return;
      // The first server failed again: go on from the backup through the normal loop.
      this.index = backup;
      this.reconnect();
      return;
    }
    if (this.phase !== 'switching') return;
    this.phase = 'connected';
    this.scheduleKeepAlive();
    // A failover code from the first server moved us on again.
    this.scheduleFailback();
  }

  private readonly onOnline = (): void => {
    if (this.phase === 'reconnecting') {
      // The network is back: try now rather than waiting out the backoff.
      void this.attemptNow();
    } else if (this.phase === 'connected') {
      // The old socket may be bound to an address that is gone: an answer proves it is not,
      // and the calls' media may need new candidates either way.
      this.host.ping().then(
        () => this.phase === 'connected' && this.host.recovered('network'),
        () => undefined,
      );
    }
  };

  private listen(on: boolean): void {
    const network = this.settings.network;
    if (!network || on === this.listening) return;
    this.listening = on;
    if (on) network.addEventListener('online', this.onOnline);
    else network.removeEventListener('online', this.onOnline);
  }

  private clearTimers(): void {
    const { clock } = this.settings;
    clock.clearTimeout(this.retryTimer);
    clock.clearTimeout(this.keepAliveTimer);
    clock.clearTimeout(this.failbackTimer);
    this.retryTimer = this.keepAliveTimer = this.failbackTimer = undefined;
  }
}

/**
 * Whether a WebSocket server accepts connections: opens one with the SIP subprotocol and
 * closes it at once. Used to see that the first server is back before leaving a backup.
 */
export function canConnect(server: string, timeout: number): Promise<boolean> {
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(server, 'sip');
    } catch {
      resolve(false);
      return;
    }
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.onopen = socket.onerror = socket.onclose = null;
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeout);
    socket.onopen = () => done(true);
    socket.onerror = socket.onclose = () => done(false);
  });
}
