/**
 * What a user can ask the phone to do, as plain data: the same table runs a command on
 * this tab's phone and on the phone of the tab that holds it for the browser profile
 * (commands cross tabs as structured-clone messages, so they cannot be closures).
 */
import { ErrorCode, PhoneError } from './errors.js';
import type { Phone } from './phone.js';

/** A command on one call. */
type CallCommand =
  | { readonly name: 'answer' | 'decline' | 'hangup' | 'hold' | 'unhold' | 'mute' | 'unmute'; readonly callId: string }
  | { readonly name: 'sendDtmf'; readonly callId: string; readonly tones: string }
  /** Blind transfer to a number/URI, or attended transfer to the party of another call. */
  | { readonly name: 'transfer'; readonly callId: string; readonly target: string | { readonly callId: string } }
  | { readonly name: 'providerAction'; readonly callId: string; readonly action: string; readonly args?: Readonly<Record<string, unknown>> | undefined };

export type PhoneCommand =
  | CallCommand
  | { readonly name: 'call'; readonly target: string }
  | { readonly name: 'register' | 'unregister' }
  | { readonly name: 'setAudioInput' | 'setAudioOutput'; readonly deviceId: string };

/** What a command resolves with: the new call's id, the provider's result, or nothing. */
export type CommandResult<C extends PhoneCommand> = C extends { name: 'call' } ? string : C extends { name: 'providerAction' } ? unknown : undefined;

/** Runs `command` on `phone`; rejects with a {@link PhoneError}. */
export async function runCommand<C extends PhoneCommand>(phone: Phone, command: C): Promise<CommandResult<C>>;
export async function runCommand(phone: Phone, command: PhoneCommand): Promise<unknown> {
  switch (command.name) {
    case 'call':
      return (await phone.call(command.target)).id;
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

const NAMES: Readonly<Record<PhoneCommand['name'], readonly string[]>> = {
  call: ['target'],
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
  sendDtmf: ['callId', 'tones'],
  transfer: ['callId'],
  providerAction: ['callId', 'action'],
};

/**
 * Whether a message from another tab is a command this version of the kit knows: its
 * name, and the string fields the name needs. Another tab may run an older or newer copy
 * of the kit; what it sends is checked like any input.
 */
export function isPhoneCommand(value: unknown): value is PhoneCommand {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const name = record['name'];
  if (typeof name !== 'string' || !Object.hasOwn(NAMES, name)) return false;
  if (!NAMES[name as PhoneCommand['name']].every((field) => typeof record[field] === 'string')) return false;
  if (name === 'transfer') {
    const target = record['target'];
    return typeof target === 'string' || (typeof target === 'object' && target !== null && typeof (target as Record<string, unknown>)['callId'] === 'string');
  }
  return name !== 'providerAction' || record['args'] === undefined || (typeof record['args'] === 'object' && record['args'] !== null);
}
