import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { ErrorCode } from '../src/core/errors.js';
import { LoginHarness } from '../src/elements/rc-login/rc-login.harness.js';
import { cssControls, cssStyle } from './controls.js';
import { SIGNED_IN, storyError, type PhoneParameters, storyElement } from './fake-phone.js';

const css = cssControls('rc-login');
const login = (root: HTMLElement): LoginHarness => new LoginHarness(storyElement(root, 'rc-login'));

const meta: Meta = {
  title: 'Elements/<rc-login>',
  component: 'rc-login',
  args: { ...css.args },
  argTypes: { ...css.argTypes },
  // A fake RingCentral sign-in: Sign in takes a second and succeeds.
  parameters: { phone: { auth: {} } satisfies PhoneParameters },
  render: (args) => html`<rc-login style=${cssStyle(args)}></rc-login>`,
};
export default meta;
type Story = StoryObj;

export const SignedOut: Story = {};

/** Pressing Sign in: "Signing in…", then signed in. */
export const SigningIn: Story = {
  play: async ({ canvasElement }) => {
    await login(canvasElement).login();
  },
};

/** Signed in, with a choice of caller ID for outgoing calls. */
export const SignedIn: Story = {
  parameters: { phone: { auth: SIGNED_IN } satisfies PhoneParameters },
  play: async ({ canvasElement }) => {
    await expect(login(canvasElement).user).toContain('Alice Example');
  },
};

/** Signing in failed: what went wrong, and what to do. */
export const SignInFailed: Story = {
  parameters: {
    phone: {
      auth: { error: storyError(ErrorCode.CredentialsFailed, 'RingCentral refused the sign-in: this user has no phone line (SPR-101).') },
    } satisfies PhoneParameters,
  },
  play: async ({ canvasElement }) => {
    await expect(login(canvasElement).error).not.toBe('');
  },
};

/** No provider that needs a sign-in (plain SIP or app tokens): disabled. */
export const NoProvider: Story = { parameters: { phone: { none: true } satisfies PhoneParameters } };

export const DarkTheme: Story = { globals: { theme: 'dark' }, parameters: SignedIn.parameters };
