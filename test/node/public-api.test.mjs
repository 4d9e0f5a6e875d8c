// What `import … from 'rc-phone-kit'` offers is the semver surface: a name added here is a
// promise, a name removed is a breaking change. Changing the list below is a decision to
// record in the README's changelog, not a test to update in passing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));

const PUBLIC_API = `
  Phone PhoneEventMap PhoneOptions PhoneSnapshot CallEndedDetail Call CallSnapshot CallPlatformIds CallOptions DtmfMethod AutoAnswerPolicy AutoAnswerRequest ErrorCode PhoneError
  CallDirection CallEndReason CallState ConnectionState RegistrationState TabRole Logger LogLevel Clock ReconnectOptions
  TransferPolicy TransferRequest
  QUALITY_DEFAULTS QualityWarning CallWarning CallQuality CallQualityDetail CallRoute CallWarningDetail QualityOptions QualityThresholds mos RcCallQuality RcPreflight
  runPreflight PreflightCheck PreflightCheckName PreflightOptions PreflightReport PreflightStatus
  RemoteParty SipStack SipStackFactory SipStackOptions SipSession
  staticCredentials CredentialSource ProviderHooks ProviderHost ProviderRequest SipCredentials
  tokenCredentials FetchCredentials TokenResponse TokenSourceOptions RingCentralSession RingCentralSessionOptions AuthSnapshot AuthUser
  phoneContext PhoneCommands PhoneContextValue PhoneProblem ProblemDisplay Contact ResolveContact authContext AuthCommands AuthContextValue
  RcPhoneProvider RcLogin RcDialpad DialpadMode RcCallControls RcDevicePicker RcIncomingCall RcPhoneStatus RcCallList RcPhone PhoneView
  clearRecentCalls RecentCall setLocale getLocale loadKitLocale allLocales
`.split(/\s+/);

test('src/index.ts exports the public API and nothing else (events: their Rc…Event and Rc…Detail types)', () => {
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config);
  const program = ts.createProgram([`${root}src/index.ts`], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(`${root}src/index.ts`);
  assert.ok(index);
  const module = checker.getSymbolAtLocation(index);
  assert.ok(module);
  const exported = checker.getExportsOfModule(module).map((symbol) => symbol.name);
  const eventTypes = exported.filter((name) => /^Rc[A-Za-z]+(Event|Detail)$/.test(name) || name === 'RcCallAction');
  assert.ok(eventTypes.includes('RcErrorEvent') && eventTypes.includes('RcErrorDetail'));
  assert.deepEqual(exported.filter((name) => !eventTypes.includes(name)).sort(), [...PUBLIC_API].filter(Boolean).sort());
});
