// Classes and types only: importing this module registers no element (see define.ts).
export { Phone, type PhoneEventMap, type PhoneOptions, type PhoneSnapshot, type CallEndedDetail } from './core/phone.js';
export { Call, type CallSnapshot } from './core/call.js';
export { ErrorCode, PhoneError, ERROR_CATALOGUE } from './core/errors.js';
export { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from './core/states.js';
export { staticCredentials, type CredentialSource, type SipCredentials } from './core/credentials.js';
export { tokenCredentials, type FetchCredentials, type TokenResponse, type TokenSourceOptions } from './providers/token.js';
export { redact, type Logger, type LogLevel } from './core/log.js';
export type { RemoteParty, SipStack, SipStackFactory, SipStackOptions, SipSession } from './core/sip/types.js';
export { phoneContext, type PhoneCommands, type PhoneContextValue } from './context/phone-context.js';
export { RcElement } from './elements/rc-element.js';
export { RcPhoneProvider } from './elements/rc-phone-provider/rc-phone-provider.component.js';
export type * from './events/index.js';
