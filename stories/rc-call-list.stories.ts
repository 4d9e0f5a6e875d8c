import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { clearRecentCalls, recentCalls } from '../src/services/recent-calls.js';
import { CallDirection } from '../src/core/states.js';
import { CallListHarness } from '../src/elements/rc-call-list/rc-call-list.harness.js';
import { CALLS } from './calls.js';
import { cssControls, cssStyle } from './controls.js';
import { storyElement, type PhoneParameters } from './fake-phone.js';

const css = cssControls('rc-call-list');
const list = (root: HTMLElement): CallListHarness => new CallListHarness(storyElement(root, 'rc-call-list'));
/** The fake phone's own address: recent calls are kept per account. */
const ACCOUNT = 'sip:me@example.com';

/** Puts a missed call and an answered one in the recent-calls log (the browser's localStorage). */
function seedRecentCalls(): () => void {
  clearRecentCalls(ACCOUNT);
  const log = recentCalls(ACCOUNT);
  const now = Date.now();
  log.add({
    id: 'r1',
    direction: CallDirection.Inbound,
    displayName: 'Dave',
    user: 'dave',
    uri: 'sip:dave@pbx.example.com',
    createdAt: now - 7_200_000,
    startedAt: undefined,
    endedAt: now - 7_190_000,
  });
  log.add({
    id: 'r2',
    direction: CallDirection.Outbound,
    displayName: 'Erin',
    user: '+16505550105',
    uri: 'sip:+16505550105@pbx.example.com',
    createdAt: now - 3_600_000,
    startedAt: now - 3_590_000,
    endedAt: now - 3_400_000,
  });
  return () => clearRecentCalls(ACCOUNT);
}

const meta: Meta = {
  title: 'Elements/<rc-call-list>',
  component: 'rc-call-list',
  args: { 'max-recent': 20, 'hide-recent': false, ...css.args },
  argTypes: { ...css.argTypes },
  beforeEach: () => clearRecentCalls(ACCOUNT),
  render: (args) => html`<rc-call-list max-recent=${args['max-recent']} ?hide-recent=${args['hide-recent']} style=${cssStyle(args)}></rc-call-list>`,
};
export default meta;
type Story = StoryObj;

/** No live calls and an empty log. */
export const Idle: Story = {};

/** One call connected, one on hold, one ringing: each with the actions that fit it. */
export const SeveralCalls: Story = {
  parameters: { phone: { calls: [CALLS.heldCarol, CALLS.connected, CALLS.secondRinging] } satisfies PhoneParameters },
  play: async ({ canvasElement }) => {
    await expect(list(canvasElement).activeItems.length).toBe(3);
  },
};

/** The log of recent calls, with a missed call and Call back. */
export const RecentCalls: Story = {
  beforeEach: seedRecentCalls,
  play: async ({ canvasElement }) => {
    await expect(list(canvasElement).recentItems.length).toBe(2);
  },
};

/** Only live calls (`hide-recent`). */
export const LiveCallsOnly: Story = { args: { 'hide-recent': true }, parameters: SeveralCalls.parameters };

export const NoProvider: Story = { parameters: { phone: { none: true } satisfies PhoneParameters } };

export const DarkTheme: Story = { globals: { theme: 'dark' }, beforeEach: seedRecentCalls, parameters: SeveralCalls.parameters };
