/**
 * The phone's state machines. Each is an `as const` object; the JSDoc lists the legal
 * transitions, and {@link CALL_TRANSITIONS} enforces the call's at run time.
 */

/**
 * Signalling connection to the SIP server.
 * disconnected → connecting → connected → reconnecting → connected | disconnected.
 */
export const ConnectionState = {
  Disconnected: 'disconnected',
  Connecting: 'connecting',
  Connected: 'connected',
  Reconnecting: 'reconnecting',
} as const;
export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/**
 * SIP registration (RFC 3261 §10).
 * unregistered → registering → registered | failed; registered → unregistered | registering (refresh).
 */
export const RegistrationState = {
  Unregistered: 'unregistered',
  Registering: 'registering',
  Registered: 'registered',
  Failed: 'failed',
} as const;
export type RegistrationState = (typeof RegistrationState)[keyof typeof RegistrationState];

/** Who started the call. */
export const CallDirection = {
  Inbound: 'inbound',
  Outbound: 'outbound',
} as const;
export type CallDirection = (typeof CallDirection)[keyof typeof CallDirection];

/**
 * A call's life.
 * - outbound: dialing → ringing (18x) → established → ended; dialing → established; any → ended.
 * - inbound: ringing → answering → established → ended; ringing → ended.
 * Hold and mute are flags of an established call, not states.
 */
export const CallState = {
  Dialing: 'dialing',
  Ringing: 'ringing',
  Answering: 'answering',
  Established: 'established',
  Ended: 'ended',
} as const;
export type CallState = (typeof CallState)[keyof typeof CallState];

/** Legal next states of each call state. */
export const CALL_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  dialing: ['ringing', 'established', 'ended'],
  ringing: ['answering', 'established', 'ended'],
  answering: ['established', 'ended', 'ringing'],
  established: ['ended'],
  ended: [],
};

/** Why a call ended: what the UI shows and the call log records. */
export const CallEndReason = {
  /** This side hung up (or cancelled its own outgoing call). */
  LocalHangup: 'local-hangup',
  /** The other side hung up. */
  RemoteHangup: 'remote-hangup',
  /** This side declined an incoming call. */
  Declined: 'declined',
  /** The callee declined (603). */
  RemoteDeclined: 'remote-declined',
  Busy: 'busy',
  NotFound: 'not-found',
  /** The caller gave up before the call was answered. */
  Cancelled: 'cancelled',
  /** Another device on the same account answered first (CANCEL with Reason cause=200). */
  AnsweredElsewhere: 'answered-elsewhere',
  /** The call was handed to someone else by a transfer. */
  Transferred: 'transferred',
  Timeout: 'timeout',
  Failed: 'failed',
} as const;
export type CallEndReason = (typeof CallEndReason)[keyof typeof CallEndReason];
