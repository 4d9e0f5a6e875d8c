// Vite settings shared by the demo and examples server (scripts/demo-server.mjs) and
// Storybook (.storybook/main.ts): how `rc-phone-kit/…` imports and the RingCentral SDK
// resolve when the kit is served from its TypeScript sources.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** `./dist/x/y.js` → the source it is built from (`src/x/y.ts`, or a plain `.js` source). */
function sourceOf(target) {
  const base = join(root, target.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, ''));
  return [`${base}.ts`, `${base}.js`].find(existsSync);
}

/**
 * Resolves `rc-phone-kit` and its subpaths through package.json `exports` to the sources,
 * so examples import the package exactly as an app does, with no build step.
 */
export function kitSources() {
  const { name, exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const map = new Map();
  for (const [key, value] of Object.entries(exports)) {
    const target = typeof value === 'string' ? value : value.default;
    if (key.includes('*') || !target?.endsWith('.js')) continue;
    const source = sourceOf(target);
    if (source) map.set(key === '.' ? name : `${name}/${key.slice(2)}`, source);
  }
  return {
    name: 'rc-kit-sources',
    enforce: 'pre',
    resolveId(source) {
      if (map.has(source)) return map.get(source);
      // "./themes/*": the stylesheets.
      if (source.startsWith(`${name}/themes/`)) return join(root, 'src', 'themes', source.slice(name.length + 8));
      return null;
    },
  };
}

/**
 * @ringcentral/sdk in the browser: its ES build's `SDK.js` (its `index.js` wires in
 * node-fetch), with Node's `crypto` mapped to the kit's stub (PKCE is made with WebCrypto,
 * see src/providers/ringcentral/crypto-shim.ts). rollup.config.mjs does the same.
 */
export const ringcentralAliases = [
  { find: /^@ringcentral\/sdk$/, replacement: join(dirname(require.resolve('@ringcentral/sdk/package.json')), 'es6', 'SDK.js') },
  { find: /^crypto$/, replacement: join(root, 'src', 'providers', 'ringcentral', 'crypto-shim.ts') },
];
