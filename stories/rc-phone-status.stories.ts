import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { PhoneStatusHarness } from '../src/elements/rc-phone-status/rc-phone-status.harness.js';
import { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from '../src/core/states.js';
import { cssControls, cssStyle } from './controls.js';
import { storyElement, type PhoneParameters } from './fake-phone.js';

const css = cssControls('rc-phone-status');
const status = (root: HTMLElement): PhoneStatusHarness => new PhoneStatusHarness(storyElement(root, 'rc-phone-status'));
const bob = { displayName: 'Bob Example', user: '+16504223279', uri: 'sip:+16504223279@example.com' };

const meta: Meta = {
  title: 'Elements/<rc-phone-status>',
  component: 'rc-phone-status',
  // Outcomes stay while the docs page is read.
  args: { 'outcome-duration': 600000, ...css.args },
  argTypes: {
    'outcome-duration': { control: 'number', description: 'How long a call’s outcome stays, in ms.', table: { category: 'attributes' } },
    ...css.argTypes,
  },
  render: (args) => html`<rc-phone-status outcome-duration=${String(args['outcome-duration'])} style=${`width: 22rem; ${cssStyle(args)}`}></rc-phone-status>`,
};
export default meta;
type Story = StoryObj;

/** A wrong password: the server answered the REGISTER 403. */
export const WrongPassword: Story = {
  parameters: {
    phone: {
      snapshot: { registration: RegistrationState.Failed },
      problem: { code: 'registration-rejected', message: 'The server rejected the sign-in.' },
    } satisfies PhoneParameters,
  },
  play: async ({ canvasElement }) => {
    await expect(status(canvasElement).title).toBe('Wrong user name or password');
  },
};

/** The server cannot be reached: Try again connects again. */
export const ServerUnreachable: Story = {
  parameters: {
    phone: {
      snapshot: { connection: ConnectionState.Disconnected, registration: RegistrationState.Unregistered },
      problem: { code: 'server-unreachable', message: 'The phone server cannot be reached.' },
    } satisfies PhoneParameters,
  },
};

/** The microphone is blocked for the site. */
export const MicrophoneBlocked: Story = {
  parameters: { phone: { problem: { code: 'microphone-denied', message: 'Microphone access was denied.' } } satisfies PhoneParameters },
};

/** The connection dropped; the phone is trying again. */
export const Reconnecting: Story = {
  parameters: {
    phone: {
      snapshot: { connection: ConnectionState.Reconnecting, connectionAttempt: 2, registration: RegistrationState.Unregistered },
    } satisfies PhoneParameters,
  },
};

/** The callee was busy (486): the outcome, with Call again. */
export const Busy: Story = {
  parameters: {
    phone: {
      calls: [{ direction: CallDirection.Outbound, state: CallState.Ended, endReason: CallEndReason.Busy, endCode: 'busy', startedAt: undefined, remote: bob }],
    } satisfies PhoneParameters,
  },
  play: async ({ canvasElement }) => {
    await expect(status(canvasElement).outcome).toBe('Busy');
  },
};

/** An answered call ended: its duration. */
export const CallEnded: Story = {
  parameters: {
    phone: {
      calls: [
        {
          direction: CallDirection.Inbound,
          state: CallState.Ended,
          endReason: CallEndReason.RemoteHangup,
          startedAt: Date.now() - 95_000,
          endedAt: Date.now(),
          remote: bob,
        },
      ],
    } satisfies PhoneParameters,
  },
};

/** All is well: nothing shows. */
export const Ready: Story = {};

export const NoProvider: Story = { parameters: { phone: { none: true } satisfies PhoneParameters } };
