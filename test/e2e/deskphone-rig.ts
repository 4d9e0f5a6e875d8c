/**
 * Browser-side handle on the desk phone of test/rig/deskphone.mjs (baresip behind rtpengine):
 * drive it and read what it saw, through the rig's 'desk-*' actions.
 */
import { rigCommand } from '../rig/phone-rig.js';

export interface DeskEvent {
  readonly type: string;
  readonly param?: string;
  readonly peeruri?: string;
  /** Position in the desk phone's event list: wait for later ones with `from: index + 1`. */
  readonly index: number;
}

/** rtpengine's view of each call it bridges: RTP packets received from each leg. */
export type DeskMedia = readonly { callId: string; legs: readonly { tag: string; protocol: string; packets: number }[] }[];

/**
 * Level (RMS, full scale 1) above which the desk phone heard the kit. Measured over the first
 * 0.5–2 s of a call: 0.09–0.10 from Chromium's fake microphone, 0.00006 with the kit muted.
 */
export const DESK_HEARS = 0.01;

/** Starts the desk phone, rtpengine and their Kamailio (once per run); resolves with that Kamailio's WebSocket URL. */
export async function startDesk(): Promise<string> {
  return (await rigCommand<{ server: string }>('desk-start')).server;
}

export const desk = {
  /** A baresip command (`accept`, `dial <uri>`, `hangup`…); resolves with its output. */
  command: (command: string, params = ''): Promise<string> => rigCommand('desk-command', { command, params }),
  /** How many events the desk phone has had so far (wait for the next ones `from` it). */
  events: (): Promise<number> => rigCommand('desk-events'),
  waitFor: (type: string, from: number, timeout = 10_000): Promise<DeskEvent> => rigCommand('desk-wait-event', { type, from, timeout }),
  /** Level of the audio the desk phone decoded in its latest call. */
  heard: (): Promise<{ samples: number; rms: number }> => rigCommand('desk-heard'),
  media: (): Promise<DeskMedia> => rigCommand('desk-media'),
  /** SIP requests the desk phone received, oldest first, with their SDP ('' when none). */
  received: (): Promise<{ method: string; sdp: string }[]> => rigCommand('desk-received'),
};
