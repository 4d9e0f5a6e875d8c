import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextEvent } from '@lit/context';
import { phoneContext, type PhoneContextValue } from '../../context/phone-context.js';
import type { SipStack, SipStackOptions } from '../../core/sip/types.js';
import type { RcPhoneProvider } from './rc-phone-provider.component.js';
import './rc-phone-provider.js';

/** A scripted SIP stack (unit tests of this one element only; calls are tested end to end). */
function fakeStacks(): { created: SipStackOptions[]; log: string[]; factory: (options: SipStackOptions) => SipStack } {
  const created: SipStackOptions[] = [];
  const log: string[] = [];
  const factory = (options: SipStackOptions): SipStack => {
    created.push(options);
    return {
      connect: async () => {
        log.push('connect');
        options.delegate.onConnectionChange(true);
      },
      disconnect: async () => {
        log.push('disconnect');
      },
      register: async () => {
        log.push('register');
        options.delegate.onRegistrationChange(true);
      },
      unregister: async () => {
        log.push('unregister');
      },
      updateCredentials: () => undefined,
      targetUri: (target) => `sip:${target}@example.test`,
      createSession: () => {
        throw new Error('not used');
      },
    };
  };
  return { created, log, factory };
}

function consume(host: Element): PhoneContextValue[] {
  const values: PhoneContextValue[] = [];
  const child = host.appendChild(document.createElement('span'));
  child.dispatchEvent(new ContextEvent(phoneContext, child, (value) => value && values.push(value), true));
  return values;
}

async function provider(stacks = fakeStacks(), autoRegister = true): Promise<RcPhoneProvider> {
  return fixture<RcPhoneProvider>(
    html`<rc-phone-provider
      server="wss://pbx.example.test/ws"
      uri="sip:alice@example.test"
      auto-register=${String(autoRegister)}
      .phoneOptions=${{ stackFactory: stacks.factory }}
    ></rc-phone-provider>`,
  );
}

const until = <K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, test: (e: HTMLElementEventMap[K]) => boolean): Promise<void> =>
  new Promise((resolve) => el.addEventListener(type, (e) => test(e) && resolve()));

describe('<rc-phone-provider>', () => {
  it('renders only a slot, as display: contents, and is accessible', async () => {
    const el = await fixture<RcPhoneProvider>(html`<rc-phone-provider><button>Call</button></rc-phone-provider>`);
    expect(getComputedStyle(el).display).to.equal('contents');
    expect(el.shadowRoot!.querySelector('slot')).to.be.instanceOf(HTMLSlotElement);
    await expect(el).to.be.accessible();
  });

  it('maps attributes to properties and never reflects the password', async () => {
    const el = await fixture<RcPhoneProvider>(
      html`<rc-phone-provider
        server="wss://a.test/ws"
        uri="sip:a@a.test"
        authorization-username="auth-a"
        display-name="A"
        instance-id="0d9c7f3e-5a3b-4f7e-9c52-8a1f2b3c4d5e"
        auto-register="false"
      ></rc-phone-provider>`,
    );
    expect([el.server, el.uri, el.authorizationUsername, el.displayName, el.instanceId, el.autoRegister]).to.deep.equal([
      'wss://a.test/ws',
      'sip:a@a.test',
      'auth-a',
      'A',
      '0d9c7f3e-5a3b-4f7e-9c52-8a1f2b3c4d5e',
      false,
    ]);
    el.password = 'hunter2';
    await el.updateComplete;
    expect(el.outerHTML).not.to.include('hunter2');
    expect(el.hasAttribute('password')).to.equal(false);
  });

  it('creates a phone on connect with the attributes, registers, and disposes it on disconnect', async () => {
    const stacks = fakeStacks();
    const el = await provider(stacks);
    el.password = 'pw';
    await el.updateComplete;
    await until(el, 'rc-registration-change', (e) => e.detail.state === 'registered');
    const options = stacks.created.at(-1)!;
    expect([options.server, options.uri, options.password]).to.deep.equal(['wss://pbx.example.test/ws', 'sip:alice@example.test', 'pw']);
    expect(options.iceServers).to.deep.equal([]);
    const phone = el.phone!;
    el.remove();
    expect(el.phone).to.equal(undefined);
    // Only the element disposes the phone here: its stack unregisters and disconnects, and the
    // phone refuses further use.
    await waitUntil(() => stacks.log.at(-1) === 'disconnect', 'the stack disconnected after the element left the page', { timeout: 2_000 });
    expect(stacks.log.slice(-2)).to.deep.equal(['unregister', 'disconnect']);
    expect(
      await phone.call('bob').then(
        () => 'placed',
        (error: { code?: string }) => error.code,
      ),
    ).to.equal('disposed');
  });

  it('does not register when auto-register="false"', async () => {
    const stacks = fakeStacks();
    const el = await provider(stacks, false);
    await waitUntil(() => el.snapshot.connection === 'connected', 'connected');
    expect(stacks.log).not.to.include('register');
    expect(el.snapshot.registration).to.equal('unregistered');
  });

  it('publishes a new frozen snapshot on every change', async () => {
    const stacks = fakeStacks();
    const el = await fixture<RcPhoneProvider>(html`<rc-phone-provider .phoneOptions=${{ stackFactory: stacks.factory }}></rc-phone-provider>`);
    const values = consume(el);
    const registered = until(el, 'rc-registration-change', (e) => e.detail.state === 'registered');
    el.server = 'wss://pbx.example.test/ws';
    el.uri = 'sip:alice@example.test';
    await registered;
    expect(values.length).to.be.greaterThan(2);
    expect(new Set(values).size).to.equal(values.length);
    expect(values.every((v) => Object.isFrozen(v) && Object.isFrozen(v.snapshot))).to.equal(true);
    expect(values.at(-1)!.snapshot.registration).to.equal('registered');
    expect(values.at(-1)!.commands).to.equal(values[0]!.commands);
  });

  it('makes a new phone when a setting changes', async () => {
    const stacks = fakeStacks();
    const el = await provider(stacks);
    // The phone is made once this page holds the device's Web Lock (tab sharing), a task later.
    await waitUntil(() => el.phone !== undefined, 'the first phone');
    const first = el.phone;
    const connected = until(el, 'rc-connection-change', (e) => e.detail.state === 'connected');
    el.uri = 'sip:bob@example.test';
    await el.updateComplete;
    await waitUntil(() => el.phone !== undefined && el.phone !== first, 'a new phone');
    await connected;
    expect(stacks.created.at(-1)!.uri).to.equal('sip:bob@example.test');
  });

  it('reports commands without a configured phone as rc-error instead of rejecting', async () => {
    const el = await fixture<RcPhoneProvider>(html`<rc-phone-provider></rc-phone-provider>`);
    const [value] = consume(el);
    const error = new Promise<string>((resolve) => el.addEventListener('rc-error', (e) => resolve(e.detail.code)));
    expect(await value!.commands.call('bob')).to.equal(undefined);
    expect(await error).to.equal('invalid-state');
  });
});
