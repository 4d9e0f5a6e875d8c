import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import '../src/define.js';

// Docs pages and the attribute/event/slot/part tables come from the analyzer's manifest.
setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true, sort: 'requiredFirst' },
    // Accessibility violations fail the story in the a11y addon's test mode.
    a11y: { test: 'error' },
  },
};

export default preview;
