import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { PhoneParameters } from './fake-phone.js';

/**
 * The provider is the real phone: it needs a SIP server, so these stories show it without
 * one (run `npm start` for two working phones). Its attributes, properties and events are
 * in the table below.
 */
const meta: Meta = {
  title: 'Elements/<rc-phone-provider>',
  component: 'rc-phone-provider',
  // The story's own provider, not the fake one.
  parameters: { phone: { none: true } satisfies PhoneParameters },
  args: { server: '', uri: '', provider: 'sip', 'display-name': '' },
  argTypes: {
    provider: { control: 'inline-radio', options: ['sip', 'token', 'ringcentral'] },
  },
  render: (args) =>
    html`<rc-phone-provider server=${args['server']} uri=${args['uri']} provider=${args['provider']} display-name=${args['display-name']}>
      <rc-phone></rc-phone>
    </rc-phone-provider>`,
};
export default meta;
type Story = StoryObj;

/** Not configured yet: the elements inside render their disconnected state. */
export const NotConfigured: Story = {};
