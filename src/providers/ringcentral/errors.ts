/**
 * Turns what @ringcentral/sdk throws into the kit's PhoneError. The SDK wraps failed HTTP
 * answers in an Error with the `response`; the platform's error bodies are
 * `{ error, error_description, errors: [{ errorCode, message }] }` (OAuth) or
 * `{ errorCode, message, errors }` (REST).
 */
import { ERROR_CATALOGUE, ErrorCode, PhoneError } from '../../core/errors.js';

export interface PlatformFailure {
  /** HTTP status, undefined when no answer came (network, CORS). */
  readonly status: number | undefined;
  /** The platform's code, e.g. `OAU-211`, `SPR-101`, `CMN-301`. */
  readonly errorCode: string | undefined;
  /** The OAuth `error` field, e.g. `invalid_grant`. */
  readonly error: string | undefined;
  readonly message: string;
  /** Seconds the platform asked us to wait (429 Retry-After). */
  readonly retryAfter: number | undefined;
}

interface ErrorBody {
  error?: unknown;
  error_description?: unknown;
  errorCode?: unknown;
  message?: unknown;
  errors?: { errorCode?: unknown; message?: unknown }[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value.slice(0, 200) : undefined);

export async function describeFailure(error: unknown): Promise<PlatformFailure> {
  const response = (error as { response?: unknown } | null)?.response;
  const fallbackMessage = error instanceof Error ? error.message : String(error);
  if (!(response instanceof Response)) {
    return { status: undefined, errorCode: undefined, error: undefined, message: fallbackMessage, retryAfter: undefined };
  }
  let body: ErrorBody = {};
  try {
    body = (await response.clone().json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's HTML error page): status alone tells what happened.
  }
  const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
  const retryAfter = Number.parseFloat(response.headers.get('retry-after') ?? '');
  return {
    status: response.status,
    errorCode: text(first?.errorCode) ?? text(body.errorCode),
    error: text(body.error),
    message: text(first?.message) ?? text(body.error_description) ?? text(body.message) ?? fallbackMessage,
    retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined,
  };
}

/**
 * What of a failed platform request travels with a PhoneError (as its `cause`, which reaches
 * the page in `rc-error`): the status and the platform's error code. Never the SDK's error,
 * whose `request` carries the Authorization header: a bearer token, or Basic with the client secret.
 */
export interface PlatformCause {
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
}

export const platformCause = (failure: PlatformFailure): PlatformCause => Object.freeze({ status: failure.status, errorCode: failure.errorCode });

const detailed = (code: ErrorCode, failure: PlatformFailure, cause: PlatformCause): PhoneError => {
  const detail = failure.errorCode ? `${failure.errorCode}: ${failure.message}` : failure.message;
  return new PhoneError(code, { message: `${ERROR_CATALOGUE[code].message} (RingCentral ${detail})`, statusCode: failure.status, cause });
};

/**
 * The PhoneError for a failed platform request. `fallback` is used when the failure says
 * nothing more specific (e.g. `login-failed` for a token request).
 */
export function platformError(failure: PlatformFailure, fallback: ErrorCode): PhoneError {
  const { status, errorCode } = failure;
  const cause = platformCause(failure);
  if (status === undefined) {
    return new PhoneError(ErrorCode.ServerUnreachable, { message: `RingCentral cannot be reached (${failure.message.slice(0, 120)}).`, cause });
  }
  if (status === 429) {
    const wait = failure.retryAfter === undefined ? '' : ` Try again in ${Math.ceil(failure.retryAfter)} s.`;
    return new PhoneError(ErrorCode.RateLimited, { message: `${ERROR_CATALOGUE['rate-limited'].message}${wait}`, statusCode: status, cause });
  }
  if (status === 503 || status === 502 || status === 504) return detailed(ErrorCode.Unavailable, failure, cause);
  if (errorCode === 'CMN-401') return detailed(ErrorCode.VoipPermissionMissing, failure, cause);
  // 403 SPR-101 / SPR-112 / SPR-132: no VoIP for the user, no digital line (the seed's troubleshooting list).
  if (status === 403 && errorCode?.startsWith('SPR-')) return detailed(ErrorCode.VoipUnavailable, failure, cause);
  if (errorCode === 'OAU-109') return detailed(ErrorCode.RedirectUriMismatch, failure, cause);
  return detailed(fallback, failure, cause);
}

/**
 * True when a platform request failed because the session is over (its token revoked, expired,
 * unknown: 401, or the refresh's `invalid_grant`), not for a reason of its own: a 400 on a
 * REST call is a refused request, and must not sign the user out.
 */
export const sessionIsOver = (failure: PlatformFailure): boolean => failure.status === 401 || failure.error === 'invalid_grant';
