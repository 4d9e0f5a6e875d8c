/**
 * RingCentral Embeddable's window messages, in its own names, and what the kit's snapshots
 * become in them. Sources (docs/guides/coming-from-embeddable.md cites each):
 * - commands: ringcentral-embeddable `docs/integration/api.md`, handled in `src/modules/Adapter/index.js`
 *   (`_onMessage`, `_controlCall`, `_newCall`);
 * - notifications: `docs/integration/events.md`, posted by the same `Adapter` (`ringCallNotify`,
 *   `startCallNotify`, `endCallNotify`, `_checkLoginStatus`, `_pushPresence`, `_sendActiveCallNotification`);
 * - the call object: ringcentral-js-widgets `modules/Webphone/webphoneHelper.ts` (`normalizeSession`),
 *   `sessionStatus.ts`, `recordStatus.js`; the active call: RingCentral's presence `ActiveCallInfo`.
 * Pure functions: the element (rc-embeddable-bridge.component.ts) checks origins and posts.
 */
import type { CallSnapshot } from '../../core/call.js';
import type { PhoneCommand } from '../../core/commands.js';
import { ErrorCode, PhoneError } from '../../core/errors.js';
import type { PhoneSnapshot } from '../../core/phone.js';
import { CallDirection, CallState } from '../../core/states.js';
import type { RcCallAction } from '../../events/rc-request-call-action.js';

/**
 * `callAction`s of `rc-adapter-control-call` the bridge carries out: each as the kit's command,
 * announced first as the `rc-request-call-action` the elements fire for it (none for DTMF,
 * which the elements send without asking either).
 */
const CONTROL_ACTIONS = {
  answer: { command: 'answer', request: 'answer' },
  reject: { command: 'decline', request: 'decline' },
  hangup: { command: 'hangup', request: 'hangup' },
  hold: { command: 'hold', request: 'hold' },
  unhold: { command: 'unhold', request: 'unhold' },
  mute: { command: 'mute', request: 'mute' },
  unmute: { command: 'unmute', request: 'unmute' },
  transfer: { command: 'transfer', request: 'transfer' },
  dtmf: { command: 'sendDtmf', request: undefined },
  startRecord: { command: 'providerAction', request: 'record' },
  stopRecord: { command: 'providerAction', request: 'stop-record' },
  toVoicemail: { command: 'providerAction', request: 'voicemail' },
  forward: { command: 'providerAction', request: 'forward' },
} as const satisfies Readonly<Record<string, { readonly command: PhoneCommand['name']; readonly request: RcCallAction | undefined }>>;
export type ControlAction = keyof typeof CONTROL_ACTIONS;

/** Embeddable acts on its ringing call for these when no `callId` comes, on its active call for the others (`_controlCall`). */
const ON_RINGING: ReadonlySet<ControlAction> = new Set(['answer', 'reject', 'toVoicemail', 'forward']);

/** A command message the bridge understood. */
export type AdapterMessage =
  | { readonly type: 'rc-adapter-new-call'; readonly phoneNumber: string; readonly toCall: boolean }
  | {
      readonly type: 'rc-adapter-control-call';
      readonly callAction: ControlAction;
      readonly callId: string | undefined;
      /** `transferNumber`, `forwardNumber` or `dtmf`, as the action needs. */
      readonly argument: string | undefined;
    }
  | { readonly type: 'rc-adapter-logout' }
  | { readonly type: 'rc-adapter-webphone-sessions-sync' };

/** The longest string field taken from a message (a number, a call id, DTMF digits). */
const MAX_FIELD = 256;

const bad = (message: string): PhoneError => new PhoneError(ErrorCode.InvalidMessage, { message });

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string field: absent → undefined; present, it must be a non-empty string of at most {@link MAX_FIELD} characters. */
function text(data: Readonly<Record<string, unknown>>, field: string, where = data): string | undefined | PhoneError {
  const value = where[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_FIELD)
    return bad(`${String(data['type'])}: "${field}" must be a short non-empty string.`);
  return value;
}

/** The argument an action takes from `options`, as Embeddable's `_controlCall` reads it. */
const ARGUMENT: Partial<Record<ControlAction, string>> = { transfer: 'transferNumber', forward: 'forwardNumber', dtmf: 'dtmf' };

/**
 * Reads one window message: an {@link AdapterMessage}, a `PhoneError` (`invalid-message`) for
 * a command of the bridge's that is malformed, or undefined for anything else (other
 * libraries' messages, Embeddable commands the kit has no part for: see the guide).
 */
export function parseAdapterMessage(data: unknown): AdapterMessage | PhoneError | undefined {
  if (!isRecord(data)) return undefined;
  switch (data['type']) {
    case 'rc-adapter-new-call': {
      const phoneNumber = text(data, 'phoneNumber');
      if (phoneNumber instanceof PhoneError) return phoneNumber;
      if (phoneNumber === undefined) return bad('rc-adapter-new-call: "phoneNumber" is missing.');
      const toCall = data['toCall'] ?? false;
      if (typeof toCall !== 'boolean') return bad('rc-adapter-new-call: "toCall" must be true or false.');
      return { type: 'rc-adapter-new-call', phoneNumber, toCall };
    }
    case 'rc-adapter-control-call': {
      const action = data['callAction'];
      if (typeof action !== 'string' || !Object.hasOwn(CONTROL_ACTIONS, action))
        return bad(`rc-adapter-control-call: "callAction" must be one of ${Object.keys(CONTROL_ACTIONS).join(', ')}.`);
      const callAction = action as ControlAction;
      const callId = text(data, 'callId');
      if (callId instanceof PhoneError) return callId;
      const field = ARGUMENT[callAction];
      const options = data['options'];
      const argument = field && isRecord(options) ? text(data, field, options) : undefined;
      if (argument instanceof PhoneError) return argument;
      if (field && argument === undefined) return bad(`rc-adapter-control-call: "${callAction}" needs "options.${field}".`);
      return { type: 'rc-adapter-control-call', callAction, callId, argument };
    }
    case 'rc-adapter-logout':
    case 'rc-adapter-webphone-sessions-sync':
      return { type: data['type'] };
    default:
      return undefined;
  }
}

/** The call an action without `callId` is for: the oldest ringing incoming call, or the current call. */
export function defaultCallId(action: ControlAction, snapshot: PhoneSnapshot): string | undefined {
  if (ON_RINGING.has(action)) return snapshot.calls.find((call) => call.direction === CallDirection.Inbound && call.state === CallState.Ringing)?.id;
  return snapshot.currentCallId;
}

/** The `rc-request-call-action` action announcing `action`, if the elements have one. */
export const requestedAction = (action: ControlAction): RcCallAction | undefined => CONTROL_ACTIONS[action].request;

/** The kit's command for a control action on call `callId`. */
export function controlCommand(action: ControlAction, callId: string, argument: string | undefined): PhoneCommand {
  const name = CONTROL_ACTIONS[action].command;
  switch (name) {
    case 'transfer':
      return { name, callId, target: argument ?? '' };
    case 'sendDtmf':
      return { name, callId, tones: argument ?? '' };
    case 'providerAction':
      // The RingCentral provider's call features (core/commands.ts `providerAction`).
      if (action === 'startRecord' || action === 'stopRecord') return { name, callId, action: 'record', args: { on: action === 'startRecord' } };
      if (action === 'forward') return { name, callId, action: 'forward', args: { target: argument ?? '' } };
      return { name, callId, action: 'voicemail' };
    default:
      return { name, callId };
  }
}

// ---------------------------------------------------------------- notifications

/** `sessionStatus` of ringcentral-js-widgets (`webphone-session-…`). */
type CallStatus = 'webphone-session-connecting' | 'webphone-session-connected' | 'webphone-session-onHold' | 'webphone-session-finished';

/** Embeddable's web phone call (`normalizeSession`), with the fields the kit knows. */
export interface EmbeddableCall {
  readonly id: string;
  readonly direction: 'Inbound' | 'Outbound';
  readonly callStatus: CallStatus;
  readonly from: string | undefined;
  readonly fromUserName: string | undefined;
  readonly to: string | undefined;
  readonly toUserName: string | undefined;
  /** When it was answered (ms since epoch). */
  readonly startTime: number | undefined;
  readonly creationTime: number;
  readonly isOnHold: boolean;
  readonly isOnMute: boolean;
  readonly recordStatus: 'webphone-record-idle' | 'webphone-record-recording';
  /** RingCentral's ids from `p-rc-api-ids` (`session-id` is the telephony session id). */
  readonly partyData: { readonly partyId: string | undefined; readonly sessionId: string | undefined } | null;
  /** Only on `rc-call-end-notify`, as Embeddable adds it. */
  readonly endTime?: number;
}

/** Presence's telephony status (RingCentral `ActiveCallInfo.telephonyStatus`). */
export type TelephonyStatus = 'NoCall' | 'Ringing' | 'CallConnected' | 'OnHold';

/** RingCentral's presence `ActiveCallInfo`, less `id` and `sipData` as Embeddable sends it. */
export interface EmbeddableActiveCall {
  readonly direction: 'Inbound' | 'Outbound';
  readonly from: string | undefined;
  readonly fromName: string | undefined;
  readonly to: string | undefined;
  readonly toName: string | undefined;
  /** ISO 8601, as the REST API writes it. */
  readonly startTime: string;
  readonly telephonyStatus: TelephonyStatus;
  readonly telephonySessionId: string | undefined;
  readonly partyId: string | undefined;
}

/** A notification the bridge posts, by Embeddable's `type`. */
export type Notification =
  | { readonly type: 'rc-call-ring-notify' | 'rc-call-init-notify' | 'rc-call-start-notify' | 'rc-call-end-notify'; readonly call: EmbeddableCall }
  | { readonly type: 'rc-call-hold-notify' | 'rc-call-resume-notify' | 'rc-call-mute-notify'; readonly call: EmbeddableCall }
  | { readonly type: 'rc-active-call-notify'; readonly call: EmbeddableActiveCall }
  | { readonly type: 'rc-webphone-sessions-sync'; readonly calls: readonly EmbeddableCall[] }
  | { readonly type: 'rc-login-status-notify'; readonly loggedIn: boolean; readonly loginNumber: string | undefined }
  | {
      readonly type: 'rc-adapter-syncPresence';
      readonly telephonyStatus: TelephonyStatus;
      // The kit has no presence service: Embeddable sends null for these when it has none either.
      readonly userStatus: null;
      readonly dndStatus: null;
      readonly presenceOption: null;
    };

/** The user part of our own `sip:user@host`. */
const ownUser = (uri: string | undefined): string | undefined => (uri ? /^sips?:([^@;]+)@/.exec(uri)?.[1] : undefined);

function callStatus(call: CallSnapshot): CallStatus {
  if (call.state === CallState.Ended) return 'webphone-session-finished';
  if (call.state !== CallState.Established) return 'webphone-session-connecting';
  return call.held ? 'webphone-session-onHold' : 'webphone-session-connected';
}

/** `call` as Embeddable's web phone call; `self` is our own address of record. */
function embeddableCall(call: CallSnapshot, self: string | undefined): EmbeddableCall {
  const inbound = call.direction === CallDirection.Inbound;
  const remote = { user: call.remote.user, name: call.remote.displayName || undefined };
  const own = { user: ownUser(self), name: undefined };
  const [from, to] = inbound ? [remote, own] : [own, remote];
  return {
    id: call.id,
    direction: inbound ? 'Inbound' : 'Outbound',
    callStatus: callStatus(call),
    from: from.user,
    fromUserName: from.name,
    to: to.user,
    toUserName: to.name,
    startTime: call.startedAt,
    creationTime: call.createdAt,
    isOnHold: call.held,
    isOnMute: call.muted,
    recordStatus: call.recording ? 'webphone-record-recording' : 'webphone-record-idle',
    partyData: call.platformIds ? { partyId: call.platformIds.partyId, sessionId: call.platformIds.telephonySessionId } : null,
  };
}

function telephonyStatus(call: CallSnapshot | undefined): TelephonyStatus {
  if (!call || call.state === CallState.Ended) return 'NoCall';
  if (call.state !== CallState.Established) return call.direction === CallDirection.Inbound ? 'Ringing' : 'CallConnected';
  return call.held ? 'OnHold' : 'CallConnected';
}

function activeCall(call: CallSnapshot, status: TelephonyStatus, self: string | undefined): EmbeddableActiveCall {
  const web = embeddableCall(call, self);
  return {
    direction: web.direction,
    from: web.from,
    fromName: web.fromUserName,
    to: web.to,
    toName: web.toUserName,
    startTime: new Date(call.startedAt ?? call.createdAt).toISOString(),
    telephonyStatus: status,
    telephonySessionId: call.platformIds?.telephonySessionId,
    partyId: call.platformIds?.partyId,
  };
}

/**
 * The presence status of the whole phone, as RingCentral aggregates it: a ringing call wins,
 * then a call in progress, then one on hold.
 */
export function phoneTelephonyStatus(snapshot: PhoneSnapshot): TelephonyStatus {
  const statuses = new Set(snapshot.calls.map((call) => telephonyStatus(call)));
  return (['Ringing', 'CallConnected', 'OnHold'] as const).find((status) => statuses.has(status)) ?? 'NoCall';
}

/** Every call notification that going from `previous` to `next` makes, in Embeddable's order of events. */
export function callNotifications(previous: PhoneSnapshot | undefined, next: PhoneSnapshot, now: number): Notification[] {
  const out: Notification[] = [];
  const before = new Map((previous?.calls ?? []).map((call) => [call.id, call]));
  for (const call of next.calls) {
    const old = before.get(call.id);
    const web = embeddableCall(call, next.uri);
    if (!old) {
      out.push({ type: call.direction === CallDirection.Inbound ? 'rc-call-ring-notify' : 'rc-call-init-notify', call: web });
    }
    if (call.state === CallState.Established && old?.state !== CallState.Established) out.push({ type: 'rc-call-start-notify', call: web });
    if (old && call.held !== old.held) out.push({ type: call.held ? 'rc-call-hold-notify' : 'rc-call-resume-notify', call: web });
    if (old && call.muted !== old.muted) out.push({ type: 'rc-call-mute-notify', call: web });
    const status = telephonyStatus(call);
    if (status !== telephonyStatus(old)) out.push({ type: 'rc-active-call-notify', call: activeCall(call, status, next.uri) });
  }
  const still = new Set(next.calls.map((call) => call.id));
  for (const call of before.values()) {
    if (still.has(call.id)) continue;
    // Ended calls leave the snapshot: the last one seen, finished, with Embeddable's `endTime`.
    const ended = { ...call, state: CallState.Ended };
    out.push({ type: 'rc-call-end-notify', call: { ...embeddableCall(ended, next.uri), endTime: now } });
    out.push({ type: 'rc-active-call-notify', call: activeCall(ended, 'NoCall', next.uri) });
  }
  return out;
}

/** `rc-webphone-sessions-sync`: every live call. */
export const sessionsSync = (snapshot: PhoneSnapshot): Notification => ({
  type: 'rc-webphone-sessions-sync',
  calls: snapshot.calls.map((call) => embeddableCall(call, snapshot.uri)),
});

/** `rc-login-status-notify`; `loginNumber` is our own SIP user (Embeddable: the main number `*` extension). */
export const loginStatus = (loggedIn: boolean, snapshot: PhoneSnapshot): Notification => ({
  type: 'rc-login-status-notify',
  loggedIn,
  loginNumber: loggedIn ? ownUser(snapshot.uri) : undefined,
});

/** `rc-adapter-syncPresence` for `status`. */
export const presence = (status: TelephonyStatus): Notification => ({
  type: 'rc-adapter-syncPresence',
  telephonyStatus: status,
  userStatus: null,
  dndStatus: null,
  presenceOption: null,
});
