/** Calls the stories put on the fake phone (stories/fake-phone.ts). */
import { CallDirection, CallState } from '../src/core/states.js';
import type { FakeCallInit } from '../src/elements/testing.harness.js';

const bob = { user: '+16505550102', displayName: 'Bob Example', uri: 'sip:+16505550102@pbx.example.com' };
const carol = { user: 'carol', displayName: 'Carol', uri: 'sip:carol@pbx.example.com' };

/** Started a minute and a half ago, so timers show something. */
const aWhileAgo = (): number => Date.now() - 95_000;

export const CALLS = {
  dialing: { id: 'out-1', direction: CallDirection.Outbound, state: CallState.Dialing, remote: bob },
  ringingOut: { id: 'out-1', direction: CallDirection.Outbound, state: CallState.Ringing, remote: bob },
  ringingIn: { id: 'in-1', direction: CallDirection.Inbound, state: CallState.Ringing, remote: bob },
  connected: { id: 'in-1', direction: CallDirection.Inbound, state: CallState.Established, remote: bob, startedAt: aWhileAgo() },
  held: { id: 'in-1', direction: CallDirection.Inbound, state: CallState.Established, remote: bob, held: true, startedAt: aWhileAgo() },
  muted: { id: 'in-1', direction: CallDirection.Inbound, state: CallState.Established, remote: bob, muted: true, startedAt: aWhileAgo() },
  secondRinging: { id: 'in-2', direction: CallDirection.Inbound, state: CallState.Ringing, remote: carol },
  heldCarol: { id: 'out-2', direction: CallDirection.Outbound, state: CallState.Established, remote: carol, held: true, startedAt: aWhileAgo() },
} satisfies Record<string, FakeCallInit>;

/** Every call feature a provider can add (RingCentral's). */
export const ALL_CAPABILITIES = ['record', 'park', 'flip', 'forward', 'voicemail', 'reply'];
