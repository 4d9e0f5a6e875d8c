// Classes and types only: importing this module registers no element (see define.ts).
export { Phone, type PhoneEventMap, type PhoneOptions, type PhoneSnapshot, type CallEndedDetail } from './core/phone.js';
export { Call, type CallSnapshot } from './core/call.js';
export { ErrorCode, PhoneError, ERROR_CATALOGUE } from './core/errors.js';
export { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from './core/states.js';
export { staticCredentials, type CredentialSource, type ProviderHooks, type ProviderHost, type ProviderRequest, type SipCredentials } from './core/credentials.js';
export { tokenCredentials, type FetchCredentials, type TokenResponse, type TokenSourceOptions } from './providers/token.js';
export { redact, type Logger, type LogLevel } from './core/log.js';
export type { RemoteParty, SipStack, SipStackFactory, SipStackOptions, SipSession } from './core/sip/types.js';
export { phoneContext, type PhoneCommands, type PhoneContextValue } from './context/phone-context.js';
export { authContext, type AuthCommands, type AuthContextValue, type AuthSnapshot, type AuthUser } from './context/auth-context.js';
// Types only: the RingCentral module itself is loaded on demand by <rc-phone-provider provider="ringcentral">.
export type { RingCentralSession, RingCentralSessionOptions } from './providers/ringcentral/index.js';
export { RcElement } from './elements/rc-element.js';
export { RcPhoneProvider } from './elements/rc-phone-provider/rc-phone-provider.component.js';
export { RcLogin } from './elements/rc-login/rc-login.component.js';
export type * from './events/index.js';
