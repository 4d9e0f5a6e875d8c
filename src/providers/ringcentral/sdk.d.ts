/**
 * The part of @ringcentral/sdk 5.x the kit uses, declared here instead of loading the
 * SDK's typings (see sdk.js). Shapes follow the SDK's src/platform/Platform.ts and Auth.ts.
 */

/** The token record the SDK keeps in localStorage (`<cachePrefix>platform`). */
export interface RingCentralAuthData {
  readonly access_token?: string;
  readonly token_type?: string;
  /** Access token expiry, ms since epoch (computed by the SDK from `expires_in`). */
  readonly expire_time?: number;
  /** The access token's lifetime in seconds, as the platform answered (a string after a 401: '-1'). */
  readonly expires_in?: number | string;
  readonly refresh_token?: string;
  /** Refresh token expiry, ms since epoch. */
  readonly refresh_token_expire_time?: number;
  readonly owner_id?: string;
  readonly endpoint_id?: string;
}

export interface RingCentralLoginUrlOptions {
  readonly state?: string;
  readonly redirectUri?: string;
}

export interface RingCentralLoginOptions {
  readonly code?: string;
  readonly code_verifier?: string;
  readonly redirect_uri?: string;
  readonly jwt?: string;
  readonly endpoint_id?: string;
}

export interface RingCentralPlatform {
  loginUrl(options: RingCentralLoginUrlOptions): string;
  /** Parses `?…` or `#…`; throws an Error carrying `error` when the answer is an OAuth error. */
  parseLoginRedirect(response: string): Record<string, string>;
  login(options: RingCentralLoginOptions): Promise<Response>;
  /**
   * Refreshes now; concurrent calls in one page share one request. The SDK calls it itself
   * (`ensureLoggedIn`), so the kit replaces it on the instance (auth.ts).
   */
  refresh(): Promise<unknown>;
  /** Refreshes when the stored access token is not valid; the SDK runs it before each REST call. */
  ensureLoggedIn(): Promise<unknown>;
  /** `Bearer <access token>`, put on each REST request. */
  authHeader(): Promise<string>;
  /** Revokes the access token, then clears the cache. */
  logout(): Promise<Response>;
  /** `options` go to the `Request` the SDK builds (its `signal` aborts the request). */
  get(url: string, query?: Record<string, string>, options?: { readonly signal?: AbortSignal }): Promise<Response>;
  post(url: string, body?: unknown): Promise<Response>;
  auth(): {
    data(): Promise<RingCentralAuthData>;
    /** Merges into the stored token record. */
    setData(data: Partial<Record<keyof RingCentralAuthData | 'code_verifier', string>> | { expire_time: number }): Promise<void>;
    /** Called by the SDK after a 401, before it refreshes and retries once. */
    cancelAccessToken(): Promise<unknown>;
  };
}

export interface RingCentralSdkOptions {
  readonly server: string;
  readonly clientId: string;
  readonly clientSecret?: string | undefined;
  readonly redirectUri?: string;
  readonly cachePrefix?: string;
  readonly appName?: string;
  readonly appVersion?: string;
  /** The kit decides what a failed refresh means (retry or sign out), so the SDK must not clear tokens itself. */
  readonly clearCacheOnRefreshError?: boolean;
  readonly refreshDelayMs?: number;
  readonly handleRateLimit?: boolean;
  readonly localStorage?: Storage;
  readonly fetch?: typeof fetch;
}

export declare class SDK {
  constructor(options: RingCentralSdkOptions);
  platform(): RingCentralPlatform;
  cache(): { clean(): Promise<unknown> };
}
