import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { RcPreflight } from './rc-preflight.component.js';
import { PreflightHarness } from './rc-preflight.harness.js';
import './rc-preflight.js';

// The test itself runs against the rig in test/e2e/preflight.test.ts.
describe('<rc-preflight>', () => {
  it('renders its button, nothing else yet, and is accessible', async () => {
    const el = await fixture<RcPreflight>(html`<rc-preflight></rc-preflight>`);
    const ui = new PreflightHarness(el);
    expect(el.echoTarget).to.equal('');
    expect(el.running).to.equal(false);
    expect(ui.statuses).to.deep.equal([]);
    expect(ui.summary).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('reflects echo-target', async () => {
    const el = await fixture<RcPreflight>(html`<rc-preflight echo-target="echo"></rc-preflight>`);
    expect(el.echoTarget).to.equal('echo');
  });

  it('outside a provider it cannot run: rc-error, and no report', async () => {
    const el = await fixture<RcPreflight>(html`<rc-preflight></rc-preflight>`);
    const error = oneEvent(el, 'rc-error');
    expect(await el.run()).to.equal(undefined);
    expect((await error).detail.code).to.equal('invalid-configuration');
    expect(el.running).to.equal(false);
  });
});
