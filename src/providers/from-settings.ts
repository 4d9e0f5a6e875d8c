/**
 * Where `<rc-phone-provider>`'s SIP credentials come from, read from its settings alone:
 * the credentials the host set, static SIP credentials, or a token source. No side
 * effects, so what each combination of settings means is tested without a phone.
 */
import type { CredentialSource, SipCredentials } from '../core/credentials.js';
import { ErrorCode, PhoneError } from '../core/errors.js';
import { tokenCredentials, type FetchCredentials } from './token.js';

/** The settings that say where credentials come from (the provider element's properties of the same names). */
export interface CredentialSettings {
  /** `sip`, `token` or `ringcentral`; anything else is a mistake in the markup. */
  readonly provider: string;
  readonly credentials: SipCredentials | CredentialSource | undefined;
  readonly server: string;
  readonly uri: string;
  readonly authorizationUsername: string;
  readonly password: string;
  readonly displayName: string;
  readonly tokenUrl: string;
  readonly fetchCredentials: FetchCredentials | undefined;
  /** Read at each token fetch, from `settings` itself: pass the element to follow its changes. */
  readonly tokenHeaders: HeadersInit | undefined;
  /** Also allows an `http:` `tokenUrl` on another computer. */
  readonly allowInsecure: boolean;
}

/**
 * The credentials `settings` name, or a {@link PhoneError} to report (an unknown provider,
 * an insecure or malformed `token-url`). `undefined` while they are not complete yet
 * (attributes may arrive one by one), and for `ringcentral`, whose source comes from its
 * sign-in session instead.
 */
export function credentialsFromSettings(settings: CredentialSettings): SipCredentials | CredentialSource | PhoneError | undefined {
  if (settings.credentials) return settings.credentials;
  switch (settings.provider) {
    case 'sip':
      if (!settings.server || !settings.uri) return undefined;
      return {
        server: settings.server,
        uri: settings.uri,
        authorizationUsername: settings.authorizationUsername || undefined,
        password: settings.password,
        displayName: settings.displayName || undefined,
      };
    case 'token':
      // Not configured yet: the host may set `fetchCredentials` after the attributes.
      if (!settings.tokenUrl && !settings.fetchCredentials) return undefined;
      try {
        return tokenCredentials({
          url: settings.tokenUrl,
          fetchCredentials: settings.fetchCredentials,
          headers: () => settings.tokenHeaders,
          displayName: settings.displayName || undefined,
          allowInsecure: settings.allowInsecure,
        });
      } catch (error) {
        // An insecure or malformed token-url: reported, never fetched.
        if (error instanceof PhoneError) return error;
        throw error;
      }
    case 'ringcentral':
      return undefined;
    default:
      return new PhoneError(ErrorCode.InvalidConfiguration, {
        message: `Unknown provider "${String(settings.provider).slice(0, 32)}": use "sip", "token" or "ringcentral".`,
      });
  }
}
