/**
 * Shared pieces of the resilience suites: short reconnect settings, recorders for
 * connection events and audio, and a way to read a peer connection's ICE credentials.
 */
import type { PhoneOptions } from '../../src/core/phone.js';
import type { Clock } from '../../src/core/reconnect.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { audioStats, waitFor } from '../rig/phone-rig.js';

/**
 * Reconnect settings that keep each outage test to seconds (the defaults suit real networks).
 * The response timeout stays generous: on a loaded machine a live server can take a second
 * to answer, and a connection dropped for that would turn into a flaky test.
 */
export const FAST: Partial<Omit<PhoneOptions, 'credentials'>> = {
  reconnect: { initialDelay: 200, maxDelay: 800, responseTimeout: 3_000, keepAliveInterval: 2_000, failbackInterval: 500 },
};

/** The global timers, counting how many waits of `ms` ran out: with no jitter, each failback check is one. */
export function countingClock(ms: number): { clock: Clock; fired: () => number } {
  let fired = 0;
  return {
    clock: {
      setTimeout: (callback, delay) =>
        setTimeout(() => {
          if (delay === ms) fired++;
          callback();
        }, delay),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    fired: () => fired,
  };
}

/** The global timers, keeping count of the waits armed and neither run out nor cleared. */
export function pendingClock(): { clock: Clock; pending: () => number } {
  const armed = new Set<ReturnType<typeof setTimeout>>();
  return {
    clock: {
      setTimeout: (callback, delay) => {
        const handle = setTimeout(() => {
          armed.delete(handle);
          callback();
        }, delay);
        armed.add(handle);
        return handle;
      },
      clearTimeout: (handle) => {
        armed.delete(handle as ReturnType<typeof setTimeout>);
        clearTimeout(handle as ReturnType<typeof setTimeout>);
      },
    },
    pending: () => armed.size,
  };
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every rc-connection-change of `el` from now on, as "state:attempt". */
export function connectionLog(el: HTMLElement): string[] {
  const log: string[] = [];
  el.addEventListener('rc-connection-change', (e) => log.push(`${e.detail.state}:${e.detail.attempt}`));
  return log;
}

/** The local ICE user fragment: it changes when ICE restarts (RFC 8445 §9). */
export function iceUfrag(pc: RTCPeerConnection | undefined): string | undefined {
  return /a=ice-ufrag:(\S+)/.exec(pc?.localDescription?.sdp ?? '')?.[1];
}

/** The session version of the local description's o= line: it grows with each renegotiation (RFC 3264 §8). */
export function sdpVersion(pc: RTCPeerConnection | undefined): number {
  return Number(/^o=\S+ \S+ (\d+)/m.exec(pc?.localDescription?.sdp ?? '')?.[1] ?? NaN);
}

/**
 * Samples the audio received by each connection every `interval` ms until stopped, and
 * returns the intervals in which one of them received nothing.
 */
export function watchAudio(connections: Record<string, RTCPeerConnection | undefined>, interval = 1_000): { stop(): Promise<string[]> } {
  const gaps: string[] = [];
  let running = true;
  const sample = async (): Promise<void> => {
    let last = await Promise.all(Object.values(connections).map((pc) => audioStats(pc)));
    while (running) {
      await pause(interval);
      const now = await Promise.all(Object.values(connections).map((pc) => audioStats(pc)));
      Object.keys(connections).forEach((name, i) => {
        if (now[i]!.bytesReceived <= last[i]!.bytesReceived) gaps.push(`${name} received nothing at ${Math.round(performance.now())} ms`);
      });
      last = now;
    }
  };
  const done = sample();
  return {
    async stop() {
      running = false;
      await done;
      return gaps;
    },
  };
}

/** Resolves once `el` is connected and registered again. */
export function backInService(el: RcPhoneProvider, timeout = 15_000): Promise<void> {
  return waitFor(() => el.snapshot.connection === 'connected' && el.snapshot.registration === 'registered', `${el.uri} back in service`, timeout);
}
