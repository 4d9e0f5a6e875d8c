import type { AutoAnswerPolicy } from '../../core/auto-answer.js';
import { isCredentialSource, type CredentialSource, type SipCredentials } from '../../core/credentials.js';
import { Phone, type PhoneOptions } from '../../core/phone.js';
import { SharedPhone } from '../../core/tabs/shared-phone.js';
import type { TransferPolicy, TransferRequest } from '../../core/transfer-policy.js';

/** `auto-register="false"` (or `close-prompt="false"`) turns it off; the attribute's presence (or absence) keeps the default, on. */
export const autoRegisterConverter = {
  fromAttribute: (value: string | null): boolean => value !== 'false',
  toAttribute: (value: boolean): string => String(value),
};

/** `allowed-origins="https://a.example https://b.example"`. */
export const listConverter = {
  fromAttribute: (value: string | null): string[] => (value ?? '').split(/\s+/).filter(Boolean),
  toAttribute: (value: readonly string[]): string => value.join(' '),
};

/** The settings that make a new phone when they change. */
export const PHONE_SETTINGS = [
  'server',
  'uri',
  'authorizationUsername',
  'displayName',
  'password',
  'credentials',
  'iceServers',
  'autoRegister',
  'instanceId',
  'phoneOptions',
  'allowInsecure',
  'provider',
  'tokenUrl',
  'fetchCredentials',
  'tabSharing',
  'clientId',
  'redirectUri',
  'loginMode',
  'allowedOrigins',
  'authorizationCode',
  'codeVerifier',
  'jwt',
  'clientSecret',
  'allowJwtLogin',
  'transferPolicy',
  'trustCancelReason',
] as const;

/** The settings a phone is made with (the provider's properties of the same names). */
export interface PhoneSettings {
  readonly uri: string;
  readonly instanceId: string;
  readonly tabSharing: 'on' | 'off';
  readonly iceServers: readonly RTCIceServer[];
  readonly autoRegister: boolean;
  readonly allowInsecure: boolean;
  readonly phoneOptions: Partial<Omit<PhoneOptions, 'credentials'>>;
  /** `transfer-policy`; undefined: `phoneOptions.transferPolicy`. */
  readonly transferPolicy?: TransferPolicy | undefined;
  /** `trust-cancel-reason`; undefined: `phoneOptions.trustCancelReason`. */
  readonly trustCancelReason?: boolean | undefined;
  /** Asks the page about each transfer the policy allows (`rc-request-transfer`). */
  readonly decideTransfer?: ((policy: TransferPolicy | undefined, request: TransferRequest) => Promise<boolean>) | undefined;
  readonly autoAnswer?: AutoAnswerPolicy | undefined;
}

/** The options of the phone `settings` and `credentials` make. */
export const phoneOptionsFrom = (settings: PhoneSettings, credentials: SipCredentials | CredentialSource): PhoneOptions => {
  const policy = settings.transferPolicy ?? settings.phoneOptions.transferPolicy;
  const decide = settings.decideTransfer?.bind(settings);
  const trustCancelReason = settings.trustCancelReason ?? settings.phoneOptions.trustCancelReason;
  return {
    ...settings.phoneOptions,
    transferPolicy: decide ? (request) => decide(policy, request) : policy,
    ...(trustCancelReason === undefined ? {} : { trustCancelReason }),
    credentials,
    iceServers: settings.iceServers,
    autoRegister: settings.autoRegister,
    // Read when a call asks, so a new policy applies without a new phone (and calls).
    autoAnswer: (call, request) => (settings.autoAnswer ?? settings.phoneOptions.autoAnswer)?.(call, request) ?? false,
    ...(settings.allowInsecure ? { allowInsecure: true } : {}),
    ...(settings.instanceId ? { instanceId: settings.instanceId } : {}),
  };
};

/**
 * The phone `settings` and `credentials` make, shared with the device's other tabs unless
 * `tab-sharing="off"`. It reads `settings` when it makes the phone: once elected, when shared.
 */
export function sharedPhoneFrom(settings: PhoneSettings, credentials: SipCredentials | CredentialSource): SharedPhone {
  // Before loading, a credential source does not tell which address it signs in as; its
  // share key, when it has one, names the device instead.
  const uri = isCredentialSource(credentials) ? settings.uri : credentials.uri;
  const key = isCredentialSource(credentials) ? credentials.shareKey : undefined;
  const instanceId = settings.instanceId || (settings.phoneOptions.instanceId ?? '');
  return new SharedPhone({
    create: () => new Phone(phoneOptionsFrom(settings, credentials)),
    share: settings.tabSharing === 'off' ? undefined : uri ? { uri, instanceId } : key ? { key, instanceId } : undefined,
  });
}
