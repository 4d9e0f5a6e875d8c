/**
 * What a user can ask the phone to do, as plain data: the same table runs a command on
 * this tab's phone and on the phone of the tab that holds it for the browser profile
 * (commands cross tabs as structured-clone messages, so they cannot be closures).
 */
import { isCallOptions, type CallOptions } from './call-options.js';
import { ErrorCode, PhoneError } from './errors.js';
import type { Phone } from './phone.js';

/** A command on one call. */
type CallCommand =
  | { readonly name: 'answer' | 'decline' | 'hangup' | 'hold' | 'unhold' | 'mute' | 'unmute' | 'cancelAutoAnswer'; readonly callId: string }
  | { readonly name: 'sendDtmf'; readonly callId: string; readonly tones: string }
  /** Blind transfer to a number/URI, or attended transfer to the party of another call. */
  | { readonly name: 'transfer'; readonly callId: string; readonly target: string | { readonly callId: string } }
  | { readonly name: 'providerAction'; readonly callId: string; readonly action: string; readonly args?: Readonly<Record<string, unknown>> | undefined };

export type PhoneCommand =
  | CallCommand
  | { readonly name: 'call'; readonly target: string; readonly options?: CallOptions | undefined }
  | { readonly name: 'start' | 'register' | 'unregister' }
  | { readonly name: 'setAudioInput' | 'setAudioOutput'; readonly deviceId: string };

/** What a command resolves with: the new call's id, the provider's result, or nothing. */
export type CommandResult<C extends PhoneCommand> = C extends { name: 'call' } ? string : C extends { name: 'providerAction' } ? unknown : undefined;

/**
 * The vocabulary's one list: each command with its fields, in the order its method on the
 * context takes them as arguments (`transfer(callId, target)`). `commandsFrom` makes the
 * methods from it, and {@link isPhoneCommand} checks what another tab sends against it.
 */
export const COMMAND_FIELDS = {
  call: ['target', 'options'],
  start: [],
  register: [],
  unregister: [],
  setAudioInput: ['deviceId'],
  setAudioOutput: ['deviceId'],
  answer: ['callId'],
  decline: ['callId'],
  hangup: ['callId'],
  hold: ['callId'],
  unhold: ['callId'],
  mute: ['callId'],
  unmute: ['callId'],
  cancelAutoAnswer: ['callId'],
  sendDtmf: ['callId', 'tones'],
  transfer: ['callId', 'target'],
  providerAction: ['callId', 'action', 'args'],
} as const satisfies { readonly [C in PhoneCommand as C['name']]: readonly Exclude<keyof C, 'name'>[] };

export type CommandName = PhoneCommand['name'];
export const COMMAND_NAMES = Object.keys(COMMAND_FIELDS) as readonly CommandName[];
type Field = (typeof COMMAND_FIELDS)[CommandName][number];

/** The command named `N`. */
type CommandNamed<N extends CommandName> = PhoneCommand extends infer C ? (C extends PhoneCommand ? (N extends C['name'] ? C : never) : never) : never;

/** The values of `fields` of command `C`, as a tuple. */
type ValuesOf<C, Fields extends readonly unknown[]> = { -readonly [I in keyof Fields]: C[Fields[I] & keyof C] };

/** A command's fields as its method's arguments, e.g. `[string, string]` for `sendDtmf(callId, tones)`. */
export type CommandArguments<N extends CommandName> = ValuesOf<CommandNamed<N>, (typeof COMMAND_FIELDS)[N]>;

/** `command`'s fields in its method's order: what the method was called with. */
export function commandArguments(command: PhoneCommand): unknown[] {
  const fields: readonly Field[] = COMMAND_FIELDS[command.name];
  const values: Readonly<Record<string, unknown>> = command;
  return fields.map((field) => values[field]);
}

/** Runs `command` on `phone`; rejects with a {@link PhoneError}. */
export async function runCommand<C extends PhoneCommand>(phone: Phone, command: C): Promise<CommandResult<C>>;
export async function runCommand(phone: Phone, command: PhoneCommand): Promise<unknown> {
  switch (command.name) {
    case 'call':
      return (await phone.call(command.target, command.options)).id;
    case 'start':
      return phone.start();
    case 'register':
      return phone.register();
    case 'unregister':
      return phone.unregister();
    case 'setAudioInput':
      return phone.setAudioInput(command.deviceId);
    case 'setAudioOutput':
      return phone.setAudioOutput(command.deviceId);
    case 'providerAction':
      return phone.providerAction(command.callId, command.action, command.args);
    default:
      return runCallCommand(phone, command);
  }
}

async function runCallCommand(phone: Phone, command: Exclude<CallCommand, { name: 'providerAction' }>): Promise<void> {
  const call = phone.getCall(command.callId);
  if (!call) throw new PhoneError(ErrorCode.InvalidState, { message: 'That call has ended.' });
  switch (command.name) {
    case 'answer':
      return call.answer();
    case 'decline':
      return call.decline();
    case 'hangup':
      return call.hangup();
    case 'hold':
      return call.hold();
    case 'unhold':
      return call.unhold();
    case 'mute':
      return call.mute();
    case 'unmute':
      return call.unmute();
    case 'cancelAutoAnswer':
      return call.cancelAutoAnswer();
    case 'sendDtmf':
      return call.sendDtmf(command.tones);
    case 'transfer': {
      const { target } = command;
      if (typeof target === 'string') return call.transfer(target);
      const other = phone.getCall(target.callId);
      if (!other) throw new PhoneError(ErrorCode.TransferFailed, { message: 'The consultation call has ended.' });
      return call.transfer(other);
    }
    default:
      return command satisfies never;
  }
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

/** How a field of a command from another tab is checked. */
const FIELD_CHECKS: Readonly<Record<Field, (value: unknown, name: CommandName) => boolean>> = {
  callId: isText,
  tones: isText,
  deviceId: isText,
  action: isText,
  // A number or URI; for a transfer, also the party of another call.
  target: (value, name) => isText(value) || (name === 'transfer' && isRecord(value) && isText(value['callId'])),
  args: (value) => value === undefined || isRecord(value),
  options: isCallOptions,
};

/**
 * Whether a message from another tab is a command this version of the kit knows: its
 * name, and the fields the name needs. Another tab may run an older or newer copy of the
 * kit; what it sends is checked like any input.
 */
export function isPhoneCommand(value: unknown): value is PhoneCommand {
  if (!isRecord(value)) return false;
  const name = value['name'];
  if (!isText(name) || !Object.hasOwn(COMMAND_FIELDS, name)) return false;
  const fields: readonly Field[] = COMMAND_FIELDS[name as CommandName];
  return fields.every((field) => FIELD_CHECKS[field](value[field], name as CommandName));
}
