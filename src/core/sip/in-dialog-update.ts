/**
 * In-dialog UPDATE (RFC 3311), which sip.js 0.21 does not implement (it answers 405 unless,
 * as in the kit's build, UPDATE is allowed, and then no dialog of it handles one): peers refresh session timers with it (RFC 4028 §7.4; JsSIP does by
 * default) and some renegotiate media with it. The stack hands UPDATEs here before sip.js
 * sees them.
 */
import { SessionState, type Core, type Session } from 'sip.js';
import { KitSessionDescriptionHandler } from './session-description-handler.js';
import type { SipSessionTimer } from './session-timer.js';

/** What the answer to an UPDATE needs from the session it belongs to. */
export interface UpdateTarget {
  readonly session: Session;
  /** Whether we hold the call: the answer to an offer keeps it (RFC 3264 §8.4). */
  readonly held: boolean;
  /** The session timer the UPDATE may refresh (RFC 4028 §9). */
  readonly timer: SipSessionTimer;
}

/** The dialog of sip.js a request belongs to: its `sequenceGuard` and state are internal to sip.js. */
interface DialogInternals {
  sequenceGuard(message: Core.IncomingRequestMessage): boolean;
  readonly dialogState: { remoteSequenceNumber: number | undefined };
}

const isSdp = (request: Core.IncomingRequestMessage): boolean => !!request.body && /^application\/sdp/i.test(request.getHeader('Content-Type') ?? '');

/**
 * Answers `request`, an UPDATE within `target`'s dialog: 200 without a body when it
 * carries no offer (a session refresh, RFC 4028 §7.4: the 2xx carries the interval agreed, and
 * the timer starts again; 422 for an interval below our Min-SE); with an offer, the answer in a 200, or 491 while an offer of ours is
 * pending (RFC 3311 §5.2), or 488 when the offer cannot be used (RFC 3311 §5.2, RFC 3261
 * §14.2: the session stays as it was).
 */
export async function answerUpdate(core: Core.UserAgentCore, target: UpdateTarget, request: Core.IncomingRequestMessage): Promise<void> {
  const { session } = target;
  const dialog = session.dialog as unknown as DialogInternals | undefined;
  if (!dialog || session.state !== SessionState.Established) {
    core.replyStateless(request, { statusCode: 481 });
    return;
  }
  // RFC 3261 §12.2.2: an out-of-order CSeq gets 500 (sequenceGuard sends it).
  if (!dialog.sequenceGuard(request)) return;
  dialog.dialogState.remoteSequenceNumber = request.cseq;
  const contact = `Contact: ${session.userAgent.contact.toString()}`;
  const timer = target.timer.answerPeer(request);
  if (timer && 'tooSmall' in timer) {
    core.replyStateless(request, { statusCode: 422, extraHeaders: [contact, `Min-SE: ${timer.tooSmall}`] });
    return;
  }
  const timerHeaders = timer?.headers ?? [];
  if (!isSdp(request)) {
    core.replyStateless(request, { statusCode: 200, extraHeaders: [contact, ...timerHeaders] });
    target.timer.peerRefreshed(timer);
    return;
  }
  const handler = session.sessionDescriptionHandler;
  const pc = handler instanceof KitSessionDescriptionHandler ? handler.peerConnection : undefined;
  if (!(handler instanceof KitSessionDescriptionHandler) || pc?.signalingState !== 'stable') {
    // Our own offer is out (a re-INVITE or UPDATE of ours): glare.
    core.replyStateless(request, { statusCode: 491, extraHeaders: [contact] });
    return;
  }
  const options = { hold: target.held };
  try {
    await handler.setDescription(request.body, options);
    const answer = await handler.getDescription(options);
    core.replyStateless(request, {
      statusCode: 200,
      extraHeaders: [contact, ...timerHeaders],
      body: { contentDisposition: 'session', contentType: answer.contentType, content: answer.body },
    });
    target.timer.peerRefreshed(timer);
  } catch {
    await handler.rollbackRemoteOffer();
    core.replyStateless(request, { statusCode: 488, extraHeaders: [contact] });
  }
}
