import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { cssControls, cssStyle } from './controls.js';

const css = cssControls('rc-preflight');

// Its test needs a real provider (a phone of its own that registers): the story shows the
// button; the report is exercised in test/e2e/preflight.test.ts.
const meta: Meta = {
  title: 'Elements/<rc-preflight>',
  component: 'rc-preflight',
  args: { 'echo-target': '', ...css.args },
  argTypes: {
    'echo-target': { control: 'text', description: 'An extension that echoes audio: the test calls it.', table: { category: 'attributes' } },
    ...css.argTypes,
  },
  render: (args) => html`<rc-preflight echo-target=${args['echo-target']} style=${cssStyle(args)}></rc-preflight>`,
};
export default meta;
type Story = StoryObj;

/** The "Test my setup" button. */
export const Ready: Story = {};
