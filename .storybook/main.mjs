// Storybook: stories in stories/, driven by a scripted fake phone (stories/fake-phone.ts),
// so no SIP server is needed. Docs pages and controls come from custom-elements.json.
import { mergeConfig } from 'vite';
import { kitSources, ringcentralAliases } from '../scripts/vite-kit.mjs';

// Storybook fetches release notes and version checks from the internet; this project's
// machines have no internet, and a developer's Storybook has no business phoning home.
// Only loopback requests are let through in this (the dev server's) process.
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return realFetch(input, init);
  return Promise.reject(new Error(`rc-phone-kit Storybook: no internet requests (${url.origin})`));
};

/** @type {import('@storybook/web-components-vite').StorybookConfig} */
export default {
  framework: { name: '@storybook/web-components-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (config) =>
    mergeConfig(config, {
      plugins: [kitSources()],
      resolve: { alias: ringcentralAliases },
      // Static build only: a smaller log, no browserslist look-ups.
      build: { chunkSizeWarningLimit: 4096 },
    }),
};
