import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { IncomingCallHarness } from '../src/elements/rc-incoming-call/rc-incoming-call.harness.js';
import { ALL_CAPABILITIES, CALLS } from './calls.js';
import { cssControls, cssStyle } from './controls.js';
import { storyElement, type PhoneParameters } from './fake-phone.js';

const css = cssControls('rc-incoming-call');
const banner = (root: HTMLElement): IncomingCallHarness => new IncomingCallHarness(storyElement(root, 'rc-incoming-call'));

const meta: Meta = {
  title: 'Elements/<rc-incoming-call>',
  component: 'rc-incoming-call',
  // Silent by default here: a docs page full of ringing banners is no fun.
  args: { silent: true, 'default-country': 'US', ...css.args },
  argTypes: {
    'default-country': { control: 'text', description: 'ISO 3166 country for national forward targets.', table: { category: 'attributes' } },
    ...css.argTypes,
  },
  parameters: { phone: { calls: [CALLS.ringingIn] } satisfies PhoneParameters },
  render: (args) => html`<rc-incoming-call ?silent=${args['silent']} default-country=${args['default-country']} style=${cssStyle(args)}></rc-incoming-call>`,
};
export default meta;
type Story = StoryObj;

/** Bob is calling: his name and number, Answer and Decline. */
export const RingingIn: Story = {
  play: async ({ canvasElement }) => {
    await expect(banner(canvasElement).callerName).toBe('Bob Example');
  },
};

/** Two calls ring at once: the banner says how many more are waiting. */
export const TwoCallsRinging: Story = { parameters: { phone: { calls: [CALLS.ringingIn, CALLS.secondRinging] } satisfies PhoneParameters } };

/** A second call rings while the user talks on the first. */
export const CallWaiting: Story = { parameters: { phone: { calls: [CALLS.connected, CALLS.secondRinging] } satisfies PhoneParameters } };

/** RingCentral adds To voicemail, Forward and Reply. */
export const ProviderFeatures: Story = {
  parameters: { phone: { calls: [CALLS.ringingIn], snapshot: { capabilities: ALL_CAPABILITIES } } satisfies PhoneParameters },
};

/** Forwarding to something that cannot be dialled: the form says why. */
export const ForwardError: Story = {
  parameters: ProviderFeatures.parameters,
  play: async ({ canvasElement }) => {
    const harness = banner(canvasElement);
    await harness.click('forward');
    await harness.fill('not a number!');
    await harness.click('forward-now');
  },
};

/** Nothing rings: the banner renders nothing. */
export const Idle: Story = { parameters: { phone: { calls: [] } satisfies PhoneParameters } };

export const NoProvider: Story = { parameters: { phone: { none: true } satisfies PhoneParameters } };

export const DarkTheme: Story = { globals: { theme: 'dark' } };
