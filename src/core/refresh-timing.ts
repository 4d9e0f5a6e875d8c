/**
 * When a phone renews expiring credentials (token providers) and how it retries. Pure
 * timing policy, kept out of phone.ts so it can be read (and tested) on its own.
 */
import { PhoneError } from './errors.js';
import { backoffDelay } from './reconnect.js';

/** Shortest pause before refreshing credentials, so a bad `expiresAt` cannot make a busy loop. */
const MIN_REFRESH_MS = 1_000;
/** Longest pause between retries of a failed refresh. */
const MAX_RETRY_MS = 60_000;
/** How often a long wait re-reads the wall clock. */
const WALL_CLOCK_CHECK_MS = 30_000;

/**
 * When to renew credentials that live `lifetime` ms: at 80 % of their life, or 30 s before
 * they expire if that is sooner (room for a retry or two), but not in their first half,
 * which would make short-lived tokens refresh almost continuously.
 */
export function refreshDelay(lifetime: number): number {
  return Math.max(MIN_REFRESH_MS, Math.min(0.8 * lifetime, Math.max(lifetime - 30_000, 0.5 * lifetime)));
}

/**
 * Exponential backoff with "equal jitter" (1 s, 2 s, 4 s … up to 60 s, each between half and
 * all of that), so many pages that lost the same app server do not retry in step.
 */
export const retryDelay = (failures: number): number => backoffDelay(failures, { initialDelay: 1_000, maxDelay: MAX_RETRY_MS });

/** The same error, saying when the next attempt is. */
export function retrying(error: PhoneError, delay: number): PhoneError {
  return new PhoneError(error.code, { message: `${error.message} Trying again in ${Math.ceil(delay / 1000)} s.`, statusCode: error.statusCode, cause: error });
}

/**
 * Calls `fire` once the wall clock reaches `at`; returns a cancel function. Token expiry
 * follows the wall clock, but timers stop while a computer sleeps (and are throttled in
 * background tabs), so a long wait is split up and the clock read again.
 */
export function wallClockTimer(at: number, fire: () => void): () => void {
  let handle: ReturnType<typeof setTimeout>;
  const check = (): void => {
    const wait = at - Date.now();
    if (wait <= 0) fire();
    else handle = setTimeout(check, Math.min(wait, WALL_CLOCK_CHECK_MS));
  };
  handle = setTimeout(check, Math.min(Math.max(0, at - Date.now()), WALL_CLOCK_CHECK_MS));
  return () => clearTimeout(handle);
}

/** The wall clock and its timers, injectable so a refresh can be tested without waiting. */
export interface WallClock {
  now(): number;
  /** Calls `fire` once the wall clock reaches `time`; returns a cancel function. */
  at(time: number, fire: () => void): () => void;
}

export const wallClock: WallClock = { now: () => Date.now(), at: wallClockTimer };
