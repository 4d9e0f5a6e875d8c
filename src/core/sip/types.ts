/**
 * The boundary between the phone core and a SIP stack. The core only sees these
 * interfaces and the error a stack rejects with; `sipjs-stack.ts` implements them with
 * sip.js and is the only module that imports sip.js. Tests of the core can hand `Phone`
 * another implementation.
 */

/** Session timers (RFC 4028), in seconds. */
export interface SessionTimerSettings {
  /** Session-Expires the phone asks for on its INVITEs (RFC 4028 §4 recommends 1800). */
  readonly expires: number;
  /** The smallest interval the phone accepts (its Min-SE). RFC 4028 §4: never below 90 on the network. */
  readonly minExpires: number;
}

/** What the core needs to know about the other party of a call. */
export interface RemoteParty {
  /** `sip:user@host`, without URI headers (`?X-…=`); a `tel:` number as `sip:number@domain;user=phone`. */
  readonly uri: string;
  /** The user part, %-decoded and stripped of control and bidi characters (hostile input, never markup). */
  readonly user: string;
  /** As sent by the peer, unescaped and stripped of control and bidi characters: hostile input, never markup. */
  readonly displayName: string;
}

/** A final or provisional SIP response, reduced to what the core uses. */
export interface SipResponseInfo {
  readonly statusCode: number;
  readonly reasonPhrase: string;
}

/**
 * A request answered with a non-2xx final response: what a stack rejects with, so the core
 * can tell the registrar's or the peer's answer (and map it to an error) without knowing the
 * stack. Declared here, not in the sip.js adapter, because it is part of the contract.
 */
export class SipRequestError extends Error {
  override readonly name = 'SipRequestError';
  constructor(readonly response: SipResponseInfo) {
    super(`${response.statusCode} ${response.reasonPhrase}`);
  }
}

/** An INFO or MESSAGE that reached the phone; the phone has already answered it 200. */
export interface ProviderRequest {
  readonly method: 'INFO' | 'MESSAGE';
  readonly contentType: string;
  /** Untrusted text from the network. */
  readonly body: string;
  /** The From URI of an out-of-dialog MESSAGE (as claimed: only the SIP server can vouch for it). */
  readonly from?: string;
}

/**
 * A peer's REFER in an established call (RFC 3515), checked by the stack: a Refer-To that
 * is not a `sip:`/`sips:` URI, has URI headers other than one well-formed Replaces, or comes
 * after the call's first REFER is refused (403; 400 when malformed) before the core sees it.
 */
export interface IncomingReferral {
  /** The Refer-To URI without its headers; '' when it did not parse. */
  readonly target: string;
  /** The Refer-To carried a well-formed Replaces (attended transfer, RFC 3891). */
  readonly attended: boolean;
  /** Why the stack refused it already (answered 403 or 400); undefined when the core decides. */
  readonly refused: string | undefined;
  /**
   * Accepts it (202) and returns the new outgoing session, not yet sent; the referrer is
   * told its progress by NOTIFY (RFC 3515 §2.4.4).
   */
  follow(localStream: MediaStream): Promise<SipSession>;
  /** Refuses it: 403 Forbidden unless another status is given. */
  refuse(statusCode?: number): void;
}

/** How a session ended, as seen by the SIP stack. */
export interface SessionEndInfo {
  /** The peer sent BYE. */
  readonly byRemoteBye?: boolean;
  /** The final non-2xx response to our INVITE. */
  readonly rejectedWith?: SipResponseInfo;
  /** The caller sent CANCEL; `reason` is its RFC 3326 Reason header, if any. */
  readonly cancelled?: { readonly reason: string | undefined };
  /** Something failed locally (media, transport). */
  readonly error?: unknown;
  /** The session timer ran out (RFC 4028 §10): no refresh came in time, or ours failed; we sent BYE. */
  readonly sessionExpired?: boolean;
}

export interface SipSessionDelegate {
  /** A provisional response to our INVITE, and (after `onEstablished`) its 2xx. */
  onProgress?(response: SipResponseInfo): void;
  /** A provisional response carried the far end's answer: its audio plays before the call is answered. */
  onEarlyMedia?(): void;
  onEstablished?(): void;
  onEnded?(info: SessionEndInfo): void;
  /**
   * The peer asks us to call someone else (REFER, RFC 3515). Without this delegate every
   * REFER is refused.
   */
  onRefer?(referral: IncomingReferral): void;
  /** An in-dialog INFO or MESSAGE the core did not handle itself (provider features use these). */
  onRequest?(method: 'INFO' | 'MESSAGE', contentType: string, body: string): void;
  /** ICE connection state of the media path. */
  onIceStateChange?(state: RTCIceConnectionState): void;
  /** The peer put us on hold (its offer said `sendonly` or `inactive`, RFC 3264 §8.4), or resumed. */
  onRemoteHold?(held: boolean): void;
}

export interface SipSession {
  readonly remote: RemoteParty;
  delegate: SipSessionDelegate | undefined;
  /**
   * A header of the initial INVITE (incoming sessions), e.g. `P-Asserted-Identity`, or of
   * the latest 18x/2xx response to our INVITE (outgoing sessions).
   */
  header(name: string): string | undefined;
  /**
   * The live session this incoming INVITE's `Replaces` header names (RFC 3891), if any:
   * the transferee of an attended transfer taking over our consultation call.
   */
  readonly replaces: SipSession | undefined;
  readonly peerConnection: RTCPeerConnection | undefined;
  readonly remoteStream: MediaStream | undefined;
  /** Sends the INVITE (outgoing sessions). Resolves once sent. */
  invite(): Promise<void>;
  /** Answers with the given local audio. */
  accept(localStream: MediaStream): Promise<void>;
  /** Rejects an incoming session (486 by default). */
  reject(statusCode?: number): Promise<void>;
  /** Ends the session in whatever way its state needs (CANCEL, reject or BYE). */
  terminate(): Promise<void>;
  /**
   * Re-INVITE offering sendonly/inactive (hold) or sendrecv (resume). Resolves when the peer
   * accepts; when it refuses, the call's media is as it was before.
   */
  setHold(held: boolean): Promise<void>;
  /**
   * Re-INVITE keeping the hold direction: tells the peer our Contact on a new connection (a
   * target refresh); with `iceRestart`, also gathers new candidates (after a network change).
   * `unlessRenewed`: not when the peer's own re-INVITE did that over the current connection.
   */
  renegotiate(options: { iceRestart: boolean; unlessRenewed?: boolean }): Promise<void>;
  /** Stops or resumes sending audio without renegotiating. */
  setMuted(muted: boolean): void;
  /** Sends DTMF in-band (RFC 4733); false when the connection cannot, so the caller falls back to INFO. */
  sendDtmfRtp(tones: string): boolean;
  /** Sends an in-dialog INFO and resolves on its 2xx. */
  sendInfo(contentType: string, body: string): Promise<void>;
  /** Sends an in-dialog MESSAGE and resolves on its 2xx. */
  sendMessage(contentType: string, body: string): Promise<void>;
  /** Blind transfer (REFER to `target`), or attended when given another session (Replaces). */
  refer(target: string | SipSession): Promise<void>;
  /** Swaps the microphone track without renegotiation. */
  replaceAudioTrack(track: MediaStreamTrack): Promise<void>;
}

export interface SipStackDelegate {
  onConnectionChange(connected: boolean, error?: unknown): void;
  onRegistrationChange(registered: boolean): void;
  onIncoming(session: SipSession): void;
  /** An out-of-dialog MESSAGE (RFC 3428), already answered 200 (providers' servers send commands this way). */
  onMessage?(contentType: string, body: string, from: string): void;
}

export interface SipStackOptions {
  /** `ws://` or `wss://` URL of the SIP-over-WebSocket server (RFC 7118). */
  readonly server: string;
  /** Address of record, `sip:user@domain`. */
  readonly uri: string;
  readonly authorizationUsername?: string | undefined;
  readonly password?: string | undefined;
  readonly displayName?: string | undefined;
  readonly iceServers: readonly RTCIceServer[];
  /** 'relay': calls use only TURN candidates. */
  readonly iceTransportPolicy: RTCIceTransportPolicy;
  /** RFC 5626 instance id: a UUID, stable per browser profile so re-registrations replace, not add, bindings. */
  readonly instanceId: string;
  readonly userAgentString: string;
  /** Extra headers on REGISTER (providers add their own, e.g. RingCentral's). */
  readonly registerHeaders: readonly string[];
  /** Upper bound for ICE gathering before the offer or answer is sent. */
  readonly iceGatheringTimeout: number;
  /**
   * How long the server may take to accept the WebSocket or answer a REGISTER or keep-alive
   * before the connection counts as dead (ms, default 5 000).
   */
  readonly responseTimeout?: number;
  /** Session timers (RFC 4028): the interval the phone asks for and the smallest it accepts. */
  readonly sessionTimer: SessionTimerSettings;
  /** Logs every SIP message sent and received, at debug level (redacted by the core). Default off. */
  readonly traceSip?: boolean;
  readonly delegate: SipStackDelegate;
  /** Receives sip.js log lines; the core redacts them before anyone sees them. */
  readonly log: (level: 'debug' | 'log' | 'warn' | 'error', message: string) => void;
}

/** The secret parts of the credentials, renewed while the phone runs (token providers). */
export interface SipCredentialUpdate {
  readonly authorizationUsername?: string | undefined;
  readonly password?: string | undefined;
  /** STUN/TURN servers for calls set up from now on (TURN credentials expire too). */
  readonly iceServers: readonly RTCIceServer[];
}

export interface SipStack {
  /**
   * Opens the WebSocket, to `server` when given (failover: the stack leaves the current
   * server first, un-registering there). Rejects when the server cannot be reached.
   */
  connect(server?: string): Promise<void>;
  /**
   * Sends a keep-alive the first hop answers; resolves on any answer. A stack that supports
   * it also drops a connection whose REGISTER or keep-alive goes unanswered.
   */
  ping?(): Promise<void>;
  /**
   * Uses new credentials for every later authentication (the next REGISTER, challenged
   * requests). Live calls are not touched; call {@link register} to re-register with them.
   */
  updateCredentials(update: SipCredentialUpdate): void;
  disconnect(): Promise<void>;
  /** Resolves when registered; rejects with a {@link SipRequestError} carrying the final response when refused. */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /** A normalised `sip:` URI for a dial string, or undefined when it cannot be one. */
  targetUri(target: string): string | undefined;
  /**
   * Sends an out-of-dialog MESSAGE (RFC 3428) to `targetUri`; resolves on its 2xx, rejects
   * with a {@link SipRequestError} otherwise. Optional: only provider hooks use it.
   */
  sendMessage?(targetUri: string, contentType: string, body: string, extraHeaders: readonly string[]): Promise<void>;
  /**
   * Creates (does not send) an outgoing session. `localStream` may still be pending: once
   * `invite()` is called the offer is prepared meanwhile, and the INVITE leaves only when it
   * resolves; if it rejects, the session ends without sending anything.
   */
  createSession(targetUri: string, localStream: Promise<MediaStream>, extraHeaders: readonly string[]): SipSession;
}

export type SipStackFactory = (options: SipStackOptions) => SipStack;
