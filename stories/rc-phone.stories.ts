import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { PhoneHarness } from '../src/elements/rc-phone/rc-phone.harness.js';
import { CALLS } from './calls.js';
import { cssControls, cssStyle } from './controls.js';
import { DISCONNECTED, type PhoneParameters, storyElement } from './fake-phone.js';

const css = cssControls('rc-phone');
const phone = (root: HTMLElement): PhoneHarness => new PhoneHarness(storyElement(root, 'rc-phone'));

const meta: Meta = {
  title: 'Elements/<rc-phone>',
  component: 'rc-phone',
  args: { view: 'phone', 'default-country': 'US', ...css.args },
  argTypes: {
    view: { control: 'inline-radio', options: ['phone', 'calls', 'settings'] },
    'default-country': { control: 'text', description: 'ISO 3166 country for national numbers.', table: { category: 'attributes' } },
    ...css.argTypes,
  },
  render: (args) => html`<rc-phone view=${args['view']} default-country=${args['default-country']} style=${cssStyle(args)}></rc-phone>`,
};
export default meta;
type Story = StoryObj;

/** Ready to call: the dialpad. */
export const Idle: Story = {};

/** Calling Bob: the scripted phone rings and answers after a moment, like a real callee. */
export const PlaceACall: Story = {
  play: async ({ canvasElement }) => {
    const dialpad = phone(canvasElement).dialpad;
    await dialpad.type('bob');
    await dialpad.call();
  },
};

export const Dialing: Story = { parameters: { phone: { calls: [CALLS.dialing], script: {} } satisfies PhoneParameters } };

export const RingingOut: Story = { parameters: { phone: { calls: [CALLS.ringingOut], script: {} } satisfies PhoneParameters } };

/** An incoming call: the banner takes over. */
export const RingingIn: Story = { parameters: { phone: { calls: [CALLS.ringingIn] } satisfies PhoneParameters } };

export const Connected: Story = {
  parameters: { phone: { calls: [CALLS.connected] } satisfies PhoneParameters },
  play: async ({ canvasElement }) => {
    await expect(phone(canvasElement).callControls.status).toContain('Connected');
  },
};

export const Held: Story = { parameters: { phone: { calls: [CALLS.held] } satisfies PhoneParameters } };

export const Muted: Story = { parameters: { phone: { calls: [CALLS.muted] } satisfies PhoneParameters } };

/** The Calls view: live calls and recent calls. */
export const CallsView: Story = { args: { view: 'calls' }, parameters: { phone: { calls: [CALLS.heldCarol, CALLS.connected] } satisfies PhoneParameters } };

/** The Settings view: audio devices. */
export const SettingsView: Story = { args: { view: 'settings' } };

/** Not connected to the server. */
export const NotConnected: Story = { parameters: { phone: { snapshot: DISCONNECTED } satisfies PhoneParameters } };

/** Without a provider, and without `server`/`uri` of its own. */
export const NoProvider: Story = { parameters: { phone: { none: true } satisfies PhoneParameters } };

export const DarkTheme: Story = { globals: { theme: 'dark' }, parameters: Connected.parameters };

/** Theming with tokens: a brand colour and rounder corners, on the element itself. */
export const BrandColours: Story = {
  render: (args) =>
    html`<rc-phone view=${args['view']} style="--rc-color-primary: #0b6e4f; --rc-color-focus-ring: #0b6e4f; --rc-radius: 1rem; ${cssStyle(args)}"></rc-phone>`,
};
