import { createContext } from '@lit/context';
import type { PhoneSnapshot } from '../core/phone.js';

/**
 * What elements may ask the phone to do. Commands never reject: a failure is reported
 * as an `rc-error` event on the provider (with the call id), and the command resolves
 * `false` (or `undefined` for `call`).
 */
export interface PhoneCommands {
  /** Resolves with the new call's id. */
  call(target: string): Promise<string | undefined>;
  answer(callId: string): Promise<boolean>;
  decline(callId: string): Promise<boolean>;
  hangup(callId: string): Promise<boolean>;
  hold(callId: string): Promise<boolean>;
  unhold(callId: string): Promise<boolean>;
  mute(callId: string): Promise<boolean>;
  unmute(callId: string): Promise<boolean>;
  sendDtmf(callId: string, tones: string): Promise<boolean>;
  /** Blind transfer to a number/URI, or attended transfer to the party of another call. */
  transfer(callId: string, target: string | { callId: string }): Promise<boolean>;
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

/**
 * The value shared by `<rc-phone-provider>`: a frozen snapshot plus commands. A new
 * object is published on every change, because context consumers are only told when
 * the value is not `Object.is` the old one.
 */
export interface PhoneContextValue {
  readonly snapshot: PhoneSnapshot;
  readonly commands: PhoneCommands;
}

export const phoneContext = createContext<PhoneContextValue | undefined>(Symbol('rc-phone'));
