/**
 * The messages tabs of one device exchange (see shared-phone.ts), and the checks each
 * passes before a tab acts on it: the channel is open to every script of the origin, so
 * everything in a message, down to each call of a snapshot, is checked as hostile input.
 */
import type { CallPlatformIds, CallSnapshot } from '../call.js';
import { isPhoneCommand, type PhoneCommand } from '../commands.js';
import { ERROR_CATALOGUE, ErrorCode, PhoneError, type ErrorCode as Code } from '../errors.js';
import type { PhoneEventMap, PhoneSnapshot } from '../phone-events.js';
import { CallWarning, type CallQuality, type CallRoute } from '../quality/quality.js';
import { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from '../states.js';

/**
 * How each phone event reaches a shared phone's listeners. `snapshot`: derived from the
 * snapshots, so followers and a new leader report the change from what they showed
 * before. `relay`: passed on as it is, and sent to the followers. Exhaustive, so a new
 * phone event cannot be forgotten.
 */
export const EVENTS = {
  change: 'snapshot',
  'connection-change': 'snapshot',
  'registration-change': 'snapshot',
  'call-incoming': 'relay',
  'call-state-change': 'relay',
  'call-update': 'relay',
  'call-ended': 'relay',
  'dtmf-received': 'relay',
  'call-quality': 'relay',
  'call-warning': 'relay',
  'call-warning-cleared': 'relay',
  'credentials-expiring': 'relay',
  error: 'relay',
} as const satisfies Readonly<Record<keyof PhoneEventMap, 'snapshot' | 'relay'>>;
export type RelayedEvent = { [K in keyof typeof EVENTS]: (typeof EVENTS)[K] extends 'relay' ? K : never }[keyof typeof EVENTS];
export const RELAYED = Object.keys(EVENTS).filter((name): name is RelayedEvent => EVENTS[name as keyof PhoneEventMap] === 'relay');

export type ErrorJson = ReturnType<PhoneError['toJSON']>;

/** Messages between the tabs of one device; `from` is the sender's id (its public key). */
export type Message = { readonly from: string } & (
  | { readonly type: 'hello' }
  | { readonly type: 'state'; readonly snapshot: PhoneSnapshot }
  | { readonly type: 'event'; readonly name: RelayedEvent; readonly detail: Record<string, unknown>; readonly errors: readonly string[] }
  | { readonly type: 'bye' }
  | { readonly type: 'command'; readonly id: string; readonly command: PhoneCommand }
  | { readonly type: 'result'; readonly id: string; readonly to: string; readonly value?: unknown; readonly error?: ErrorJson }
);
export type Outgoing = Message extends infer M ? (M extends Message ? Omit<M, 'from'> : never) : never;

/** PhoneErrors do not survive the trip (they would become plain objects): send their JSON. */
export function encodeDetail(detail: Record<string, unknown>): { detail: Record<string, unknown>; errors: string[] } {
  const plain: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (value instanceof PhoneError) errors.push(key);
    plain[key] = value instanceof PhoneError ? value.toJSON() : value;
  }
  return { detail: plain, errors };
}

export function decodeDetail(detail: Record<string, unknown>, errors: readonly string[]): Record<string, unknown> {
  const revived: Record<string, unknown> = { ...detail };
  for (const key of errors) revived[key] = isErrorJson(revived[key]) ? reviveError(revived[key]) : undefined;
  return deepFreeze(revived);
}

/** A PhoneError from its JSON; a code this version does not know becomes `call-failed`. */
export function reviveError(json: ErrorJson): PhoneError {
  const code: Code = Object.hasOwn(ERROR_CATALOGUE, json.code) ? json.code : ErrorCode.CallFailed;
  return new PhoneError(code, { message: json.message, statusCode: typeof json.statusCode === 'number' ? json.statusCode : undefined });
}

/**
 * Checks the message of a tab that proved who it is (tab-identity.ts), which may still run
 * another copy of the kit. What passes is frozen: elements receive it as it is.
 */
export function parseMessage(from: string, data: Record<string, unknown>): Message | undefined {
  const ok = ((): boolean => {
    switch (data['type']) {
      case 'hello':
      case 'bye':
        return true;
      case 'state':
        return isSnapshot(data['snapshot']);
      case 'event':
        return isEventDetail(data['name'], data['detail']) && Array.isArray(data['errors']) && data['errors'].every((key) => typeof key === 'string');
      case 'command':
        return typeof data['id'] === 'string' && isPhoneCommand(data['command']);
      case 'result':
        return typeof data['id'] === 'string' && typeof data['to'] === 'string' && (data['error'] === undefined || isErrorJson(data['error']));
      default:
        return false;
    }
  })();
  return ok ? deepFreeze({ ...data, from } as Message) : undefined;
}

function isEventDetail(name: unknown, detail: unknown): boolean {
  if (!RELAYED.includes(name as RelayedEvent) || !isRecord(detail)) return false;
  // Every relayed event that names a call carries its snapshot, which elements render.
  return !('call' in detail) || isCallSnapshot(detail['call']);
}

function isErrorJson(value: unknown): value is ErrorJson {
  return isRecord(value) && typeof value['code'] === 'string' && typeof value['message'] === 'string';
}

function isSnapshot(value: unknown): value is PhoneSnapshot {
  if (!isRecord(value)) return false;
  const { connection, connectionAttempt, reconnectAt, registration, calls, currentCallId, uri, capabilities } = value;
  return (
    oneOf(ConnectionState, connection) &&
    (connectionAttempt === undefined || isCount(connectionAttempt)) &&
    (reconnectAt === undefined || isCount(reconnectAt)) &&
    oneOf(RegistrationState, registration) &&
    Array.isArray(calls) &&
    calls.every(isCallSnapshot) &&
    optional(currentCallId, 'string') &&
    optional(uri, 'string') &&
    Array.isArray(capabilities) &&
    capabilities.every((capability) => typeof capability === 'string')
  );
}

function isCallSnapshot(value: unknown): value is CallSnapshot {
  if (!isRecord(value) || !isRecord(value['remote'])) return false;
  const { id, direction, state, remote, held, remoteHeld, earlyMedia, muted, recording, autoAnswerAt, createdAt, startedAt, endedAt, endReason, endCode } =
    value;
  const { platformIds, quality, warnings } = value;
  return (
    typeof id === 'string' &&
    oneOf(CallDirection, direction) &&
    oneOf(CallState, state) &&
    typeof remote['uri'] === 'string' &&
    typeof remote['user'] === 'string' &&
    typeof remote['displayName'] === 'string' &&
    [held, remoteHeld, earlyMedia, muted, recording].every((flag) => typeof flag === 'boolean') &&
    isCount(createdAt) &&
    (startedAt === undefined || isCount(startedAt)) &&
    (autoAnswerAt === undefined || isCount(autoAnswerAt)) &&
    (endedAt === undefined || isCount(endedAt)) &&
    (endReason === undefined || oneOf(CallEndReason, endReason)) &&
    (endCode === undefined || oneOf(ErrorCode, endCode)) &&
    (platformIds === undefined || isPlatformIds(platformIds)) &&
    (quality === undefined || isQuality(quality)) &&
    Array.isArray(warnings) &&
    warnings.every((warning) => oneOf(CallWarning, warning))
  );
}

/** Only the two ids, each a short plain string (call.ts reads them from `p-rc-api-ids`). */
function isPlatformIds(value: unknown): value is CallPlatformIds {
  if (!isRecord(value)) return false;
  return Object.entries(value).every(
    ([key, id]) => (key === 'telephonySessionId' || key === 'partyId') && (id === undefined || (typeof id === 'string' && PLATFORM_ID.test(id))),
  );
}
const PLATFORM_ID = /^[\w.-]{1,200}$/;

function isQuality(value: unknown): value is CallQuality {
  if (!isRecord(value)) return false;
  const { at, mos, rtt, jitter, packetLoss, bytesSent, bytesReceived, audioLevelIn, audioLevelOut, route, codec } = value;
  const level = (x: unknown): boolean => x === undefined || (isCount(x) && (x as number) <= 1);
  return (
    isCount(at) &&
    (mos === undefined || (isCount(mos) && (mos as number) <= 5)) &&
    [rtt, jitter].every((x) => x === undefined || isCount(x)) &&
    level(packetLoss) &&
    packetLoss !== undefined &&
    isCount(bytesSent) &&
    isCount(bytesReceived) &&
    level(audioLevelIn) &&
    level(audioLevelOut) &&
    (route === undefined || isRoute(route)) &&
    (codec === undefined || isShortString(codec))
  );
}

function isRoute(value: unknown): value is CallRoute {
  if (!isRecord(value)) return false;
  const { local, remote, protocol, relayProtocol } = value;
  return [local, remote, protocol].every(isShortString) && (relayProtocol === undefined || isShortString(relayProtocol));
}

/** Names a browser reports (candidate types, protocols, codecs): short, no markup. */
function isShortString(value: unknown): boolean {
  return typeof value === 'string' && /^[\w./+-]{0,64}$/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf(values: Readonly<Record<string, string>>, value: unknown): boolean {
  return typeof value === 'string' && Object.values(values).includes(value);
}

function optional(value: unknown, type: 'string'): boolean {
  return value === undefined || typeof value === type;
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Parsed messages arrive mutable; what elements receive is frozen. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || value instanceof PhoneError || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
