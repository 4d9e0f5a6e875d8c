import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';

const meta: Meta = { title: 'Tmp/Dialpad', component: 'rc-dialpad' };
export default meta;
export const Idle: StoryObj = { render: () => html`<rc-dialpad></rc-dialpad>` };
