import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { DialpadHarness } from '../src/elements/rc-dialpad/rc-dialpad.harness.js';
import { CALLS } from './calls.js';
import { cssControls, cssStyle } from './controls.js';
import { DISCONNECTED, type PhoneParameters, storyElement } from './fake-phone.js';

const css = cssControls('rc-dialpad');
const dialpad = (root: HTMLElement): DialpadHarness => new DialpadHarness(storyElement(root, 'rc-dialpad'));

const meta: Meta = {
  title: 'Elements/<rc-dialpad>',
  component: 'rc-dialpad',
  args: { value: '', mode: 'auto', 'default-country': 'US', disabled: false, silent: true, ...css.args },
  argTypes: {
    mode: { control: 'inline-radio', options: ['auto', 'dial', 'dtmf'] },
    'default-country': { control: 'text', description: 'ISO 3166 country for national numbers.', table: { category: 'attributes' } },
    ...css.argTypes,
  },
  render: (args) =>
    html`<rc-dialpad
      .value=${args['value']}
      mode=${args['mode']}
      default-country=${args['default-country']}
      ?disabled=${args['disabled']}
      ?silent=${args['silent']}
      style=${cssStyle(args)}
    ></rc-dialpad>`,
};
export default meta;
type Story = StoryObj;

/** Connected and registered: type or click a number, a user name, or paste a `tel:` link. */
export const Idle: Story = {};

/** The user typed a number (pressing keys, as a person would). */
export const NumberTyped: Story = {
  play: async ({ canvasElement }) => {
    const harness = dialpad(canvasElement);
    await harness.pressKeys('6504223279');
    await expect(harness.input.value).toBe('6504223279');
  },
};

/** Pressing Call: the scripted phone's call goes dialing → ringing → connected, and the keys then send tones. */
export const Dialing: Story = {
  parameters: { phone: { script: { ringAfterMs: 60_000 } } satisfies PhoneParameters },
  play: async ({ canvasElement }) => {
    const harness = dialpad(canvasElement);
    await harness.type('bob');
    await harness.call();
  },
};

/** During a connected call the keys send DTMF tones (`mode="auto"`). */
export const SendingTones: Story = {
  parameters: { phone: { calls: [CALLS.connected] } satisfies PhoneParameters },
  play: async ({ canvasElement }) => {
    await dialpad(canvasElement).pressKeys('12#');
  },
};

/** Something that cannot be dialled: an inline message, and an `rc-error` (`invalid-target`). */
export const InvalidNumber: Story = {
  play: async ({ canvasElement }) => {
    const harness = dialpad(canvasElement);
    await harness.type('not a number!');
    await harness.call();
    await expect(harness.message).not.toBe('');
  },
};

/** Not connected to the server: the keys still type, calling waits. */
export const NotConnected: Story = { parameters: { phone: { snapshot: DISCONNECTED } satisfies PhoneParameters } };

/** No `<rc-phone-provider>` around it: disabled, and it says why. */
export const NoProvider: Story = { parameters: { phone: { none: true } satisfies PhoneParameters } };

export const Disabled: Story = { args: { disabled: true } };

export const DarkTheme: Story = { globals: { theme: 'dark' } };

/** Custom properties: bigger keys, a brand colour. */
export const Styled: Story = { args: { '--rc-dialpad-key-size': '4.5rem', '--rc-dialpad-key-background': '#dbeafe', '--rc-dialpad-gap': '1rem' } };
