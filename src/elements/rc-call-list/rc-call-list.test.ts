import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { clearRecentCalls, recentCalls } from '../../services/recent-calls.js';
import { CallDirection, CallEndReason, CallState } from '../../core/states.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import type { RcCallList } from './rc-call-list.component.js';
import { CallListHarness } from './rc-call-list.harness.js';
import './rc-call-list.js';

const HOSTILE = '<svg onload="window.__pwned=1"></svg><i>Mallory</i>';
let account = 0;

async function list(phone: FakePhone | null = new FakePhone({ uri: `sip:list-${++account}@example.com` }), setup: (el: RcCallList) => void = () => undefined) {
  const el = document.createElement('rc-call-list');
  setup(el);
  await mountWithPhone(el, phone);
  return { el, phone, ui: new CallListHarness(el) };
}

describe('<rc-call-list>', () => {
  afterEach(() => {
    unmountPhones();
    clearRecentCalls();
  });

  it('lists every live call with the actions that fit it, marking the current one', async () => {
    const { el, phone, ui } = await list();
    const held = phone!.addCall({ remote: { displayName: 'Held Hank' }, held: true });
    const talking = phone!.addCall({ remote: { displayName: 'Talking Tina' } });
    const ringing = phone!.addCall({ remote: { displayName: 'Ringing Rita' }, state: CallState.Ringing, startedAt: undefined });
    const dialing = phone!.addCall({
      remote: { displayName: '', user: 'dave' },
      direction: CallDirection.Outbound,
      state: CallState.Dialing,
      startedAt: undefined,
    });
    await el.updateComplete;
    expect(ui.names(ui.activeItems)).to.deep.equal(['Held Hank', 'Talking Tina', 'Ringing Rita', 'dave']);
    const actions = (id: string) => [...ui.item(id)!.querySelectorAll<HTMLButtonElement>('button')].map((b) => b.dataset['action']);
    expect(actions(held.id)).to.deep.equal(['unhold', 'hangup']);
    expect(actions(talking.id)).to.deep.equal(['hold', 'hangup']);
    expect(actions(ringing.id)).to.deep.equal(['answer', 'decline']);
    expect(actions(dialing.id)).to.deep.equal(['hangup']);
    expect(ui.item(talking.id)!.getAttribute('aria-current')).to.equal('true');
    expect(ui.item(held.id)!.hasAttribute('aria-current')).to.equal(false);
    expect(ui.item(held.id)!.querySelector('[part~="state"]')!.textContent).to.equal('On hold');
    // Each button names its call through aria-describedby.
    expect(ui.button(held.id, 'unhold')!.getAttribute('aria-describedby')).to.equal(`name-${held.id}`);
  });

  it('is accessible in the light and dark themes', async () => {
    const { el, phone } = await list();
    phone!.addCall({ held: true });
    phone!.addCall({ state: CallState.Ringing, startedAt: undefined });
    const ended = phone!.addCall({ direction: CallDirection.Outbound });
    phone!.removeCall(ended.id);
    await el.updateComplete;
    await expect(el).to.be.accessible();
    el.theme = 'dark';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('has its defaults and reflects its attributes', async () => {
    const { el } = await list();
    expect(el.maxRecent).to.equal(20);
    expect(el.hideRecent).to.equal(false);
    el.setAttribute('max-recent', '3');
    el.hideRecent = true;
    el.theme = 'dark';
    await el.updateComplete;
    expect(el.maxRecent).to.equal(3);
    expect(el.hasAttribute('hide-recent')).to.equal(true);
    expect(el.getAttribute('theme')).to.equal('dark');
    expect(el.shadowRoot!.querySelector('#recent-heading')).to.equal(null);
  });

  // That resuming one call holds the others is the core's work, checked on the real rig at the
  // far end (test/e2e/calls.test.ts); here the scripted phone does it, and the list must show it.
  it('switches between calls (resume one; shows the others held as the phone reports) and hangs up', async () => {
    const { el, phone, ui } = await list();
    const first = phone!.addCall({ held: true });
    const second = phone!.addCall();
    await el.updateComplete;
    const request = oneEvent(el, 'rc-request-call-action');
    await ui.click(first.id, 'unhold');
    expect((await request).detail).to.deep.equal({ callId: first.id, action: 'unhold' });
    await waitUntil(() => ui.button(second.id, 'unhold') !== null, 'the list shows the other call held');
    expect(ui.item(first.id)!.getAttribute('aria-current')).to.equal('true');
    await ui.click(second.id, 'hangup');
    await waitUntil(() => ui.activeItems.length === 1);
    el.addEventListener('rc-request-call-action', (e) => e.preventDefault(), { once: true });
    await ui.click(first.id, 'hold');
    expect(phone!.calls('hold')).to.have.length(0);
  });

  it('answers and declines ringing calls, also from the keyboard', async () => {
    const { el, phone, ui } = await list();
    const ringing = phone!.addCall({ state: CallState.Ringing, startedAt: undefined });
    await el.updateComplete;
    ui.button(ringing.id, 'answer')!.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => phone!.calls('decline').length === 1);
    expect(phone!.calls('decline')[0]!.args).to.deep.equal([ringing.id]);
  });

  it('logs calls that end, newest first, as missed, incoming or outgoing', async () => {
    const { el, phone, ui } = await list();
    const missed = phone!.addCall({ remote: { displayName: 'Missy' }, state: CallState.Ringing, startedAt: undefined });
    phone!.removeCall(missed.id);
    const outgoing = phone!.addCall({ remote: { displayName: 'Otto' }, direction: CallDirection.Outbound, startedAt: Date.now() - 61_000 });
    phone!.removeCall(outgoing.id);
    await el.updateComplete;
    expect(ui.names(ui.recentItems)).to.deep.equal(['Otto', 'Missy']);
    expect(ui.recentItems[0]!.textContent).to.contain('Outgoing');
    expect(ui.recentItems[0]!.textContent).to.match(/1:0[12]/);
    expect(ui.recentItems[1]!.textContent).to.contain('Missed');
    expect(ui.recentItems[1]!.classList.contains('missed')).to.equal(true);
    // Kept in the browser per account: another list of the same account shows it.
    const stored = JSON.parse(localStorage.getItem(`rc-phone-kit:recent:${phone!.snapshot.uri}`)!) as { id: string }[];
    expect(stored.map((e) => e.id)).to.deep.equal([outgoing.id, missed.id]);
    const other = await list(new FakePhone({ uri: phone!.snapshot.uri }));
    expect(other.ui.names(other.ui.recentItems)).to.deep.equal(['Otto', 'Missy']);
    // Both lists saw the calls end; each is logged once.
    expect(recentCalls(phone!.snapshot.uri!).list()).to.have.length(2);
  });

  it('logs a call answered on another device, or declined here, without calling it missed', async () => {
    const { el, phone, ui } = await list();
    // As the phone publishes it: one snapshot with the ended call and its reason, then without it.
    for (const [name, endReason] of [
      ['Elsa', CallEndReason.AnsweredElsewhere],
      ['Dee', CallEndReason.Declined],
    ] as const) {
      const call = phone!.addCall({ remote: { displayName: name }, state: CallState.Ringing, startedAt: undefined });
      phone!.updateCall(call.id, { state: CallState.Ended, endReason, endedAt: Date.now() });
      phone!.removeCall(call.id);
    }
    await el.updateComplete;
    expect(ui.names(ui.recentItems)).to.deep.equal(['Dee', 'Elsa']);
    expect(ui.recentItems[0]!.textContent).to.contain('Declined');
    expect(ui.recentItems[1]!.textContent).to.contain('Answered elsewhere');
    expect(ui.recentItems.some((item) => item.classList.contains('missed'))).to.equal(false);
  });

  it('keeps at most max-recent entries on screen and clears the log with its button', async () => {
    const { el, phone, ui } = await list(undefined, (e) => (e.maxRecent = 2));
    for (const name of ['a', 'b', 'c']) phone!.removeCall(phone!.addCall({ remote: { displayName: name } }).id);
    await el.updateComplete;
    expect(ui.names(ui.recentItems)).to.deep.equal(['c', 'b']);
    await ui.clearRecent();
    expect(ui.recentItems).to.have.length(0);
    expect(el.shadowRoot!.querySelector('[part~="empty"]')).to.be.instanceOf(Element);
  });

  it('deletes the log on rc-logout', async () => {
    const { el, phone, ui } = await list();
    phone!.removeCall(phone!.addCall().id);
    await el.updateComplete;
    expect(ui.recentItems).to.have.length(1);
    window.dispatchEvent(new CustomEvent('rc-logout', { detail: { uri: phone!.snapshot.uri } }));
    await el.updateComplete;
    expect(ui.recentItems).to.have.length(0);
    expect(localStorage.getItem(`rc-phone-kit:recent:${phone!.snapshot.uri}`)).to.equal(null);
  });

  it('calls back through rc-request-dial', async () => {
    const { el, phone, ui } = await list();
    const ended = phone!.addCall({ remote: { user: 'bob', uri: 'sip:bob@example.com' } });
    phone!.removeCall(ended.id);
    await el.updateComplete;
    const request = oneEvent(el, 'rc-request-dial');
    await ui.click(ended.id, 'call-back');
    expect((await request).detail).to.deep.equal({ target: 'sip:bob@example.com', input: 'sip:bob@example.com' });
    await waitUntil(() => phone!.calls('call').length === 1);
    expect(phone!.calls('call')[0]!.args).to.deep.equal(['sip:bob@example.com', { headers: undefined, dtmf: undefined }]);
  });

  it('shows a hostile display name as text, live and in the log', async () => {
    const { el, phone, ui } = await list();
    const call = phone!.addCall({ remote: { displayName: HOSTILE } });
    await el.updateComplete;
    expect(ui.names(ui.activeItems)).to.deep.equal([HOSTILE]);
    phone!.removeCall(call.id);
    await el.updateComplete;
    expect(ui.names(ui.recentItems)).to.deep.equal([HOSTILE]);
    expect(el.shadowRoot!.querySelector('svg:not(.icon), i')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('shows a disabled state without a provider, and works when the provider comes later', async () => {
    const { el, ui } = await list(null);
    expect(ui.notice).to.equal('Not connected to a phone.');
    await expect(el).to.be.accessible();
    const phone = new FakePhone({ uri: `sip:late-${++account}@example.com` });
    phone.addCall({ remote: { displayName: 'Late Lou' } });
    phone.provide(el.parentElement!);
    await el.updateComplete;
    expect(ui.names(ui.activeItems)).to.deep.equal(['Late Lou']);
  });
});
