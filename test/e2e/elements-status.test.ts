/**
 * What the user of an <rc-phone> sees when something goes wrong, against the real provider,
 * sip.js and Kamailio: a wrong password (403), a server that is down, and the outcome of calls
 * answered 486 Busy Here (by a real callee declining), 404 Not Found and 603 Decline, and a
 * server that goes away (killed) and comes back: the countdown to the next attempt, and Retry
 * now. Each test asserts the text on the screen.
 */
import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import { click, forgetBrowserState, phoneIn, type, wideViewport } from './elements-helpers.js';

async function dial(provider: RcPhoneProvider, target: string): Promise<void> {
  const ui = await phoneIn(provider);
  await waitFor(() => !ui.dialpad.input.disabled, 'the dialpad is ready');
  await click(ui.dialpad.input, 'the number field');
  await type(target);
  await click(ui.dialpad.callButton, 'Call');
}

describe('elements: the phone says what went wrong', () => {
  before(wideViewport);
  beforeEach(forgetBrowserState);
  afterEach(async () => {
    await unmountAll();
    forgetBrowserState();
  });

  it('a wrong password (403): "Wrong user name or password" with Sign in again', async () => {
    const alice = await mountProvider('alice', { password: 'not-the-password', register: false, children: '<rc-phone></rc-phone>' });
    const ui = await phoneIn(alice);
    await waitFor(() => ui.status.title === 'Wrong user name or password', 'the status banner names the problem');
    expect(ui.status.detail).to.equal('The server refused the sign-in. Check the SIP user name and password.');
    expect(ui.status.helpButton?.textContent?.trim()).to.equal('Sign in again');
    expect(ui.status.element.shadowRoot!.querySelector('[role="alert"]')).to.not.equal(null);
    expect(alice.snapshot.registration).to.equal('failed');
  });

  it('a server that is down: "Can’t reach the phone server" with Try again', async () => {
    // Nothing listens on port 9 of loopback: the WebSocket is refused at once.
    const alice = await mountProvider('alice', { server: 'ws://127.0.0.1:9', register: false, children: '<rc-phone></rc-phone>' });
    const ui = await phoneIn(alice);
    await waitFor(() => ui.status.title === 'Can’t reach the phone server', 'the status banner says the server is unreachable');
    expect(ui.status.helpButton?.textContent?.trim()).to.equal('Try again');
    const again = nextEvent(alice, 'rc-error', (e) => e.detail.code === 'server-unreachable');
    await click(ui.status.helpButton, 'Try again');
    await again;
    expect(ui.status.title).to.equal('Can’t reach the phone server');
  });

  it('the server goes away: "Reconnecting in N s…" counts down, and Retry now reconnects once it is back', async () => {
    // A long first backoff (10–20 s): only Retry now can bring the phone back within the test.
    const reconnect = { initialDelay: 20_000, maxDelay: 20_000, responseTimeout: 3_000, keepAliveInterval: 0 };
    const alice = await mountProvider('alice', { children: '<rc-phone></rc-phone>', phoneOptions: { reconnect } });
    const ui = await phoneIn(alice);
    const countdown = (): number => Number(/^Reconnecting in (\d+) s…$/.exec(ui.status.title)?.[1] ?? NaN);
    try {
      await rigCommand('kill');
      await waitFor(() => countdown() >= 9, 'the status banner counts down to the next attempt');
      const first = countdown();
      expect(ui.status.detail).to.equal('The connection was lost. Attempt 1.');
      expect(ui.status.helpButton?.textContent?.trim()).to.equal('Retry now');
      await waitFor(() => countdown() === first - 1, 'the countdown goes down', 2_500);
      await rigCommand('start');
      const back = nextEvent(alice, 'rc-connection-change', (e) => e.detail.state === 'connected', 5_000);
      await click(ui.status.helpButton, 'Retry now');
      await back;
      // Back on the first attempt, long before its time: Retry now did it.
      expect(alice.snapshot).to.include({ connection: 'connected', registration: 'registered', connectionAttempt: 1, reconnectAt: undefined });
      await waitFor(() => ui.status.title === '', 'the status banner goes');
    } finally {
      await rigCommand('start');
    }
  });

  it('486 Busy Here from a callee who declines: the caller sees "Busy", then Recent calls says Busy', async () => {
    const alice = await mountProvider('alice', { children: '<rc-phone></rc-phone>' });
    const bob = await mountProvider('bob', { children: '<rc-phone></rc-phone>' });
    const a = await phoneIn(alice);
    const b = await phoneIn(bob);
    const ringing = nextEvent(bob, 'rc-call-incoming');
    await dial(alice, 'bob');
    await ringing;
    await waitFor(() => b.screen === 'incoming', 'bob sees the incoming screen');
    expect(b.incomingCall.callerName).to.equal('Alice');
    const ended = nextEvent(alice, 'rc-call-ended');
    await click(b.incomingCall.button('decline'), 'Decline');
    expect((await ended).detail.error?.statusCode).to.equal(486);
    await waitFor(() => a.screen === 'after-call', 'alice sees the outcome');
    expect(a.status.outcome).to.equal('Busy');
    expect(a.status.outcomeDetail).to.equal('The person you called is busy. Try again later.');
    expect(a.status.name).to.equal('bob');
    await waitFor(() => b.status.outcome === 'Call declined', 'bob sees that he declined');
    await click(a.navButton('calls'), 'Calls');
    await waitFor(() => a.callList.recentItems.length === 1, 'alice’s recent calls');
    expect(a.callList.recentItems[0]!.textContent).to.contain('Busy');
    expect(a.callList.recentItems[0]!.dataset['kind']).to.equal('declined');
  });

  for (const [target, status, title, detail] of [
    ['nobody-here', 404, 'Number not found', 'That number or user does not exist or is not online. Check the number.'],
    ['declines', 603, 'Call declined', 'The person you called declined the call.'],
  ] as const) {
    it(`${status} from the network: the caller sees "${title}"`, async () => {
      const alice = await mountProvider('alice', { children: '<rc-phone></rc-phone>' });
      const a = await phoneIn(alice);
      const ended = nextEvent(alice, 'rc-call-ended');
      await dial(alice, target);
      expect((await ended).detail.error?.statusCode).to.equal(status);
      await waitFor(() => a.status.outcome === title, `alice sees "${title}"`);
      expect(a.status.outcomeDetail).to.equal(detail);
      expect(a.status.helpButton).to.equal(null);
      expect(a.status.element.shadowRoot!.querySelector('[data-action="call-again"]')).to.not.equal(null);
    });
  }
});
