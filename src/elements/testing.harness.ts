/**
 * Test and story helpers: a scripted fake phone that provides {@link phoneContext} like
 * `<rc-phone-provider>` does (no server needed), and the per-element harnesses. Import from
 * `rc-phone-kit/testing.js`. Fakes are for unit tests of one element and for stories;
 * end-to-end tests use the real provider.
 */
import { ContextProvider } from '@lit/context';
import type { CallSnapshot } from '../core/call.js';
import { currentCallId as pickCurrent } from '../core/current-call.js';
import type { PhoneSnapshot } from '../core/phone.js';
import type { RemoteParty } from '../core/sip/types.js';
import { CallDirection, CallState, ConnectionState, RegistrationState } from '../core/states.js';
import { commandsFrom, phoneContext, type PhoneCommands, type PhoneContextValue, type PhoneProblem, type ProblemDisplay } from '../context/phone-context.js';
import { commandArguments, type CommandResult, type PhoneCommand } from '../core/commands.js';

export { DialpadHarness } from './rc-dialpad/rc-dialpad.harness.js';
export { CallControlsHarness } from './rc-call-controls/rc-call-controls.harness.js';
export { DevicePickerHarness } from './rc-device-picker/rc-device-picker.harness.js';
export { IncomingCallHarness } from './rc-incoming-call/rc-incoming-call.harness.js';
export { CallQualityHarness } from './rc-call-quality/rc-call-quality.harness.js';
export { PreflightHarness } from './rc-preflight/rc-preflight.harness.js';
export { CallListHarness } from './rc-call-list/rc-call-list.harness.js';
export { PhoneHarness } from './rc-phone/rc-phone.harness.js';
export { PhoneStatusHarness } from './rc-phone-status/rc-phone-status.harness.js';
export { LoginHarness } from './rc-login/rc-login.harness.js';

export interface FakeCallInit extends Partial<Omit<CallSnapshot, 'remote'>> {
  readonly remote?: Partial<RemoteParty>;
}

/** One command the fake received. */
export interface FakeCommand {
  readonly name: keyof PhoneCommands;
  readonly args: readonly unknown[];
}

const connectedSnapshot = (): PhoneSnapshot =>
  Object.freeze({
    connection: ConnectionState.Connected,
    registration: RegistrationState.Registered,
    calls: Object.freeze([]),
    currentCallId: undefined,
    uri: 'sip:me@example.com',
    capabilities: Object.freeze([]),
  });

/**
 * A phone without a server. Commands are recorded in {@link FakePhone.received} and
 * change the snapshot the way a real phone would (answer → established, hold → held…);
 * {@link FakePhone.failing} makes chosen commands fail instead.
 */
export class FakePhone {
  /** Every command, in order. */
  readonly received: FakeCommand[] = [];
  /** Commands that fail (resolve false/undefined) instead of acting. */
  readonly failing = new Set<keyof PhoneCommands>();
  /** What `providerAction` resolves with, per action. */
  readonly actionResults = new Map<string, unknown>();
  private current: PhoneContextValue;
  private readonly providers: ContextProvider<typeof phoneContext>[] = [];
  private nextId = 1;

  /** How many elements show the problem (they called `problems.show()`). */
  problemDisplays = 0;
  private readonly problemDisplay: ProblemDisplay = Object.freeze({
    show: () => {
      this.problemDisplays++;
      return () => void this.problemDisplays--;
    },
    dismiss: () => this.setProblem(undefined),
  });

  constructor(snapshot: Partial<PhoneSnapshot> = {}) {
    this.current = Object.freeze({
      snapshot: Object.freeze({ ...connectedSnapshot(), ...snapshot }),
      commands: this.commands,
      problem: undefined,
      problems: this.problemDisplay,
    });
  }

  /** Publishes the phone's problem (as the provider does after an `rc-error` such as `registration-rejected`). */
  setProblem(problem: PhoneProblem | undefined): void {
    this.current = Object.freeze({ ...this.current, problem });
    for (const provider of this.providers) provider.setValue(this.current);
  }

  get value(): PhoneContextValue {
    return this.current;
  }

  get snapshot(): PhoneSnapshot {
    return this.current.snapshot;
  }

  /** Makes `host` a provider of this phone for its subtree, and announces it to waiting consumers. */
  provide(host: HTMLElement): this {
    const provider = new ContextProvider(host, { context: phoneContext, initialValue: this.current });
    this.providers.push(provider);
    provider.hostConnected();
    return this;
  }

  /** Publishes a changed snapshot (a new object, as the real provider does). */
  update(patch: Partial<PhoneSnapshot>): void {
    const calls = patch.calls ?? this.snapshot.calls;
    const currentCallId = 'currentCallId' in patch ? patch.currentCallId : pickCurrent(calls);
    this.current = Object.freeze({
      ...this.current,
      snapshot: Object.freeze({ ...this.snapshot, ...patch, calls: Object.freeze([...calls]), currentCallId }),
    });
    for (const provider of this.providers) provider.setValue(this.current);
  }

  /** Adds a call (default: an established inbound call from "Bob"). */
  addCall(init: FakeCallInit = {}): CallSnapshot {
    const now = Date.now();
    const state = init.state ?? CallState.Established;
    const user = init.remote?.user ?? 'bob';
    const call: CallSnapshot = Object.freeze({
      id: init.id ?? `call-${this.nextId++}`,
      direction: init.direction ?? CallDirection.Inbound,
      state,
      remote: Object.freeze({ uri: init.remote?.uri ?? `sip:${user}@example.com`, user, displayName: init.remote?.displayName ?? 'Bob' }),
      held: init.held ?? false,
      remoteHeld: init.remoteHeld ?? false,
      earlyMedia: init.earlyMedia ?? false,
      muted: init.muted ?? false,
      recording: init.recording ?? false,
      autoAnswerAt: init.autoAnswerAt,
      quality: init.quality,
      warnings: Object.freeze([...(init.warnings ?? [])]),
      createdAt: init.createdAt ?? now,
      startedAt: 'startedAt' in init ? init.startedAt : state === CallState.Established ? now : undefined,
      endedAt: init.endedAt,
      endReason: init.endReason,
      endCode: init.endCode,
      platformIds: init.platformIds,
    });
    this.update({ calls: [...this.snapshot.calls, call] });
    return call;
  }

  updateCall(id: string, patch: Partial<Omit<CallSnapshot, 'id'>>): void {
    this.update({ calls: this.snapshot.calls.map((call) => (call.id === id ? Object.freeze({ ...call, ...patch }) : call)) });
  }

  removeCall(id: string): void {
    this.update({ calls: this.snapshot.calls.filter((call) => call.id !== id) });
  }

  /** Commands named `name` received so far. */
  calls(name: keyof PhoneCommands): FakeCommand[] {
    return this.received.filter((command) => command.name === name);
  }

  readonly commands: PhoneCommands = commandsFrom((command) => this.run(command));

  /** Records a command and, unless it is set to fail, carries it out. */
  private async run<C extends PhoneCommand>(command: C): Promise<{ value: CommandResult<C> } | undefined>;
  private async run(command: PhoneCommand): Promise<{ value: unknown } | undefined> {
    this.received.push({ name: command.name, args: commandArguments(command) });
    if (this.failing.has(command.name)) return undefined;
    return { value: this.carryOut(command) };
  }

  /** Changes the snapshot the way a real phone would; returns the command's result. */
  private carryOut(command: PhoneCommand): unknown {
    switch (command.name) {
      case 'call': {
        const user = command.target.replace(/^sips?:/, '').split('@')[0] ?? command.target;
        return this.addCall({ direction: CallDirection.Outbound, state: CallState.Dialing, remote: { user, displayName: '', uri: `sip:${user}@example.com` } })
          .id;
      }
      case 'answer':
        return this.updateCall(command.callId, { state: CallState.Established, startedAt: Date.now() });
      case 'decline':
      case 'hangup':
        return this.removeCall(command.callId);
      case 'hold':
        return this.updateCall(command.callId, { held: true });
      case 'unhold':
        return this.update({
          calls: this.snapshot.calls.map((call) =>
            call.id === command.callId ? { ...call, held: false } : call.state === CallState.Established ? { ...call, held: true } : call,
          ),
        });
      case 'mute':
        return this.updateCall(command.callId, { muted: true });
      case 'unmute':
        return this.updateCall(command.callId, { muted: false });
      case 'cancelAutoAnswer':
        return this.updateCall(command.callId, { autoAnswerAt: undefined });
      case 'transfer':
        this.removeCall(command.callId);
        if (typeof command.target !== 'string') this.removeCall(command.target.callId);
        return undefined;
      case 'start':
        return this.update({ connection: ConnectionState.Connected, registration: RegistrationState.Registered });
      case 'register':
        return this.update({ registration: RegistrationState.Registered });
      case 'unregister':
        return this.update({ registration: RegistrationState.Unregistered });
      case 'providerAction': {
        // As RingCentral's source does: recording is a flag of the call, seen by every element.
        const on = command.args?.['on'];
        if (command.action === 'record' && typeof on === 'boolean') this.updateCall(command.callId, { recording: on });
        return this.actionResults.get(command.action);
      }
      case 'sendDtmf':
      case 'setAudioInput':
      case 'setAudioOutput':
        return undefined;
      default:
        return command satisfies never;
    }
  }
}

const mountedHosts = new Set<HTMLElement>();

/**
 * Puts `content` (an element, or markup built with the DOM) inside a host that provides
 * `phone`, attached to the document, and waits for it to render. Pass `phone: null` to
 * mount without any provider. `unmountPhones()` removes everything mounted.
 */
export async function mountWithPhone<T extends HTMLElement>(
  content: T,
  phone: FakePhone | null = new FakePhone(),
): Promise<{ element: T; phone: FakePhone | null; host: HTMLElement }> {
  const host = document.createElement('div');
  host.dataset['fakePhoneHost'] = '';
  if (phone) phone.provide(host);
  host.append(content);
  document.body.append(host);
  mountedHosts.add(host);
  await (content as T & { updateComplete?: Promise<unknown> }).updateComplete;
  return { element: content, phone, host };
}

/** Removes every host made by {@link mountWithPhone}. */
export function unmountPhones(): void {
  for (const host of mountedHosts) host.remove();
  mountedHosts.clear();
}
