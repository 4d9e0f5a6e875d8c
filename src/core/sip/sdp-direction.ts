/**
 * Reading and rewriting the parts of an SDP that hold and its recovery need (RFC 3264
 * §5.1, §6.1, §8.4; RFC 4145 §4). Plain strings, no sip.js: the session description
 * handler uses them, and they are unit-tested on their own.
 */

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/m;

/**
 * The direction of the first audio section of `sdp`, else of its session level, else
 * `sendrecv` (RFC 4566 §6: the default when no direction attribute is present).
 */
export function audioDirection(sdp: string): MediaDirection {
  const [session = '', ...sections] = sdp.split(/\r?\n(?=m=)/);
  const audio = sections.find((section) => section.startsWith('m=audio'));
  const found = (audio !== undefined ? DIRECTION.exec(audio) : null) ?? DIRECTION.exec(session);
  return (found?.[1] as MediaDirection | undefined) ?? 'sendrecv';
}

/**
 * Whether the peer's own description puts us on hold: it will not receive our audio
 * (`sendonly`, perhaps with music on hold, or `inactive`), RFC 3264 §8.4.
 */
export const holdsUs = (direction: MediaDirection): boolean => direction === 'sendonly' || direction === 'inactive';

/**
 * The direction a new local offer should carry (RFC 3264 §8.4, RFC 6337 §5.3): hold offers
 * `sendonly`, or `inactive` when the peer already holds us (it would answer `inactive`
 * anyway, and `sendonly` would ask for audio nobody wants); resume offers `sendrecv` and
 * lets a peer that still holds us answer `sendonly`.
 */
export const offerDirection = (hold: boolean, peerHolds: boolean): MediaDirection => (hold ? (peerHolds ? 'inactive' : 'sendonly') : 'sendrecv');

/**
 * The peer's last offer, reused as its answer to our re-offer of the same session (hold
 * recovery, see KitSessionDescriptionHandler.rollbackDescription). An offer says
 * `a=setup:actpass`; an answer must pick a role (RFC 4145 §4.1, RFC 5763 §5): the one the
 * peer took when it answered itself, which is the opposite of the role in our answer.
 */
export function offerAsAnswer(remoteOffer: string, localAnswer: string): string {
  const ours = /^a=setup:(active|passive)\s*$/m.exec(localAnswer)?.[1];
  if (!ours) return remoteOffer;
  return remoteOffer.replace(/^a=setup:actpass(\s*)$/gm, `a=setup:${ours === 'active' ? 'passive' : 'active'}$1`);
}
