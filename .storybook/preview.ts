import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/define.js';
import '../src/themes/light.css';
import '../src/themes/dark.css';
import { withFakePhone } from '../stories/fake-phone.js';
import './preview.css';

// Docs pages and the attribute/event/slot/part tables come from the analyzer's manifest.
setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withFakePhone],
  globalTypes: {
    theme: {
      description: 'The kit theme the story is pinned to',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    controls: { expanded: true, sort: 'requiredFirst' },
    // Accessibility violations fail the story in the a11y addon's test mode.
    a11y: { test: 'error' },
  },
};

export default preview;
