import { createContext } from '@lit/context';
import type { AuthSnapshot } from '../core/auth.js';

/** Sign-in commands. Like the phone's, they never reject: failures become `rc-error` events. */
export interface AuthCommands {
  /** Starts a sign-in (a popup, or a redirect with `login-mode="redirect"`): call it from a click. */
  login(): Promise<boolean>;
  /** Signs out: unregisters the phone, revokes the session, clears what the kit stored. */
  logout(): Promise<boolean>;
  /** Chooses the caller ID of outgoing calls, one of `callerIds`. */
  setCallerId(number: string): Promise<boolean>;
}

export interface AuthContextValue {
  readonly snapshot: AuthSnapshot;
  readonly commands: AuthCommands;
}

export const authContext = createContext<AuthContextValue | undefined>(Symbol('rc-auth'));
