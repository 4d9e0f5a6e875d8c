/**
 * Every error the emulator can answer, in one table.
 *
 * Codes and messages follow the RingCentral contract (ringcentral-contract.md, "HTTP") and
 * RingCentral's published error-code list. Entries with an `error` field are OAuth
 * errors of /restapi/oauth/* and render as
 *   {"error":…,"errors":[{"errorCode":…,"message":…}],"error_description":…};
 * the others are REST errors and render as
 *   {"errorCode":…,"message":…,"errors":[{"errorCode":…,"message":…}]}.
 * `{name}` placeholders in a message are filled from the values given to `fail()`.
 *
 * @typedef {{ status: number, code: string, message: string, error?: string, legacyCode?: string, permissionName?: string }} ErrorEntry
 */

/** @type {Record<string, ErrorEntry>} */
export const ERRORS = {
  // --- OAuth: /restapi/oauth/token, /restapi/oauth/revoke, /restapi/oauth/authorize ---
  invalidParameter: {
    status: 400,
    error: 'invalid_request',
    code: 'OAU-101',
    message: 'Parameter [{name}] is invalid',
  },
  unsupportedGrant: {
    status: 400,
    error: 'unsupported_grant_type',
    code: 'OAU-101',
    message: 'Parameter [grant_type] is invalid',
  },
  clientAuthRequired: {
    status: 401,
    error: 'invalid_client',
    code: 'OAU-123',
    message: 'Client authentication is required',
  },
  invalidClientCredentials: {
    status: 401,
    error: 'invalid_client',
    code: 'OAU-146',
    message: 'Invalid client credentials',
  },
  unknownClient: { status: 401, error: 'invalid_client', code: 'OAU-153', message: 'Invalid client: {clientId}' },
  grantNotAllowed: {
    status: 400,
    error: 'unauthorized_client',
    code: 'OAU-112',
    message: 'The client is unauthorized for the required grant type: [{grantType}]',
  },
  invalidCode: { status: 400, error: 'invalid_grant', code: 'OAU-106', message: 'Invalid authorization code' },
  expiredCode: { status: 400, error: 'invalid_grant', code: 'OAU-108', message: 'Authorization code is expired' },
  redirectMismatch: { status: 400, error: 'invalid_grant', code: 'OAU-109', message: 'Redirect URIs do not match' },
  foreignCode: {
    status: 400,
    error: 'invalid_grant',
    code: 'OAU-110',
    message: 'Authorization code was not issued for this application',
  },
  invalidAssertion: {
    status: 400,
    error: 'invalid_grant',
    code: 'OAU-140',
    message: 'Invalid resource owner credentials',
  },
  tokenRevoked: { status: 400, error: 'invalid_grant', code: 'OAU-211', message: 'Token revoked' },
  tokenNotFound: { status: 400, error: 'invalid_grant', code: 'OAU-213', message: 'Token not found' },

  // --- REST: /restapi/v1.0/* (401s carry the legacy top-level code seen on the wire) ---
  unparsableAccessToken: {
    status: 401,
    code: 'OAU-149',
    legacyCode: 'TokenInvalid',
    message: 'Unparsable access token',
  },
  accessTokenExpired: { status: 401, code: 'OAU-128', legacyCode: 'TokenInvalid', message: 'Access token expired' },
  accessTokenNotFound: { status: 401, code: 'OAU-213', legacyCode: 'TokenInvalid', message: 'Token not found' },
  invalidBody: { status: 400, code: 'CMN-101', message: 'Parameter [{name}] value is invalid' },
  appLacksVoip: {
    status: 403,
    code: 'CMN-401',
    message: 'In order to call this API endpoint, application needs to have [VoipCalling] permission',
  },
  // RingCentral's answer when the app lacks a permission (its docs' "Common Permission Errors").
  appLacksCallControl: {
    status: 403,
    code: 'CMN-401',
    legacyCode: 'InsufficientPermissions',
    permissionName: 'CallControl',
    message: 'In order to call this API endpoint, application needs to have [CallControl] permission',
  },
  userLacksVoip: { status: 403, code: 'SPR-101', message: 'VoIP calling is not available for the extension' },
  notFound: { status: 404, code: 'CMN-102', message: 'Resource for parameter [path] is not found' },
  rateLimited: { status: 429, code: 'CMN-301', message: 'Request rate exceeded' },
  unavailable: { status: 503, code: 'CMN-201', message: 'Service Temporary Unavailable' },
};

/** An error that the HTTP layer turns into the entry's response. */
export class PlatformError extends Error {
  /**
   * @param {keyof typeof ERRORS} key
   * @param {Record<string, string>} [values] fills the message's `{name}` placeholders
   */
  constructor(key, values = {}) {
    const entry = ERRORS[key];
    super(entry.message.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? ''));
    this.entry = entry;
  }

  get status() {
    return this.entry.status;
  }

  get code() {
    return this.entry.code;
  }

  /** The response body, shaped like the platform's for this kind of endpoint. */
  toJSON() {
    const { error, code, legacyCode, permissionName } = this.entry;
    const permission = permissionName ? { permissionName } : {};
    const errors = [{ errorCode: code, message: this.message, ...permission }];
    return error ? { error, errors, error_description: this.message } : { errorCode: legacyCode ?? code, message: this.message, errors, ...permission };
  }
}

/**
 * @param {keyof typeof ERRORS} key
 * @param {Record<string, string>} [values]
 * @returns {never}
 */
export function fail(key, values) {
  throw new PlatformError(key, values);
}
