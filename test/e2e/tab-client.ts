/**
 * The test page's handle on another tab of its browser profile (test/rig/tabs.mjs), which
 * runs test/e2e/fixtures/tab.ts: everything crosses over as plain data.
 */
import type { TabApiOutcome, TabAuth, TabEvent, TabMountOptions, TabRingCentralOptions, TabState } from './fixtures/tab.js';
import { expect } from '@open-wc/testing';
import { account, rigCommand, rigConfig, sipUri } from '../rig/phone-rig.js';

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
