/**
 * A real single-tab close un-REGISTERs (README, "Tabs"): the registrar keeps a binding whose
 * WebSocket closed until it expires (sip.js asks for 600 s), so only the page's REGISTER with
 * Expires: 0 (RFC 3261 §10.2.2), sent as the page goes (pagehide), removes it at once.
 * 'tess' is this file's alone: no earlier test left a binding of hers at the registrar.
 */
import { expect } from '@open-wc/testing';
import { rigCommand, waitFor } from '../rig/phone-rig.js';
import { closeTabs, Tab } from './tab-client.js';

const contacts = (): Promise<number> => rigCommand<number>('contacts', { user: 'tess' });

describe('closing a tab', () => {
  let tabs: Tab[] = [];
  afterEach(async () => {
    await closeTabs(tabs);
    tabs = [];
  });

  it('closing the only tab un-REGISTERs: its binding leaves the registrar', async function () {
    this.timeout(60_000);
    expect(await contacts()).to.equal(0);
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mount('tess');
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the tab registered', 15_000);
    expect((await tab.state()).role).to.equal('leader');
    expect(await contacts()).to.equal(1);
    expect(await tab.call<string[]>('failures')).to.deep.equal([]);
    tabs = [];
    await tab.close();
    await waitFor(async () => (await contacts()) === 0, "the closed tab's binding is gone", 10_000);
  });
});
