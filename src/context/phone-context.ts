import { createContext } from '@lit/context';
import { COMMAND_FIELDS, COMMAND_NAMES, type CommandArguments, type CommandName, type CommandResult, type PhoneCommand } from '../core/commands.js';
import type { CallOptions } from '../core/call-options.js';
import type { ErrorCode } from '../core/errors.js';
import type { PhoneSnapshot } from '../core/phone.js';

/**
 * What elements may ask the phone to do. Commands never reject: a failure is reported
 * as an `rc-error` event on the provider (with the call id), and the command resolves
 * `false` (or `undefined` for `call`).
 */
export interface PhoneCommands {
  /** Resolves with the new call's id. `options`: extra INVITE headers, the DTMF method. */
  call(target: string, options?: CallOptions): Promise<string | undefined>;
  answer(callId: string): Promise<boolean>;
  decline(callId: string): Promise<boolean>;
  hangup(callId: string): Promise<boolean>;
  hold(callId: string): Promise<boolean>;
  unhold(callId: string): Promise<boolean>;
  mute(callId: string): Promise<boolean>;
  unmute(callId: string): Promise<boolean>;
  /** Stops a ringing call answering by itself (`autoAnswerAt`): it rings on. */
  cancelAutoAnswer(callId: string): Promise<boolean>;
  sendDtmf(callId: string, tones: string): Promise<boolean>;
  /** Blind transfer to a number/URI, or attended transfer to the party of another call. */
  transfer(callId: string, target: string | { callId: string }): Promise<boolean>;
  /** Connects (again) and, unless `auto-register="false"`, registers: "Retry" after the server could not be reached. */
  start(): Promise<boolean>;
  register(): Promise<boolean>;
  unregister(): Promise<boolean>;
  setAudioInput(deviceId: string): Promise<boolean>;
  setAudioOutput(deviceId: string): Promise<boolean>;
  /**
   * A provider-specific call feature listed in `snapshot.capabilities` ('record' `{ on: boolean }`,
   * 'park', 'flip' `{ target }`, 'forward' `{ target }`, 'voicemail', 'reply' `{ message }`).
   * Resolves with the provider's result (e.g. `{ location }` for 'park'), or `undefined` on failure.
   */
  providerAction(callId: string, action: string, args?: Readonly<Record<string, unknown>>): Promise<{ readonly result: unknown } | undefined>;
}

/** A problem of the phone itself, not of one call (wrong password, server down, microphone blocked). */
export interface PhoneProblem {
  readonly code: ErrorCode;
  /** The error's message (English, from the catalogue); elements show their own translated text for known codes. */
  readonly message: string;
}

/** What elements that show {@link PhoneContextValue.problem} tell the provider. */
export interface ProblemDisplay {
  /** An element shows problems from now on (so they are not also logged); call the returned function when it stops. */
  show(): () => void;
  /** Forgets the current problem: the user dismissed it, or solved it (allowed the microphone). */
  dismiss(): void;
}

/** What a page knows about a caller (see `RcPhoneProvider.resolveContact`). */
export interface Contact {
  /** The name to show (plain text). */
  readonly name?: string;
  /** A picture: an `http(s):` or `data:image/` URL (others are ignored). */
  readonly avatarUrl?: string;
  /** A link to the contact's record: an `http(s):` URL (others are ignored). */
  readonly href?: string;
}

/** A page's caller lookup: a number (or user) or a SIP URI in, its contact (or undefined) out. */
export type ResolveContact = (numberOrUri: string) => Promise<Contact | undefined>;

/**
 * The value shared by `<rc-phone-provider>`: a frozen snapshot plus commands. A new
 * object is published on every change, because context consumers are only told when
 * the value is not `Object.is` the old one.
 */
export interface PhoneContextValue {
  readonly snapshot: PhoneSnapshot;
  readonly commands: PhoneCommands;
  /** The phone's last problem until it is solved (registered again) or dismissed; absent when none. */
  readonly problem?: PhoneProblem | undefined;
  /** Absent where nobody tracks problems (a fake phone without them). */
  readonly problems?: ProblemDisplay | undefined;
  /** Contacts the page's lookup found, by `contactKey` of a call (checked: safe to show). */
  readonly contacts?: ReadonlyMap<string, Contact>;
}

/**
 * Carries out a command for {@link commandsFrom}: resolves with its result, or `undefined`
 * when it failed (the runner reports the failure; it never rejects).
 */
export type RunCommand = <C extends PhoneCommand>(command: C) => Promise<{ readonly value: CommandResult<C> } | undefined>;

/**
 * {@link PhoneCommands} as the vocabulary (`COMMAND_FIELDS`) makes them: a method per command,
 * taking its fields in order. A command on one side only does not compile.
 */
type CommandMethods = { readonly [N in CommandName]: (...args: CommandArguments<N>) => ReturnType<PhoneCommands[N]> };

/**
 * The frozen {@link PhoneCommands} of a phone that carries out commands with `run`: each
 * method makes the command from its arguments and answers as documented there (`call`
 * the new call's id, `providerAction` `{ result }`, the others `true`; `undefined` or
 * `false` on failure).
 */
export function commandsFrom(run: RunCommand): PhoneCommands {
  const method =
    (name: CommandName) =>
    async (...args: unknown[]): Promise<unknown> => {
      const fields = COMMAND_FIELDS[name].map((field, i) => [field, args[i]]);
      const outcome = await run({ name, ...Object.fromEntries(fields) } as PhoneCommand);
      if (name === 'call') return outcome?.value;
      if (name === 'providerAction') return outcome && { result: outcome.value };
      return outcome !== undefined;
    };
  const methods = Object.fromEntries(COMMAND_NAMES.map((name) => [name, method(name)]));
  return Object.freeze(methods as CommandMethods);
}

export const phoneContext = createContext<PhoneContextValue | undefined>(Symbol('rc-phone'));
