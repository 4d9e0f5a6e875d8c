import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { CallControlsHarness } from '../src/elements/rc-call-controls/rc-call-controls.harness.js';
import { ALL_CAPABILITIES, CALLS } from './calls.js';
import { cssControls, cssStyle } from './controls.js';
import { storyElement, type PhoneParameters } from './fake-phone.js';

const css = cssControls('rc-call-controls');
const controls = (root: HTMLElement): CallControlsHarness => new CallControlsHarness(storyElement(root, 'rc-call-controls'));

const meta: Meta = {
  title: 'Elements/<rc-call-controls>',
  component: 'rc-call-controls',
  args: { 'call-id': '', 'default-country': 'US', ...css.args },
  argTypes: {
    'call-id': { control: 'text', description: "The call to control; default the phone's current call.", table: { category: 'attributes' } },
    'default-country': { control: 'text', description: 'ISO 3166 country for national transfer targets.', table: { category: 'attributes' } },
    ...css.argTypes,
  },
  parameters: { phone: { calls: [CALLS.connected] } satisfies PhoneParameters },
  render: (args) => html`<rc-call-controls call-id=${args['call-id']} default-country=${args['default-country']} style=${cssStyle(args)}></rc-call-controls>`,
};
export default meta;
type Story = StoryObj;

/** No call: the controls say so. */
export const Idle: Story = { parameters: { phone: { calls: [] } satisfies PhoneParameters } };

export const Dialing: Story = { parameters: { phone: { calls: [CALLS.dialing], script: {} } satisfies PhoneParameters } };

export const RingingOut: Story = { parameters: { phone: { calls: [CALLS.ringingOut], script: {} } satisfies PhoneParameters } };

/** An incoming call rings: answer or decline. */
export const RingingIn: Story = { parameters: { phone: { calls: [CALLS.ringingIn] } satisfies PhoneParameters } };

/** Connected, with the call timer running. */
export const Connected: Story = {
  play: async ({ canvasElement }) => {
    await expect(controls(canvasElement).status).toContain('Connected');
  },
};

export const Held: Story = { parameters: { phone: { calls: [CALLS.held] } satisfies PhoneParameters } };

export const Muted: Story = { parameters: { phone: { calls: [CALLS.muted] } satisfies PhoneParameters } };

/** Pressing Hold and Mute (the scripted phone acts like a real one). */
export const HoldAndMute: Story = {
  play: async ({ canvasElement }) => {
    const harness = controls(canvasElement);
    await harness.click('hold');
    await harness.click('mute');
    await expect(harness.status).toContain('On hold');
  },
};

/** The keypad panel sends DTMF tones on the call. */
export const Keypad: Story = {
  play: async ({ canvasElement }) => {
    const keypad = await controls(canvasElement).keypad();
    await keypad.pressKeys('42');
  },
};

/** A warm transfer in progress: Bob waits on hold while the user talks to Carol, then completes or cancels. */
export const TransferInProgress: Story = {
  parameters: { phone: { calls: [CALLS.connected], script: { ringAfterMs: 10, answerAfterMs: 20 } } satisfies PhoneParameters },
  play: async ({ canvasElement }) => {
    const harness = controls(canvasElement);
    await harness.transfer('carol', 'warm');
    // Carol answers (the script), and the transfer can be completed.
    await waitFor(() => expect(harness.button('complete-transfer')?.disabled).toBe(false));
  },
};

/** The transfer form refuses a target that cannot be dialled, and says why. */
export const TransferError: Story = {
  play: async ({ canvasElement }) => {
    const harness = controls(canvasElement);
    await harness.transfer('not a number!');
    await expect(harness.panelProblem).not.toBe('');
  },
};

/** RingCentral's call features appear when the provider offers them: record, park, flip… */
export const ProviderFeatures: Story = {
  parameters: { phone: { calls: [CALLS.connected], snapshot: { capabilities: ALL_CAPABILITIES } } satisfies PhoneParameters },
};

export const NoProvider: Story = { parameters: { phone: { none: true } satisfies PhoneParameters } };

export const DarkTheme: Story = { globals: { theme: 'dark' } };
