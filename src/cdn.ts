// The entry of the CDN bundle (dist/cdn/rc-phone-kit.min.js): `<script type="module" src="…">`
// registers every element, and `import { Phone } from '…/rc-phone-kit.min.js'` gives the API.
export * from './index.js';
import './define.js';

/**
 * Registers the opt-in `<rc-embeddable-bridge>`, which the CDN file leaves out: it comes in a
 * chunk of its own, loaded only when a page calls this (with the ESM build, import
 * `rc-phone-kit/rc-embeddable-bridge.js` instead).
 */
export async function loadEmbeddableBridge(): Promise<void> {
  await import('./elements/rc-embeddable-bridge/rc-embeddable-bridge.js');
}
