/**
 * Caller lookup (`resolveContact` on the provider): a CRM-like lookup names the caller of a
 * real incoming call from JsSIP in every element that shows the party, with a link to the
 * record; hostile answers are shown as text or dropped; a lookup that answers after the
 * time limit changes nothing (the number stays).
 */
import { expect } from '@open-wc/testing';
import '../../src/elements/rc-call-list/rc-call-list.js';
import '../../src/elements/rc-incoming-call/rc-incoming-call.js';
import type { Contact } from '../../src/context/phone-context.js';
import { CallListHarness } from '../../src/elements/rc-call-list/rc-call-list.harness.js';
import { IncomingCallHarness } from '../../src/elements/rc-incoming-call/rc-incoming-call.harness.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { CONTACT_LOOKUP_TIMEOUT_MS } from '../../src/elements/rc-phone-provider/rc-phone-provider.contacts.js';
import { mountProvider, nextEvent, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';
import { JssipClient } from './jssip-client.js';

let peer: JssipClient | undefined;

/** JsSIP (user dave) calls the kit; resolves once it rings there. */
async function ring(provider: RcPhoneProvider): Promise<string> {
  const incoming = nextEvent(provider, 'rc-call-incoming');
  await peer!.dial(await sipUri('frank'));
  return (await incoming).detail.callId;
}

async function mount(): Promise<{ provider: RcPhoneProvider; incoming: IncomingCallHarness; list: CallListHarness }> {
  const provider = await mountProvider('frank', { children: '<rc-incoming-call></rc-incoming-call><rc-call-list></rc-call-list>' });
  return {
    provider,
    incoming: new IncomingCallHarness(provider.querySelector('rc-incoming-call')!),
    list: new CallListHarness(provider.querySelector('rc-call-list')!),
  };
}

describe('caller lookup (resolveContact)', () => {
  beforeEach(async () => {
    peer = await JssipClient.start('dave');
    await peer.setAnswerMode('ring');
  });
  afterEach(async () => {
    await unmountAll();
    await peer?.call('stop').catch(() => undefined);
    await peer?.close();
    peer = undefined;
  });

  it('shows the CRM’s name and record link for a caller, in the incoming call and the call list; hostile parts dropped', async () => {
    const { provider, incoming, list } = await mount();
    const asked: string[] = [];
    provider.resolveContact = (number) => {
      asked.push(number);
      return Promise.resolve<Contact>({
        name: '<img src=x onerror="window.pwned=1">Acme\u202e Customer',
        href: 'https://crm.example/contacts/42',
        avatarUrl: 'javascript:alert(1)',
      });
    };
    await ring(provider);
    const name = '<img src=x onerror="window.pwned=1">Acme Customer';
    await waitFor(() => incoming.callerName === name, 'the incoming call shows the CRM’s name');
    expect(incoming.callerNumber).to.equal('dave');
    const root = provider.querySelector('rc-incoming-call')!.shadowRoot!;
    expect(root.querySelector<HTMLAnchorElement>('[part="name"] a')?.href).to.equal('https://crm.example/contacts/42');
    // Text, not markup; the javascript: picture is not shown (the avatar stays the initials, a span).
    expect(root.querySelector('[part="name"] img, img[part="avatar"]')).to.equal(null);
    expect(root.querySelector('[part="avatar"]')?.tagName).to.equal('SPAN');
    await waitFor(() => list.activeItems[0]?.querySelector('[part="name"]')?.textContent?.trim() === name, 'the call list shows the CRM’s name');
    expect(asked).to.deep.equal(['dave']);

    const ended = nextEvent(provider, 'rc-call-ended');
    await incoming.decline();
    await ended;
  });

  it('a lookup slower than the time limit leaves the number shown, and the call can be answered', async () => {
    const { provider, incoming } = await mount();
    let answer: (contact: Contact) => void = () => undefined;
    // The time limit runs from when the kit asks, not from when the test dialled.
    let asked = Infinity;
    provider.resolveContact = () => {
      asked = performance.now();
      return new Promise<Contact>((resolve) => (answer = resolve));
    };
    await ring(provider);
    expect(incoming.callerName).to.equal('dave');
    await waitFor(() => performance.now() - asked > CONTACT_LOOKUP_TIMEOUT_MS + 200, 'the time limit passes', CONTACT_LOOKUP_TIMEOUT_MS + 4000);
    // Too late: the kit stopped waiting, so this answer is dropped.
    answer({ name: 'Late Customer' });
    await new Promise((resolve) => setTimeout(resolve));
    await provider.querySelector('rc-incoming-call')!.updateComplete;
    expect(incoming.callerName).to.equal('dave');

    const up = nextEvent(provider, 'rc-call-state-change', (e) => e.detail.state === 'established');
    await incoming.answer();
    await up;
    await waitFor(async () => (await peer!.state()).established, 'JsSIP sees the call answered');
    const ended = nextEvent(provider, 'rc-call-ended');
    await provider.hangup();
    await ended;
  });
});
