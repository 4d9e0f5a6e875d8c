import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { DevicePickerHarness } from '../src/elements/rc-device-picker/rc-device-picker.harness.js';
import { CALLS } from './calls.js';
import { cssControls, cssStyle } from './controls.js';
import { fakeMediaDevices, type PhoneParameters, storyElement } from './fake-phone.js';

const css = cssControls('rc-device-picker');
const picker = (root: HTMLElement): DevicePickerHarness => new DevicePickerHarness(storyElement(root, 'rc-device-picker'));

const meta: Meta = {
  title: 'Elements/<rc-device-picker>',
  component: 'rc-device-picker',
  args: { kinds: 'microphone speaker ringer', disabled: false, denied: false, ...css.args },
  argTypes: {
    kinds: { control: 'text', description: 'Which choices to show: any of `microphone speaker ringer`.' },
    denied: { control: 'boolean', description: 'Story only: the fake browser refuses the microphone.', table: { category: 'story' } },
    ...css.argTypes,
  },
  // Fake devices with names: the story never asks for the real microphone.
  render: (args) =>
    html`<rc-device-picker
      kinds=${args['kinds']}
      ?disabled=${args['disabled']}
      .mediaDevices=${fakeMediaDevices({ denied: Boolean(args['denied']) })}
      style=${cssStyle(args)}
    ></rc-device-picker>`,
};
export default meta;
type Story = StoryObj;

/** Microphone, speaker and ringer, with test buttons. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const harness = picker(canvasElement);
    await waitFor(() => expect(harness.options('microphone').length).toBeGreaterThan(1));
  },
};

/** Choosing another microphone during a call swaps it without dropping the call. */
export const DuringACall: Story = {
  parameters: { phone: { calls: [CALLS.connected] } satisfies PhoneParameters },
  play: async ({ canvasElement }) => {
    const harness = picker(canvasElement);
    await waitFor(() => expect(harness.options('microphone').some((option) => option.value === 'headset-mic')).toBe(true));
    await harness.selectDevice('microphone', 'headset-mic');
  },
};

/** Only the microphone. */
export const MicrophoneOnly: Story = { args: { kinds: 'microphone' } };

/** The browser refused the microphone: devices have no names, and asking again fails. */
export const MicrophoneDenied: Story = {
  args: { denied: true },
  play: async ({ canvasElement }) => {
    const harness = picker(canvasElement);
    const allow = (): HTMLButtonElement | null | undefined => harness.element.shadowRoot?.querySelector<HTMLButtonElement>('[part~="allow-button"]');
    await waitFor(() => expect(allow()).toBeTruthy());
    allow()?.click();
    // The picker says why the devices have no names.
    await waitFor(() => expect(harness.element.shadowRoot?.querySelector('[role="alert"]')?.textContent).toContain('denied'));
  },
};

export const Disabled: Story = { args: { disabled: true } };

export const NoProvider: Story = { parameters: { phone: { none: true } satisfies PhoneParameters } };

export const DarkTheme: Story = { globals: { theme: 'dark' } };
