/**
 * A MOS estimate from what the network did to a call, by the E-model of ITU-T G.107
 * (06/2015), simplified the usual way for VoIP monitoring and adapted to Opus.
 *
 *   R = R0 − Id − Ie,eff                        (G.107 §7.1 eq. 7-1, Is and A at their defaults)
 *   R0 − Is = 93.2                              (G.107 Table 3 defaults; §7.2 note)
 *   Id = 0.024·Ta + 0.11·(Ta − 177.3)·H(Ta − 177.3)
 *        (one-way delay Ta in ms; the fit of G.107's Idd by Cole & Rosenbluth,
 *        "Voice over IP performance monitoring", ACM SIGCOMM CCR 31(2), 2001)
 *   Ta = RTT / 2 + 2·jitter + 26.5 ms           (network, a jitter buffer of twice the jitter,
 *                                                Opus' 20 ms frame + 6.5 ms look-ahead, RFC 6716 §2)
 *   Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl)     (G.107 eq. 7-29)
 *        with Ie = 0 (Opus is not in G.113's tables; at the bit rates WebRTC uses it is
 *        transparent on G.107's narrow-band scale), Bpl = 20 (between G.113 Appendix I's
 *        G.711 with PLC, 25.1, and codecs without concealment: Opus conceals and browsers
 *        do not send its FEC by default), BurstR = 1 (random loss), Ppl = loss in %.
 *   MOS = 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶   for 0 < R < 100   (G.107 Annex B eq. B-4)
 *
 * A perfect network gives ≈ 4.4, the top of the narrow-band scale.
 */

/** Default R0 − Is of G.107 Table 3. */
const R_DEFAULT = 93.2;
/** Opus' algorithmic delay: a 20 ms frame plus 6.5 ms look-ahead (RFC 6716 §2). */
const CODEC_DELAY_MS = 26.5;
const IE_OPUS = 0;
const BPL_OPUS = 20;

export interface MosInput {
  /** Round-trip time, ms. */
  readonly rtt: number;
  /** Interarrival jitter, ms. */
  readonly jitter: number;
  /** Packet loss, 0…1. */
  readonly loss: number;
}

/** The transmission rating factor R (0…100). */
export function rFactor({ rtt, jitter, loss }: MosInput): number {
  const ta = rtt / 2 + 2 * jitter + CODEC_DELAY_MS;
  const id = 0.024 * ta + (ta > 177.3 ? 0.11 * (ta - 177.3) : 0);
  const ppl = Math.min(Math.max(loss, 0), 1) * 100;
  const ieEff = IE_OPUS + ((95 - IE_OPUS) * ppl) / (ppl + BPL_OPUS);
  return Math.min(Math.max(R_DEFAULT - id - ieEff, 0), 100);
}

/** The estimated mean opinion score (1…4.5), rounded to two decimals. */
export function mos(input: MosInput): number {
  const r = rFactor(input);
  const score = r <= 0 ? 1 : r >= 100 ? 4.5 : 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
  return Math.round(score * 100) / 100;
}
