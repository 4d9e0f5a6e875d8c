/**
 * One phone per device, however many tabs show it. The tabs of a browser profile (and
 * the providers within one page) that would sign in as the same device — the same
 * address of record, or the same credential source `shareKey` when the address is known
 * only after loading, and the same instance id — elect a leader with the Web Locks API.
 * Only the leader runs a {@link Phone}: loading credentials (RingCentral's sip-provision),
 * the SIP registration, the calls and their media. The others mirror its snapshot and
 * events over a BroadcastChannel and send it their commands. The browser releases a lock
 * when its tab closes, so the next tab in the lock's queue takes over and registers.
 * Every message is signed and tied to the election (tab-identity.ts): a follower mirrors
 * only the tab that holds the lock, and the leader obeys only tabs queued for it, so a
 * script of the origin that posts to the channel can neither dial nor fake a call.
 *
 * Why: two user agents with the same RFC 5626 instance id replace each other's binding
 * at the registrar (Kamailio's usrloc does), so a second tab would silently steal the
 * first one's calls; and providers limit devices per user (RingCentral: 5 per extension).
 */
import type { CallSnapshot } from '../call.js';
import { ErrorCode, PhoneError, toPhoneError } from '../errors.js';
import type { Phone, PhoneEventMap, PhoneSnapshot } from '../phone.js';
import { CallEndReason, CallState, ConnectionState, RegistrationState } from '../states.js';
import { TypedEventTarget } from '../typed-event-target.js';
import { runCommand, type CommandResult, type PhoneCommand } from '../commands.js';
import { TabIdentity, TabVerifier } from './tab-identity.js';
import { decodeDetail, encodeDetail, parseMessage, RELAYED, reviveError, type ErrorJson, type Message, type Outgoing } from './tab-messages.js';

/**
 * This tab's part. `single`: not shared, the phone is this tab's own. `leader`: this tab
 * runs the phone for every tab of the device. `follower`: another tab does (or will,
 * while the election is open); this one mirrors it.
 * follower → leader (the leader went away); never back.
 */
export const TabRole = {
  Single: 'single',
  Leader: 'leader',
  Follower: 'follower',
} as const;
export type TabRole = (typeof TabRole)[keyof typeof TabRole];

/** The snapshot of a phone that is not running (yet). */
export const IDLE_SNAPSHOT: PhoneSnapshot = Object.freeze({
  connection: ConnectionState.Disconnected,
  registration: RegistrationState.Unregistered,
  calls: Object.freeze([]),
  currentCallId: undefined,
  uri: undefined,
  capabilities: Object.freeze([]),
});

export interface SharedPhoneOptions {
  /** Makes this tab's phone: at once when not shared, once elected otherwise. */
  readonly create: () => Phone;
  /**
   * The device to share, and its instance id ('' = the default one kept per browser
   * profile and address). Named by its address of record, `uri`: credentials loaded for
   * another address are then refused, so tabs never mirror a phone signed in as someone
   * else. Or, when the address is known only once credentials load (RingCentral), by the
   * credential source's `shareKey`, which vouches that every tab's source signs in as the
   * same device. Undefined: the phone is this tab's own.
   */
  readonly share?: { readonly uri: string; readonly instanceId: string } | { readonly key: string; readonly instanceId: string } | undefined;
  /** How long a follower waits for the leader to carry out a command (ms, default 30 000). */
  readonly commandTimeout?: number | undefined;
}

/** Bump when messages change shape: tabs running another version then do not talk. */
const PROTOCOL = 'rc-phone-kit/tabs/2';
const COMMAND_TIMEOUT_MS = 30_000;
/**
 * How long a leader that is shutting down keeps the lock while its phone un-REGISTERs.
 * Its un-REGISTER names the same instance id as the next leader's REGISTER, so it must
 * not arrive after it; but a hung server must not hold up the next tab for Timer F (32 s).
 */
const UNREGISTER_WAIT_MS = 5_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: PhoneError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A phone that the tabs of a browser profile share (see the module comment), or, without
 * `share`, simply this tab's phone. It fires the same events as {@link Phone} in every
 * role, and {@link run} carries out a command wherever the phone lives.
 */
export class SharedPhone extends TypedEventTarget<PhoneEventMap> {
  private currentRole: TabRole;
  private local: Phone | undefined;
  private current: PhoneSnapshot = IDLE_SNAPSHOT;
  /** The leader whose phone a follower mirrors; undefined until it speaks. */
  private leaderId: string | undefined;
  private channel: BroadcastChannel | undefined;
  private identity: TabIdentity | undefined;
  private verifier: TabVerifier | undefined;
  /** Messages are signed and checked asynchronously, in the order they were posted and heard. */
  private outbox = Promise.resolve();
  private inbox = Promise.resolve();
  private readonly lifetime = new AbortController();
  private releaseLock: (() => void) | undefined;
  private readonly pending = new Map<string, Pending>();
  private closed: Promise<void> | undefined;

  constructor(private readonly options: SharedPhoneOptions) {
    super();
    this.currentRole = options.share && canShare() ? TabRole.Follower : TabRole.Single;
  }

  get role(): TabRole {
    return this.currentRole;
  }

  /** This tab's phone: set when it is single or the leader. */
  get phone(): Phone | undefined {
    return this.local;
  }

  /** The phone's state: this tab's own, or the leader's as last heard. */
  snapshot(): PhoneSnapshot {
    return this.current;
  }

  /** Starts the phone, or joins the election for it. */
  start(): void {
    const { share } = this.options;
    if (!share || this.currentRole === TabRole.Single) {
      this.lead();
      return;
    }
    void this.join(electionName(share));
  }

  private async join(name: string): Promise<void> {
    const { signal } = this.lifetime;
    const alone = (): void => {
      if (signal.aborted || this.currentRole === TabRole.Leader) return;
      // Web Locks or WebCrypto refused (an opaque origin such as a sandboxed iframe): go it alone.
      this.closeChannel();
      this.currentRole = TabRole.Single;
      this.lead();
    };
    try {
      this.identity = await TabIdentity.create(name, signal);
    } catch {
      alone();
      return;
    }
    if (signal.aborted) return;
    this.verifier = new TabVerifier(name);
    const channel = new BroadcastChannel(name);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      this.inbox = this.inbox.then(() => this.receive(event.data)).catch(() => undefined);
    };
    this.channel = channel;
    // The callback's promise holds the lock until dispose(); closing the tab releases it.
    navigator.locks
      .request(name, { mode: 'exclusive', signal }, () => {
        if (signal.aborted) return undefined;
        this.lead();
        return new Promise<void>((resolve) => (this.releaseLock = resolve));
      })
      .catch(alone);
    // Once the lock manager lists this tab's request, the leader can check it: say hello.
    await navigator.locks.query().catch(() => undefined);
    this.post({ type: 'hello' });
  }

  /**
   * Carries out `command` on this tab's phone, or asks the leader to. Rejects with a
   * {@link PhoneError}, also when the leader does not answer in time.
   */
  async run<C extends PhoneCommand>(command: C): Promise<CommandResult<C>> {
    if (this.closed) throw new PhoneError(ErrorCode.Disposed);
    if (this.local) return runCommand(this.local, command);
    if (this.currentRole !== TabRole.Follower) throw new PhoneError(ErrorCode.InvalidState, { message: 'The phone is not running.' });
    return (await this.ask(command)) as CommandResult<C>;
  }

  /**
   * Stops taking part: a leader hangs up, un-REGISTERs and then hands the lock on; a
   * follower leaves the queue. Safe to call twice.
   */
  dispose(): Promise<void> {
    this.closed ??= this.close();
    return this.closed;
  }

  private async close(): Promise<void> {
    this.lifetime.abort();
    this.rejectPending(new PhoneError(ErrorCode.Disposed));
    const phone = this.local;
    this.local = undefined;
    if (this.currentRole === TabRole.Leader) this.post({ type: 'bye' });
    await this.outbox;
    this.closeChannel();
    if (phone) await settleWithin(phone.dispose(), UNREGISTER_WAIT_MS);
    this.releaseLock?.();
  }

  // ---- leader ----

  private lead(): void {
    if (this.currentRole === TabRole.Follower) this.currentRole = TabRole.Leader;
    // Calls of a leader that went away without a word (its tab closed): they died with it.
    if (this.leaderId !== undefined) this.leaderGone(CallEndReason.Failed, tabClosed());
    this.leaderId = this.identity?.id;
    let phone: Phone;
    try {
      phone = this.options.create();
    } catch (error) {
      this.reportError(toPhoneError(error, ErrorCode.InvalidConfiguration));
      return;
    }
    this.local = phone;
    phone.addEventListener('change', (event) => {
      if (this.local === phone) this.leaderChanged(phone, event.detail.snapshot);
    });
    for (const name of RELAYED) {
      phone.addEventListener(name, (event) => {
        if (this.local !== phone) return;
        const { detail } = event as CustomEvent<Record<string, unknown>>;
        this.dispatchEvent(new CustomEvent(name, { detail }));
        this.post({ type: 'event', name, ...encodeDetail(detail) });
      });
    }
    this.leaderChanged(phone, phone.snapshot());
    phone.start().catch((error: unknown) => {
      if (this.local === phone) this.reportError(toPhoneError(error, ErrorCode.ServerUnreachable));
    });
  }

  private leaderChanged(phone: Phone, snapshot: PhoneSnapshot): void {
    const { share } = this.options;
    const expected = share && 'uri' in share ? share.uri : undefined;
    if (expected && snapshot.uri !== undefined && snapshot.uri !== expected) {
      // A credential source answered for another address than the one the tabs share.
      this.local = undefined;
      void phone.dispose();
      this.reportError(
        new PhoneError(ErrorCode.InvalidConfiguration, {
          message: `The credentials are for ${snapshot.uri.slice(0, 128)}, not ${expected.slice(0, 128)}; set \`uri\` to the address they are for.`,
        }),
      );
      snapshot = IDLE_SNAPSHOT;
    }
    this.adopt(snapshot);
    this.post({ type: 'state', snapshot });
  }

  /** Runs a follower's command and answers it. */
  private serve(from: string, id: string, command: PhoneCommand): void {
    const reply = (answer: { value?: unknown; error?: ErrorJson }): void => {
      if (!this.post({ type: 'result', id, to: from, ...answer }) && 'value' in answer) {
        this.post({
          type: 'result',
          id,
          to: from,
          error: new PhoneError(ErrorCode.CallActionFailed, { message: 'The result cannot be passed to another tab.' }).toJSON(),
        });
      }
    };
    const phone = this.local;
    if (!phone) {
      reply({ error: new PhoneError(ErrorCode.InvalidState, { message: 'The phone is not running.' }).toJSON() });
      return;
    }
    runCommand(phone, command).then(
      (value) => reply({ value }),
      (error: unknown) => reply({ error: toPhoneError(error, ErrorCode.InvalidState).toJSON() }),
    );
  }

  private reportError(error: PhoneError): void {
    this.fire('error', { error, callId: undefined });
    this.post({ type: 'event', name: 'error', ...encodeDetail({ error, callId: undefined }) });
  }

  // ---- follower ----

  /** Acts on a message from another tab once it proved its part (see tab-identity.ts). */
  private async receive(data: unknown): Promise<void> {
    const opened = await this.verifier?.open(data);
    if (!opened || opened.from === this.identity?.id || this.closed) return;
    const message = parseMessage(opened.from, opened.message);
    if (!message || !(await this.entitled(message))) return;
    if (message.type !== 'hello') this.verifier?.admit(opened.from, opened.seq);
    const leading = this.currentRole === TabRole.Leader;
    switch (message.type) {
      case 'hello':
        if (leading) this.post({ type: 'state', snapshot: this.current });
        return;
      case 'command':
        if (leading) this.serve(message.from, message.id, message.command);
        return;
      case 'result':
        if (message.to === this.identity?.id) this.settle(message.id, message.error ? reviveError(message.error) : undefined, message.value);
        return;
      case 'state': {
        if (message.from !== this.leaderId) {
          // A real handover: `entitled` found the sender holding the election lock.
          const known = this.leaderId;
          this.leaderId = message.from;
          if (known !== undefined) {
            this.leaderGone(CallEndReason.Failed, tabClosed(), message.snapshot);
            return;
          }
        }
        this.adopt(message.snapshot);
        return;
      }
      case 'event':
        this.dispatchEvent(new CustomEvent(message.name, { detail: decodeDetail(message.detail, message.errors) }));
        return;
      case 'bye':
        // The leader hangs up its calls as it shuts down; the next leader starts afresh.
        this.leaderId = undefined;
        this.leaderGone(CallEndReason.LocalHangup, undefined, IDLE_SNAPSHOT);
        return;
      default:
        return message satisfies never;
    }
  }

  /**
   * Whether the sender may say this: anyone may say hello; commands come from tabs in the
   * election; the phone's state, events and results only from the tab that holds it.
   */
  private async entitled(message: Message): Promise<boolean> {
    const verifier = this.verifier;
    if (!verifier || this.closed) return false;
    switch (message.type) {
      case 'hello':
        return true;
      case 'command':
        return this.currentRole === TabRole.Leader && (await verifier.takesPart(message.from));
      case 'state':
        if (this.currentRole === TabRole.Leader) return false;
        return message.from === this.leaderId || (await verifier.leads(message.from));
      default:
        return this.currentRole !== TabRole.Leader && message.from === this.leaderId;
    }
  }

  /**
   * Ends the mirrored calls of a leader that is gone, except those `next` still has; adopts
   * `next` first, so the snapshot is current in the `call-ended` listeners.
   */
  private leaderGone(reason: CallEndReason, error: PhoneError | undefined, next?: PhoneSnapshot): void {
    this.rejectPending(new PhoneError(ErrorCode.InvalidState, { message: 'The tab that held the phone went away; try again.' }));
    const kept = new Set(next?.calls.map((call) => call.id));
    const gone = this.current.calls.filter((call) => !kept.has(call.id));
    if (next) this.adopt(next);
    const endedAt = Date.now();
    for (const call of gone) {
      const ended: CallSnapshot = Object.freeze({ ...call, state: CallState.Ended, endedAt, endReason: reason });
      this.fire('call-ended', { call: ended, reason, error });
    }
  }

  private ask(command: PhoneCommand): Promise<unknown> {
    const id = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(id, new PhoneError(ErrorCode.InvalidState, { message: 'The tab that holds the phone did not answer.' })),
        this.options.commandTimeout ?? COMMAND_TIMEOUT_MS,
      );
      this.pending.set(id, { resolve, reject, timer });
      if (!this.post({ type: 'command', id, command }))
        this.settle(id, new PhoneError(ErrorCode.InvalidState, { message: 'That command cannot be passed to another tab.' }));
    });
  }

  private settle(id: string, error: PhoneError | undefined, value?: unknown): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(value);
  }

  private rejectPending(error: PhoneError): void {
    for (const id of [...this.pending.keys()]) this.settle(id, error);
  }

  // ---- both ----

  /** Publishes `next`, then the connection and registration events its change implies (as Phone does: change first). */
  private adopt(next: PhoneSnapshot): void {
    const previous = this.current;
    this.current = next;
    this.fire('change', { snapshot: next });
    if (next.connection !== previous.connection || next.connectionAttempt !== previous.connectionAttempt)
      this.fire('connection-change', { state: next.connection, attempt: next.connectionAttempt ?? 0 });
    if (next.registration !== previous.registration) this.fire('registration-change', { state: next.registration });
  }

  /** Signs and sends to the other tabs; false when the message cannot be sent as JSON or the channel is closed. */
  private post(message: Outgoing): boolean {
    const { channel, identity } = this;
    if (!channel || !identity) return false;
    let body: string;
    try {
      body = identity.write(message);
    } catch {
      // A provider result or argument that JSON cannot carry (a cycle, a BigInt).
      return false;
    }
    this.outbox = this.outbox
      .then(() => identity.seal(body))
      .then((envelope) => this.channel?.postMessage(envelope))
      .catch(() => undefined);
    return true;
  }

  private closeChannel(): void {
    this.channel?.close();
    this.channel = undefined;
  }
}

function canShare(): boolean {
  return typeof BroadcastChannel === 'function' && typeof globalThis.navigator?.locks?.request === 'function' && globalThis.crypto?.subtle !== undefined;
}

/** The Web Lock the tabs of a device compete for, which also names their channel. */
export function electionName(share: NonNullable<SharedPhoneOptions['share']>): string {
  return `${PROTOCOL} ${'uri' in share ? share.uri : `source ${share.key}`} ${share.instanceId}`;
}

function tabClosed(): PhoneError {
  return new PhoneError(ErrorCode.CallFailed, { message: 'The browser tab that held this call was closed.' });
}

/** Resolves when `promise` settles or after `ms`, whichever is first. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
