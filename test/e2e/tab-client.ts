/**
 * The test page's handle on another tab of its browser profile (test/rig/tabs.mjs), which
 * runs test/e2e/fixtures/tab.ts: everything crosses over as plain data.
 */
import type { TabApiOutcome, TabAuth, TabEvent, TabMountOptions, TabRingCentralOptions, TabState } from './fixtures/tab.js';
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { CallQualityHarness } from '../../src/elements/rc-call-quality/rc-call-quality.harness.js';
import '../../src/elements/rc-call-quality/rc-call-quality.js';
import { account, audioStats, expectAudioFlowing, inFirefox, nextEvent, rigCommand, rigConfig, sipUri, waitFor } from '../rig/phone-rig.js';

export class Tab {
  static async open(): Promise<Tab> {
    return new Tab(await rigCommand<string>('tab-open'));
  }

  private constructor(private readonly id: string) {}

  async call<T>(method: string, ...args: unknown[]): Promise<T> {
    return (await rigCommand<{ value: T }>('tab-call', { tab: this.id, method, args })).value;
  }

  /** A plain SIP provider signed in as the test account `user`. */
  async mount(user: string, extra: Pick<TabMountOptions, 'banner' | 'phoneOptions' | 'webLocks'> = {}): Promise<void> {
    const acct = await account(user);
    const options: TabMountOptions = {
      server: (await rigConfig()).servers['primary']!,
      uri: await sipUri(user),
      password: acct.password,
      displayName: acct.displayName,
      ...extra,
    };
    await this.call('mount', options);
  }

  /** Calls `provider[method](...args)` in that tab and resolves with its value; fails the test if it rejects. */
  async api<T = unknown>(method: string, ...args: string[]): Promise<T> {
    const outcome = await this.call<TabApiOutcome>('api', method, ...args);
    if ('error' in outcome) throw new Error(`provider.${method}() in the other tab rejected: ${outcome.error}`);
    return outcome.value as T;
  }

  mountRingCentral(options: TabRingCentralOptions): Promise<void> {
    return this.call('mountRingCentral', options);
  }

  state(): Promise<TabState> {
    return this.call('state');
  }

  auth(): Promise<TabAuth> {
    return this.call('auth');
  }

  events(): Promise<readonly TabEvent[]> {
    return this.call('events');
  }

  async callState(callId: string): Promise<string | undefined> {
    return (await this.state()).calls.find((call) => call.id === callId)?.state;
  }

  /** Brings this tab in front, as a user switching to it: the test page is hidden until the tab closes. */
  front(): Promise<boolean> {
    return rigCommand<boolean>('tab-front', { tab: this.id });
  }

  close(): Promise<boolean> {
    return rigCommand<boolean>('tab-close', { tab: this.id });
  }

  crash(): Promise<boolean> {
    return rigCommand<boolean>('tab-crash', { tab: this.id });
  }
}

/**
 * Closes `tabs` after a test; a tab that was still open must not have failed on its own. A
 * tab that cannot be asked (it crashed or hung) fails the test too: a test that means to
 * lose a tab takes it off the list first.
 */
export async function closeTabs(tabs: readonly Tab[]): Promise<void> {
  const unreachable: string[] = [];
  const failures: string[] = [];
  for (const tab of tabs) {
    try {
      failures.push(...(await tab.call<string[]>('failures')));
    } catch (error) {
      unreachable.push(String(error));
    } finally {
      await tab.close();
    }
  }
  expect(unreachable, 'tabs that could not be asked for their failures').to.deep.equal([]);
  expect(failures).to.deep.equal([]);
}

const WAITING = 'microphone-waiting';

/**
 * What the far end hears from a leader tab in the background once the call was answered in
 * the follower tab `here`, the page in front. Start it before the answer: it records the
 * follower's `microphone-waiting` events from then on, and shows the follower's
 * `<rc-call-quality>`, where the user reads the hint.
 */
export function watchLeaderMicrophone(here: RcPhoneProvider): {
  /**
   * Firefox holds the leader's microphone until the user selects that tab: the far end
   * (`peer`) gets no RTP, the follower shows the warning (snapshot, `rc-call-warning`,
   * `rc-call-update`, the hint); then the user selects the leader tab (it stays in front),
   * the warning clears and the far end hears the leader. Chromium opens the microphone in a
   * hidden tab: the far end hears it at once, and no warning ever came.
   */
  expectHeard(tab: Tab, callId: string, peer: RTCPeerConnection | undefined, who: string): Promise<void>;
} {
  const seen: string[] = [];
  here.addEventListener('rc-call-warning', (e) => {
    if (e.detail.warning === WAITING) seen.push(`raised ${e.detail.callId}`);
  });
  here.addEventListener('rc-call-update', (e) => {
    if (e.detail.call.warnings.includes(WAITING)) seen.push(`update ${e.detail.callId}`);
  });
  const hint = new CallQualityHarness(here.appendChild(document.createElement('rc-call-quality')));
  const waiting = (callId: string): boolean => here.snapshot.calls.find((call) => call.id === callId)?.warnings.includes(WAITING) ?? false;
  return {
    async expectHeard(tab, callId, peer, who) {
      if (!inFirefox) {
        await expectAudioFlowing(peer, `${who} (from the leader tab, in the background)`);
        // The far end hears the leader's microphone: it opened, and the warning cannot come any more.
        expect(seen, 'microphone-waiting in Chromium').to.deep.equal([]);
        expect(waiting(callId)).to.equal(false);
        expect(hint.hint).to.equal('');
        return;
      }
      await waitFor(() => waiting(callId), 'the follower shows the leader’s microphone waiting', 10_000);
      // The snapshot and the events come from the leader in messages of their own: the events
      // may follow the snapshot that already shows the warning.
      await waitFor(() => seen.length >= 2, 'the follower’s rc-call-warning and rc-call-update', 5_000).catch(() => undefined);
      expect(seen, 'the follower’s events').to.deep.equal([`raised ${callId}`, `update ${callId}`]);
      await waitFor(() => hint.hint !== '', 'the follower’s hint');
      expect(hint.hint).to.equal('They can’t hear you yet — open the other tab with the phone to start your microphone.');
      expect((await audioStats(peer)).packetsReceived, `RTP ${who} received from the leader tab in the background`).to.equal(0);
      // The user does what the hint says.
      const cleared = nextEvent(here, 'rc-call-warning-cleared', (e) => e.detail.callId === callId && e.detail.warning === WAITING);
      await tab.front();
      await cleared;
      expect(waiting(callId)).to.equal(false);
      await waitFor(() => hint.hint === '', 'the follower’s hint gone');
      await expectAudioFlowing(peer, `${who} (from the leader tab, once selected)`);
    },
  };
}
