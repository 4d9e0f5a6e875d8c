// The entry of the CDN bundle (dist/cdn/rc-phone-kit.min.js): `<script type="module" src="…">`
// registers every element, and `import { Phone } from '…/rc-phone-kit.min.js'` gives the API.
export * from './index.js';
import './define.js';
