/**
 * A scripted fake phone for stories: it provides the same context as `<rc-phone-provider>`
 * (a frozen snapshot and commands), so every element renders every state with no SIP
 * server. Built on the kit's own test fake (`rc-phone-kit/testing.js`), plus a script:
 * outgoing calls ring and are answered after a moment, as a real callee would.
 */
import { ContextProvider } from '@lit/context';
import type { Decorator } from '@storybook/web-components-vite';
import { render } from 'lit';
import { authContext, type AuthCommands, type AuthContextValue } from '../src/context/auth-context.js';
import type { AuthSnapshot } from '../src/core/auth.js';
import type { CallSnapshot } from '../src/core/call.js';
import type { PhoneProblem } from '../src/context/phone-context.js';
import { PhoneError, type ErrorCode } from '../src/core/errors.js';
import type { PhoneSnapshot } from '../src/core/phone.js';
import { CallDirection, CallState, ConnectionState, RegistrationState } from '../src/core/states.js';
import { FakePhone, type FakeCallInit } from '../src/elements/testing.harness.js';

export interface Script {
  /** An outgoing call starts ringing after this many ms (undefined: it stays dialing). */
  readonly ringAfterMs?: number | undefined;
  /** …and is answered after this many ms (undefined: it rings until hung up). */
  readonly answerAfterMs?: number | undefined;
}

/** Like a real callee: rings after 0.8 s, answers after 2.5 s. */
export const LIFELIKE: Script = { ringAfterMs: 800, answerAfterMs: 2500 };

export class ScriptedPhone extends FakePhone {
  constructor(
    snapshot: Partial<PhoneSnapshot> = {},
    private readonly script: Script = LIFELIKE,
  ) {
    super(snapshot);
  }

  override addCall(init: FakeCallInit = {}): CallSnapshot {
    const call = super.addCall(init);
    if (call.direction === CallDirection.Outbound && call.state === CallState.Dialing) {
      const { ringAfterMs, answerAfterMs } = this.script;
      if (ringAfterMs !== undefined) this.later(ringAfterMs, call.id, () => this.updateCall(call.id, { state: CallState.Ringing }));
      if (answerAfterMs !== undefined)
        this.later(answerAfterMs, call.id, () => this.updateCall(call.id, { state: CallState.Established, startedAt: Date.now() }));
    }
    return call;
  }

  /** Runs `step` after `ms` if call `id` is still there (the user may have hung up). */
  private later(ms: number, id: string, step: () => void): void {
    setTimeout(() => {
      if (this.snapshot.calls.some((call) => call.id === id)) step();
    }, ms);
  }
}

const SIGNED_OUT: AuthSnapshot = Object.freeze({
  provider: 'ringcentral',
  ready: true,
  status: 'signed-out',
  user: undefined,
  callerIds: Object.freeze([]),
  callerId: undefined,
  error: undefined,
});

/** A fake RingCentral sign-in for `<rc-login>`: signing in takes a second and succeeds. */
export class FakeAuth {
  private current: AuthContextValue;
  private readonly providers: ContextProvider<typeof authContext>[] = [];

  constructor(snapshot: Partial<AuthSnapshot> = {}) {
    this.current = Object.freeze({ snapshot: Object.freeze({ ...SIGNED_OUT, ...snapshot }), commands: this.commands });
  }

  get snapshot(): AuthSnapshot {
    return this.current.snapshot;
  }

  provide(host: HTMLElement): this {
    const provider = new ContextProvider(host, { context: authContext, initialValue: this.current });
    this.providers.push(provider);
    provider.hostConnected();
    return this;
  }

  update(patch: Partial<AuthSnapshot>): void {
    this.current = Object.freeze({ snapshot: Object.freeze({ ...this.snapshot, ...patch }), commands: this.commands });
    for (const provider of this.providers) provider.setValue(this.current);
  }

  readonly commands: AuthCommands = Object.freeze({
    login: async () => {
      this.update({ status: 'signing-in', error: undefined });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      this.update(SIGNED_IN);
      return true;
    },
    logout: async () => {
      this.update(SIGNED_OUT);
      return true;
    },
    setCallerId: async (number: string) => {
      this.update({ callerId: number });
      return true;
    },
  });
}

export const SIGNED_IN: Partial<AuthSnapshot> = {
  status: 'signed-in',
  user: Object.freeze({ name: 'Alice Example', extensionNumber: '101' }),
  callerIds: Object.freeze(['+16505550101', '+16505550199']),
  callerId: '+16505550101',
};

/** An error as the kit reports it, for stories of failures. */
export const storyError = (code: ErrorCode, message?: string): PhoneError => new PhoneError(code, message ? { message } : {});

/** Fake audio devices with names, so the device picker needs no microphone permission. */
export function fakeMediaDevices(
  options: { denied?: boolean } = {},
): Pick<MediaDevices, 'enumerateDevices' | 'getUserMedia' | 'addEventListener' | 'removeEventListener'> {
  // Without microphone permission browsers list devices without names (Media Capture and Streams §9.2.1).
  const device = (kind: MediaDeviceKind, deviceId: string, label: string): MediaDeviceInfo =>
    ({ kind, deviceId, label: options.denied ? '' : label, groupId: deviceId, toJSON: () => ({}) }) as MediaDeviceInfo;
  const devices = [
    device('audioinput', 'default', 'Default – Built-in microphone'),
    device('audioinput', 'headset-mic', 'USB headset microphone'),
    device('audiooutput', 'default', 'Default – Built-in speakers'),
    device('audiooutput', 'headset', 'USB headset'),
  ];
  const target = new EventTarget();
  return {
    enumerateDevices: async () => devices,
    getUserMedia: async () => {
      if (options.denied) throw new DOMException('Permission denied', 'NotAllowedError');
      // A silent track: stories never open the real microphone.
      const context = new AudioContext();
      const destination = context.createMediaStreamDestination();
      return destination.stream;
    },
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  };
}

/** What a story asks of the fake phone: its initial state, and how it behaves. */
export interface PhoneParameters {
  /** No provider at all: the element renders its disabled state. */
  readonly none?: boolean;
  readonly snapshot?: Partial<PhoneSnapshot>;
  readonly calls?: readonly FakeCallInit[];
  readonly script?: Script;
  /** Commands that fail (resolve false) instead of acting. */
  readonly failing?: readonly (keyof FakePhone['commands'])[];
  /** A fake RingCentral sign-in for `<rc-login>`. */
  readonly auth?: Partial<AuthSnapshot>;
  /** The phone's problem, as the provider keeps it after an `rc-error` (for `<rc-phone-status>`). */
  readonly problem?: PhoneProblem;
}

export const CONNECTED: Partial<PhoneSnapshot> = { connection: ConnectionState.Connected, registration: RegistrationState.Registered };
export const DISCONNECTED: Partial<PhoneSnapshot> = { connection: ConnectionState.Disconnected, registration: RegistrationState.Unregistered };

/**
 * Wraps every story in a host that provides a {@link ScriptedPhone} (per `parameters.phone`)
 * and pins the theme chosen in the toolbar (or by the story's `globals.theme`).
 */
export const withFakePhone: Decorator = (story, context) => {
  const params = (context.parameters['phone'] ?? {}) as PhoneParameters;
  const theme = (context.globals['theme'] as string | undefined) ?? 'light';
  const host = document.createElement('div');
  host.className = 'rc-story';
  host.setAttribute('theme', theme);
  if (!params.none) {
    const phone = new ScriptedPhone({ ...CONNECTED, ...params.snapshot }, params.script ?? LIFELIKE);
    for (const call of params.calls ?? []) phone.addCall(call);
    for (const name of params.failing ?? []) phone.failing.add(name);
    if (params.problem) phone.setProblem(params.problem);
    phone.provide(host);
  }
  if (params.auth) new FakeAuth(params.auth).provide(host);
  render(story(), host);
  return host;
};

/** The story's `<tag>` element, for play functions. */
export function storyElement<K extends keyof HTMLElementTagNameMap>(root: HTMLElement, tag: K): HTMLElementTagNameMap[K] {
  const element = root.querySelector(tag);
  if (!element) throw new Error(`The story rendered no <${tag}>`);
  return element;
}
