/**
 * The test page's handle on a JsSIP far end (test/e2e/fixtures/jssip-peer.ts) running in a
 * browser context of its own (test/rig/peers.mjs): everything crosses over as plain data.
 */
import type { PeerAnswerMode, PeerCallOptions, PeerEvent, PeerSessionTimer, PeerStats, PeerWire } from './fixtures/jssip-peer.js';
import { account, rigCommand, rigConfig, sipUri, waitFor } from '../rig/phone-rig.js';

export class JssipClient {
  /** Opens a JsSIP page and registers it as the test account `user`. */
  static async start(user: string): Promise<JssipClient> {
    const client = new JssipClient(await rigCommand<string>('peer-open', { kind: 'jssip' }));
    const acct = await account(user);
    await client.call('start', {
      server: (await rigConfig()).servers['primary']!,
      uri: await sipUri(user),
      user: acct.authUser ?? user,
      password: acct.password,
    });
    return client;
  }

  private constructor(private readonly id: string) {}

  async call<T>(method: string, ...args: unknown[]): Promise<T> {
    return (await rigCommand<{ value: T }>('peer-call', { peer: this.id, method, args })).value;
  }

  dial(target: string, options: PeerCallOptions = {}): Promise<void> {
    return this.call('call', target, options);
  }

  setAnswerMode(mode: PeerAnswerMode): Promise<void> {
    return this.call('setAnswerMode', mode);
  }

  events(): Promise<readonly PeerEvent[]> {
    return this.call('events');
  }

  wire(): Promise<readonly PeerWire[]> {
    return this.call('wire');
  }

  sessionTimer(): Promise<PeerSessionTimer | undefined> {
    return this.call('sessionTimer');
  }

  stats(): Promise<PeerStats> {
    return this.call('stats');
  }

  state(): Promise<{ established: boolean; ended: boolean; onHold: { local: boolean; remote: boolean } | undefined }> {
    return this.call('state');
  }

  /** Resolves with the first event (from now on, counting `seen` earlier ones) that matches. */
  async nextEvent(matches: (event: PeerEvent) => boolean, label: string, after = 0, timeout = 10_000): Promise<PeerEvent> {
    let found: PeerEvent | undefined;
    await waitFor(
      async () => {
        found = (await this.events()).slice(after).find(matches);
        return found !== undefined;
      },
      `JsSIP: ${label}`,
      timeout,
    );
    return found!;
  }

  async eventCount(): Promise<number> {
    return (await this.events()).length;
  }

  close(): Promise<boolean> {
    return rigCommand<boolean>('peer-close', { peer: this.id });
  }
}
