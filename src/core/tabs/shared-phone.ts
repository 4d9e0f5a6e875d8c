/**
 * One phone per device, however many tabs show it. The tabs of a browser profile (and
 * the providers within one page) that would sign in as the same device — the same
 * address of record, or the same credential source `shareKey` when the address is known
 * only after loading, and the same instance id — elect a leader with the Web Locks API.
 * Only the leader runs a {@link Phone}: loading credentials (RingCentral's sip-provision),
 * the SIP registration, the calls and their media. The others mirror its snapshot and
 * events over a BroadcastChannel and send it their commands. The browser releases a lock
 * when its tab closes, so the next tab in the lock's queue takes over and registers.
 *
 * Why: two user agents with the same RFC 5626 instance id replace each other's binding
 * at the registrar (Kamailio's usrloc does), so a second tab would silently steal the
 * first one's calls; and providers limit devices per user (RingCentral: 5 per extension).
 */
import type { CallSnapshot } from '../call.js';
import { ERROR_CATALOGUE, ErrorCode, PhoneError, toPhoneError, type ErrorCode as Code } from '../errors.js';
import type { Phone, PhoneEventMap, PhoneSnapshot } from '../phone.js';
import { CallEndReason, CallState, ConnectionState, RegistrationState } from '../states.js';
import { TypedEventTarget } from '../typed-event-target.js';
import { isPhoneCommand, runCommand, type CommandResult, type PhoneCommand } from '../commands.js';

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
const PROTOCOL = 'rc-phone-kit/tabs/1';
const COMMAND_TIMEOUT_MS = 30_000;
/**
 * How long a leader that is shutting down keeps the lock while its phone un-REGISTERs.
 * Its un-REGISTER names the same instance id as the next leader's REGISTER, so it must
 * not arrive after it; but a hung server must not hold up the next tab for Timer F (32 s).
 */
const UNREGISTER_WAIT_MS = 5_000;

/**
 * How each phone event reaches this object's listeners. `snapshot`: derived from the
 * snapshots, so followers and a new leader report the change from what they showed
 * before. `relay`: passed on as it is, and sent to the followers. Exhaustive, so a new
 * phone event cannot be forgotten.
 */
const EVENTS = {
  change: 'snapshot',
  'connection-change': 'snapshot',
  'registration-change': 'snapshot',
  'call-incoming': 'relay',
  'call-state-change': 'relay',
  'call-update': 'relay',
  'call-ended': 'relay',
  'dtmf-received': 'relay',
  'call-quality': 'relay',
  'call-warning': 'relay',
  'call-warning-cleared': 'relay',
  'credentials-expiring': 'relay',
  error: 'relay',
} as const satisfies Readonly<Record<keyof PhoneEventMap, 'snapshot' | 'relay'>>;
type RelayedEvent = { [K in keyof typeof EVENTS]: (typeof EVENTS)[K] extends 'relay' ? K : never }[keyof typeof EVENTS];
const RELAYED = Object.keys(EVENTS).filter((name): name is RelayedEvent => EVENTS[name as keyof PhoneEventMap] === 'relay');

type ErrorJson = ReturnType<PhoneError['toJSON']>;

/** Messages between the tabs of one device; `from` is the sender's {@link SharedPhone.id}. */
type Message = { readonly from: string } & (
  | { readonly type: 'hello' }
  | { readonly type: 'state'; readonly snapshot: PhoneSnapshot }
  | { readonly type: 'event'; readonly name: RelayedEvent; readonly detail: Record<string, unknown>; readonly errors: readonly string[] }
  | { readonly type: 'bye' }
  | { readonly type: 'command'; readonly id: string; readonly command: PhoneCommand }
  | { readonly type: 'result'; readonly id: string; readonly to: string; readonly value?: unknown; readonly error?: ErrorJson }
);
type Outgoing = Message extends infer M ? (M extends Message ? Omit<M, 'from'> : never) : never;

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
  /** Tells this tab's messages from the others'. */
  readonly id = crypto.randomUUID();
  private currentRole: TabRole;
  private local: Phone | undefined;
  private current: PhoneSnapshot = IDLE_SNAPSHOT;
  /** The leader whose phone a follower mirrors; undefined until it speaks. */
  private leaderId: string | undefined;
  private channel: BroadcastChannel | undefined;
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
    const name = `${PROTOCOL} ${'uri' in share ? share.uri : `source ${share.key}`} ${share.instanceId}`;
    const channel = new BroadcastChannel(name);
    channel.onmessage = (event: MessageEvent<unknown>) => this.receive(event.data);
    this.channel = channel;
    this.post({ type: 'hello' });
    const { signal } = this.lifetime;
    // The callback's promise holds the lock until dispose(); closing the tab releases it.
    navigator.locks
      .request(name, { mode: 'exclusive', signal }, () => {
        if (signal.aborted) return undefined;
        this.lead();
        return new Promise<void>((resolve) => (this.releaseLock = resolve));
      })
      .catch(() => {
        if (signal.aborted || this.currentRole === TabRole.Leader) return;
        // Web Locks refused (an opaque origin such as a sandboxed iframe): go it alone.
        this.closeChannel();
        this.currentRole = TabRole.Single;
        this.lead();
      });
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
    this.closeChannel();
    if (phone) await settleWithin(phone.dispose(), UNREGISTER_WAIT_MS);
    this.releaseLock?.();
  }

  // ---- leader ----

  private lead(): void {
    if (this.currentRole === TabRole.Follower) this.currentRole = TabRole.Leader;
    // Calls of a leader that went away without a word (its tab closed): they died with it.
    if (this.leaderId !== undefined) this.leaderGone(CallEndReason.Failed, tabClosed());
    this.leaderId = this.id;
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

  private receive(data: unknown): void {
    const message = parseMessage(data);
    if (!message || message.from === this.id || this.closed) return;
    const leading = this.currentRole === TabRole.Leader;
    switch (message.type) {
      case 'hello':
        if (leading) this.post({ type: 'state', snapshot: this.current });
        return;
      case 'command':
        if (leading) this.serve(message.from, message.id, message.command);
        return;
      case 'result':
        if (message.to === this.id) this.settle(message.id, message.error ? reviveError(message.error) : undefined, message.value);
        return;
      case 'state': {
        if (leading) return;
        const known = this.leaderId;
        this.leaderId = message.from;
        if (known !== undefined && known !== message.from) this.leaderGone(CallEndReason.Failed, tabClosed(), message.snapshot);
        else this.adopt(message.snapshot);
        return;
      }
      case 'event':
        if (!leading && message.from === this.leaderId)
          this.dispatchEvent(new CustomEvent(message.name, { detail: decodeDetail(message.detail, message.errors) }));
        return;
      case 'bye':
        if (leading || message.from !== this.leaderId) return;
        // The leader hangs up its calls as it shuts down; the next leader starts afresh.
        this.leaderId = undefined;
        this.leaderGone(CallEndReason.LocalHangup, undefined, IDLE_SNAPSHOT);
        return;
      default:
        return message satisfies never;
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

  /** Sends to the other tabs; false when the message cannot be cloned or the channel is closed. */
  private post(message: Outgoing): boolean {
    try {
      this.channel?.postMessage({ ...message, from: this.id });
      return this.channel !== undefined;
    } catch {
      // DataCloneError: a provider result or argument that is not structured-cloneable.
      return false;
    }
  }

  private closeChannel(): void {
    this.channel?.close();
    this.channel = undefined;
  }
}

function canShare(): boolean {
  return typeof BroadcastChannel === 'function' && typeof globalThis.navigator?.locks?.request === 'function';
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

/** PhoneErrors do not survive structured cloning (they become plain Errors): send their JSON. */
function encodeDetail(detail: Record<string, unknown>): { detail: Record<string, unknown>; errors: string[] } {
  const plain: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (value instanceof PhoneError) errors.push(key);
    plain[key] = value instanceof PhoneError ? value.toJSON() : value;
  }
  return { detail: plain, errors };
}

function decodeDetail(detail: Record<string, unknown>, errors: readonly string[]): Record<string, unknown> {
  const revived: Record<string, unknown> = { ...detail };
  for (const key of errors) revived[key] = isErrorJson(revived[key]) ? reviveError(revived[key]) : undefined;
  return deepFreeze(revived);
}

function isErrorJson(value: unknown): value is ErrorJson {
  return typeof value === 'object' && value !== null && typeof (value as ErrorJson).code === 'string' && typeof (value as ErrorJson).message === 'string';
}

/** A PhoneError from its JSON; a code this version does not know becomes `call-failed`. */
function reviveError(json: ErrorJson): PhoneError {
  const code: Code = Object.hasOwn(ERROR_CATALOGUE, json.code) ? json.code : ErrorCode.CallFailed;
  return new PhoneError(code, { message: json.message, statusCode: typeof json.statusCode === 'number' ? json.statusCode : undefined });
}

/** Structured clones arrive mutable; what elements receive is frozen. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || value instanceof PhoneError || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

function isSnapshot(value: unknown): value is PhoneSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const { connection, registration, calls, capabilities } = value as Record<string, unknown>;
  return typeof connection === 'string' && typeof registration === 'string' && Array.isArray(calls) && Array.isArray(capabilities);
}

/** Checks a message from another tab (which may run another copy of the kit). */
function parseMessage(data: unknown): Message | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Record<string, unknown>;
  if (typeof message['from'] !== 'string') return undefined;
  const ok = ((): boolean => {
    switch (message['type']) {
      case 'hello':
      case 'bye':
        return true;
      case 'state':
        return isSnapshot(message['snapshot']);
      case 'event':
        return (
          RELAYED.includes(message['name'] as RelayedEvent) &&
          typeof message['detail'] === 'object' &&
          message['detail'] !== null &&
          Array.isArray(message['errors'])
        );
      case 'command':
        return typeof message['id'] === 'string' && isPhoneCommand(message['command']);
      case 'result':
        return typeof message['id'] === 'string' && typeof message['to'] === 'string' && (message['error'] === undefined || isErrorJson(message['error']));
      default:
        return false;
    }
  })();
  if (!ok) return undefined;
  if (message['type'] === 'state') deepFreeze(message['snapshot']);
  return message as Message;
}
