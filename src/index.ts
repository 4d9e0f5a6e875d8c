// Classes and types only: importing this module registers no element (see define.ts).
export { Phone, type PhoneEventMap, type PhoneOptions, type PhoneSnapshot, type CallEndedDetail } from './core/phone.js';
export { Call, type CallSnapshot } from './core/call.js';
export { ErrorCode, PhoneError, ERROR_CATALOGUE } from './core/errors.js';
export { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from './core/states.js';
export {
  staticCredentials,
  type CredentialSource,
  type ProviderHooks,
  type ProviderHost,
  type ProviderRequest,
  type SipCredentials,
} from './core/credentials.js';
export { tokenCredentials, type FetchCredentials, type TokenResponse, type TokenSourceOptions } from './providers/token.js';
export { redact, type Logger, type LogLevel } from './core/log.js';
export type { Clock, ReconnectOptions } from './core/reconnect.js';
export type { RemoteParty, SipStack, SipStackFactory, SipStackOptions, SipSession } from './core/sip/types.js';
export { SharedPhone, TabRole, type SharedPhoneOptions } from './core/tabs/shared-phone.js';
export type { CommandResult, PhoneCommand } from './core/commands.js';
export { phoneContext, type PhoneCommands, type PhoneContextValue } from './context/phone-context.js';
export { authContext, type AuthCommands, type AuthContextValue } from './context/auth-context.js';
export type { AuthSnapshot, AuthUser } from './core/auth.js';
// Types only: the RingCentral module itself is loaded on demand by <rc-phone-provider provider="ringcentral">.
export type { RingCentralSession, RingCentralSessionOptions } from './providers/ringcentral/index.js';
export { RcElement } from './internal/rc-element.js';
export { RcPhoneProvider } from './elements/rc-phone-provider/rc-phone-provider.component.js';
export { RcLogin } from './elements/rc-login/rc-login.component.js';
export { RcPhoneElement } from './internal/rc-phone-element.js';
export { RcDialpad, DIALPAD_KEYS, type DialpadMode } from './elements/rc-dialpad/rc-dialpad.component.js';
export { RcCallControls } from './elements/rc-call-controls/rc-call-controls.component.js';
export { RcDevicePicker } from './elements/rc-device-picker/rc-device-picker.component.js';
export { RcIncomingCall } from './elements/rc-incoming-call/rc-incoming-call.component.js';
export { RcCallList } from './elements/rc-call-list/rc-call-list.component.js';
export { RcPhone, type PhoneView } from './elements/rc-phone/rc-phone.component.js';
export { PhoneController } from './controllers/phone-controller.js';
export { normaliseDialString, type DialStringResult } from './services/dial-string.js';
export { DevicePreferences, devicePreferences, type DeviceChoices, type DeviceKind } from './services/device-preferences.js';
export { RecentCalls, recentCalls, clearRecentCalls, type RecentCall } from './services/recent-calls.js';
export { TonePlayer, tonePlayer } from './services/tone-player.js';
export { setLocale, getLocale, loadKitLocale, allLocales } from './i18n/localization.js';
export { TOKENS } from './themes/tokens.js';
export type * from './events/index.js';
