import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { expect, waitFor } from 'storybook/test';
import type { MessageTarget } from '../src/elements/rc-embeddable-bridge/rc-embeddable-bridge.component.js';
import '../src/elements/rc-embeddable-bridge/rc-embeddable-bridge.js';
import { CallState } from '../src/core/states.js';
import type { PhoneParameters } from './fake-phone.js';

/**
 * The bridge shows nothing: this story plays the integration page. Its buttons post
 * Embeddable's commands to this window (from this origin, which the bridge allows), and the
 * list shows the notifications the bridge posts back (here to the list instead of a parent
 * frame).
 */
function integrationPage(): TemplateResult {
  const log = document.createElement('ol');
  log.setAttribute('aria-label', 'Notifications the bridge posted');
  log.className = 'notifications';
  const target = {
    postMessage: (message: unknown) => {
      const item = document.createElement('li');
      item.textContent = JSON.stringify(message);
      log.append(item);
    },
  } as MessageTarget;
  const send = (data: Record<string, unknown>) => () => window.postMessage(data, location.origin);
  return html`<rc-embeddable-bridge allowed-origins=${location.origin} .target=${target}></rc-embeddable-bridge>
    <p>
      <button type="button" @click=${send({ type: 'rc-adapter-new-call', phoneNumber: '+16505550100', toCall: true })}>Call +1 650 555 0100</button>
      <button type="button" @click=${send({ type: 'rc-adapter-control-call', callAction: 'answer' })}>Answer</button>
      <button type="button" @click=${send({ type: 'rc-adapter-control-call', callAction: 'hold' })}>Hold</button>
      <button type="button" @click=${send({ type: 'rc-adapter-control-call', callAction: 'unhold' })}>Unhold</button>
      <button type="button" @click=${send({ type: 'rc-adapter-control-call', callAction: 'hangup' })}>Hang up</button>
    </p>
    ${log}`;
}

const meta: Meta = {
  title: 'Elements/<rc-embeddable-bridge>',
  component: 'rc-embeddable-bridge',
  render: () => integrationPage(),
};
export default meta;
type Story = StoryObj;

const notifications = (root: HTMLElement): string[] =>
  [...root.querySelectorAll('.notifications li')].map((item) => (JSON.parse(item.textContent ?? '{}') as { type: string }).type);

/** An integration page places a call with `rc-adapter-new-call`; the bridge tells it the call started. */
export const NewCall: Story = {
  play: async ({ canvasElement }) => {
    canvasElement.querySelector<HTMLButtonElement>('button')?.click();
    // The scripted callee answers after 2.5 s.
    await waitFor(() => expect(notifications(canvasElement)).toContain('rc-call-start-notify'), { timeout: 5000 });
    expect(notifications(canvasElement)).toContain('rc-call-init-notify');
  },
};

/** A call rings: the page got `rc-call-ring-notify` (its Answer button sends `rc-adapter-control-call`). */
export const IncomingCall: Story = {
  parameters: {
    phone: { calls: [{ state: CallState.Ringing, remote: { displayName: 'Bob Example', user: '+16504223279' } }] } satisfies PhoneParameters,
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(notifications(canvasElement)).toContain('rc-call-ring-notify'));
  },
};
