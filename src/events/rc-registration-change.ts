import type { RegistrationState } from '../core/states.js';

export interface RcRegistrationChangeDetail {
  readonly state: RegistrationState;
}
/** The SIP registration changed (`unregistered | registering | registered | failed`). */
export type RcRegistrationChangeEvent = CustomEvent<RcRegistrationChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'rc-registration-change': RcRegistrationChangeEvent;
  }
}
