/**
 * localStorage for the RingCentral session, which keeps its tokens there: blocked storage
 * (site data blocked, some third-party frames) throws on access, full storage on write.
 * Both become `storage-unavailable`, which says what the user can do, instead of a generic
 * failure after the platform already answered.
 */
import { ErrorCode, PhoneError } from '../../core/errors.js';
import { CACHE_PREFIX } from './login-state.js';

const PROBE_KEY = `${CACHE_PREFIX}probe`;

/** Whether `error` is the browser refusing storage (blocked: SecurityError; full: QuotaExceededError). */
export const isStorageError = (error: unknown): boolean =>
  error instanceof DOMException && (error.name === 'SecurityError' || error.name === 'QuotaExceededError');

export const storageError = (cause: unknown): PhoneError => new PhoneError(ErrorCode.StorageUnavailable, { cause });

/** The window's localStorage, once a write and a removal worked; else `storage-unavailable`. */
export function usableStorage(win: Window): Storage {
  try {
    const storage = win.localStorage;
    storage.setItem(PROBE_KEY, '1');
    storage.removeItem(PROBE_KEY);
    return storage;
  } catch (error) {
    throw storageError(error);
  }
}

/**
 * Stores what only saves work later (the provisioned device's id, the caller IDs for other
 * tabs): a full storage must not fail a phone the platform has already provisioned.
 */
export function keep(storage: Storage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch (error) {
    if (!isStorageError(error)) throw error;
  }
}
