// The public API: what a user writes code against. Classes and types only — importing this
// module registers no element (see define.ts). What elements only share among themselves
// (bases, controllers, services, the tab-sharing engine) stays out: see src/internal/README.md.

// The phone engine (no UI).
export { Phone, type PhoneEventMap, type PhoneOptions, type PhoneSnapshot, type CallEndedDetail } from './core/phone.js';
export { Call, type CallSnapshot, type CallPlatformIds } from './core/call.js';
export type { CallOptions, DtmfMethod } from './core/call-options.js';
export type { AutoAnswerPolicy, AutoAnswerRequest } from './core/auto-answer.js';
export { ErrorCode, PhoneError } from './core/errors.js';
export { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from './core/states.js';
export type { Logger, LogLevel } from './core/log.js';
export type { Clock, ReconnectOptions } from './core/reconnect.js';
export type { TransferPolicy, TransferRequest } from './core/transfer-policy.js';
export type { RemoteParty, SipStack, SipStackFactory, SipStackOptions, SipSession } from './core/sip/types.js';
export { TabRole } from './core/tabs/shared-phone.js';
export {
  QUALITY_DEFAULTS,
  QualityWarning,
  CallWarning,
  type CallQuality,
  type CallQualityDetail,
  type CallRoute,
  type CallWarningDetail,
  type QualityOptions,
  type QualityThresholds,
} from './core/quality/quality.js';
export { mos } from './core/quality/mos.js';
export { runPreflight } from './core/preflight/run-preflight.js';
export { type PreflightCheck, type PreflightCheckName, type PreflightOptions, type PreflightReport, type PreflightStatus } from './core/preflight/preflight.js';

// Where SIP credentials come from.
export {
  staticCredentials,
  type CredentialSource,
  type ProviderHooks,
  type ProviderHost,
  type ProviderRequest,
  type SipCredentials,
} from './core/credentials.js';
export { tokenCredentials, type FetchCredentials, type TokenResponse, type TokenSourceOptions } from './providers/token.js';
// Types only: the RingCentral module itself is loaded on demand by <rc-phone-provider provider="ringcentral">.
export type { RingCentralSession, RingCentralSessionOptions } from './providers/ringcentral/index.js';
export type { AuthSnapshot, AuthUser } from './core/auth.js';

// The contexts, for elements of your own that use the provider's phone.
export {
  phoneContext,
  type PhoneCommands,
  type PhoneContextValue,
  type PhoneProblem,
  type ProblemDisplay,
  type Contact,
  type ResolveContact,
} from './context/phone-context.js';
export { authContext, type AuthCommands, type AuthContextValue } from './context/auth-context.js';

// The elements (classes only; `rc-phone-kit/define.js` or each `rc-phone-kit/<tag>.js` registers them).
export { RcPhoneProvider } from './elements/rc-phone-provider/rc-phone-provider.component.js';
export { RcLogin } from './elements/rc-login/rc-login.component.js';
export { RcDialpad, type DialpadMode } from './elements/rc-dialpad/rc-dialpad.component.js';
export { RcCallControls } from './elements/rc-call-controls/rc-call-controls.component.js';
export { RcDevicePicker } from './elements/rc-device-picker/rc-device-picker.component.js';
export { RcIncomingCall } from './elements/rc-incoming-call/rc-incoming-call.component.js';
export { RcPhoneStatus } from './elements/rc-phone-status/rc-phone-status.component.js';
export { RcCallList } from './elements/rc-call-list/rc-call-list.component.js';
export { RcPhone, type PhoneView } from './elements/rc-phone/rc-phone.component.js';
export { RcCallQuality } from './elements/rc-call-quality/rc-call-quality.component.js';
export { RcPreflight } from './elements/rc-preflight/rc-preflight.component.js';
export { clearRecentCalls, type RecentCall } from './services/recent-calls.js';

// Strings and events.
export { setLocale, getLocale, loadKitLocale, allLocales } from './i18n/localization.js';
export type * from './events/index.js';
