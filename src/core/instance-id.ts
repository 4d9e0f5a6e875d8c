/**
 * The phone's RFC 5626 instance id. A registrar keeps one binding per instance, so a page
 * that reloads with the same id replaces its registration instead of adding one; the id is
 * therefore kept per browser profile (and address of record), not made up per page.
 */
import { ErrorCode, PhoneError } from './errors.js';

export type InstanceIdStorage = Pick<Storage, 'getItem' | 'setItem'>;

const INSTANCE_KEY = 'rc-phone-kit:instance:';
// RFC 5626 §4.1: the +sip.instance of a browser is a urn:uuid.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id the app configured, else the one kept for `uri` in `storage` (default localStorage),
 * made on first use; throws unless it is a UUID.
 */
export function instanceId(uri: string, configured: string | undefined, storage: InstanceIdStorage | undefined): string {
  const id = configured ?? storedInstanceId(uri, storage ?? defaultStorage());
  if (!UUID.test(id)) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'The instance id must be a UUID.' });
  return id;
}

/** A UUID per browser profile and AOR, so a reload replaces its binding instead of adding one. */
function storedInstanceId(uri: string, storage: InstanceIdStorage | undefined): string {
  const key = INSTANCE_KEY + uri;
  let id: string | null | undefined;
  try {
    id = storage?.getItem(key);
    if (!id) {
      id = crypto.randomUUID();
      storage?.setItem(key, id);
    }
  } catch {
    id ??= crypto.randomUUID();
  }
  return id;
}

function defaultStorage(): InstanceIdStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage is blocked (e.g. third-party iframe with cookies disabled).
    return undefined;
  }
}
