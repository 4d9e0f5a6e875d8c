import type { PhoneError } from './errors.js';

/** The signed-in user, as the provider's platform describes them. */
export interface AuthUser {
  /** Untrusted text, never markup. */
  readonly name: string;
  readonly extensionNumber: string;
}

/**
 * The sign-in state of a provider that needs one (RingCentral): what `<rc-login>` renders.
 * signed-out → signing-in → signed-in | signed-out; signed-in → signed-out.
 */
export interface AuthSnapshot {
  /** The provider that needs a sign-in, or undefined when the phone needs none (plain SIP, app tokens). */
  readonly provider: string | undefined;
  /** False while the provider loads and restores a stored session: signing in must wait. */
  readonly ready: boolean;
  readonly status: 'signed-out' | 'signing-in' | 'signed-in';
  readonly user: AuthUser | undefined;
  /** The numbers outgoing calls may show (the user's phone lines). */
  readonly callerIds: readonly string[];
  /** The chosen caller ID, or undefined for the platform's default. */
  readonly callerId: string | undefined;
  /** Why the last sign-in failed or the session ended; cleared by the next sign-in. */
  readonly error: PhoneError | undefined;
}

export const NO_SIGN_IN: AuthSnapshot = Object.freeze({
  provider: undefined,
  ready: false,
  status: 'signed-out',
  user: undefined,
  callerIds: Object.freeze([]),
  callerId: undefined,
  error: undefined,
});
