/**
 * Bounds on a peer's session description, checked before the browser sees it. A phone call
 * needs one audio section (a desk phone may add a video one, refused with port 0), and a
 * WebRTC endpoint gathers a few candidates per network interface. Far beyond that the SDP is
 * hostile: every extra media section outside a BUNDLE group makes the browser build its own
 * ICE agent and DTLS transport and gather for it; every candidate becomes a connectivity
 * check the browser sends to that address (RFC 8445 §6.1.2), so a peer could aim the user's
 * browser at third parties. Plain strings, no sip.js.
 */
const SDP_LIMITS = {
  /** The description itself (a browser's offer is 2–6 KB). */
  bytes: 65_536,
  /** `m=` lines (RFC 4566 §5.14). */
  mediaSections: 16,
  /** `a=candidate` lines over all sections (RFC 8839 §5.1). */
  candidates: 128,
} as const;

/** What makes `sdp` exceed {@link SDP_LIMITS}, or undefined when it is within them. */
export function sdpExcess(sdp: string): string | undefined {
  if (sdp.length > SDP_LIMITS.bytes) return `${sdp.length} characters (at most ${SDP_LIMITS.bytes})`;
  const count = (pattern: RegExp): number => sdp.match(pattern)?.length ?? 0;
  const sections = count(/^m=/gm);
  if (sections > SDP_LIMITS.mediaSections) return `${sections} media sections (at most ${SDP_LIMITS.mediaSections})`;
  const candidates = count(/^a=candidate:/gm);
  if (candidates > SDP_LIMITS.candidates) return `${candidates} ICE candidates (at most ${SDP_LIMITS.candidates})`;
  return undefined;
}
