import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import type { CallQuality } from '../src/core/quality/quality.js';
import { CallQualityHarness } from '../src/elements/rc-call-quality/rc-call-quality.harness.js';
import { CALLS } from './calls.js';
import { cssControls, cssStyle } from './controls.js';
import { storyElement, type PhoneParameters } from './fake-phone.js';

const css = cssControls('rc-call-quality');
const indicator = (root: HTMLElement): CallQualityHarness => new CallQualityHarness(storyElement(root, 'rc-call-quality'));

const measured = (patch: Partial<CallQuality> = {}): CallQuality => ({
  at: 0,
  mos: 4.38,
  rtt: 38,
  jitter: 2.1,
  packetLoss: 0,
  bytesSent: 120_000,
  bytesReceived: 118_000,
  audioLevelIn: 0.2,
  audioLevelOut: 0.3,
  route: { local: 'host', remote: 'host', protocol: 'udp', relayProtocol: undefined },
  codec: 'audio/opus',
  ...patch,
});

const meta: Meta = {
  title: 'Elements/<rc-call-quality>',
  component: 'rc-call-quality',
  args: { ...css.args },
  argTypes: { ...css.argTypes },
  parameters: { phone: { calls: [{ ...CALLS.connected, quality: measured() }] } satisfies PhoneParameters },
  render: (args) => html`<rc-call-quality style=${cssStyle(args)}></rc-call-quality>`,
};
export default meta;
type Story = StoryObj;

/** A clean call: four bars; the button opens the figures. */
export const Excellent: Story = {
  play: async ({ canvasElement }) => {
    const harness = indicator(canvasElement);
    await harness.openDetails();
    await expect(harness.figure('mos')).toBe('4.38');
  },
};

/** 10 % loss through a TURN relay: two bars. */
export const Lossy: Story = {
  parameters: {
    phone: {
      calls: [
        {
          ...CALLS.connected,
          quality: measured({ mos: 3.15, packetLoss: 0.1, route: { local: 'relay', remote: 'host', protocol: 'udp', relayProtocol: 'udp' } }),
          warnings: ['high-packet-loss', 'low-mos'],
        },
      ],
    } satisfies PhoneParameters,
  },
};

/** The microphone sends silence while not muted: a hint for the user. */
export const MicrophoneSilent: Story = {
  parameters: { phone: { calls: [{ ...CALLS.connected, quality: measured(), warnings: ['microphone-silent'] }] } satisfies PhoneParameters },
};

/** In a follower tab: the leader tab, in the background, waits for its microphone until the user opens it (Firefox). */
export const MicrophoneWaiting: Story = {
  parameters: { phone: { calls: [{ ...CALLS.connected, warnings: ['microphone-waiting'] }] } satisfies PhoneParameters },
};

/** No call: nothing is shown. */
export const Idle: Story = { parameters: { phone: { calls: [] } satisfies PhoneParameters } };
