// @web/dev-server plugin: serves @ringcentral/sdk to the browser as one ES module.
//
// The SDK's browser entry is CommonJS (lib/SDK.js) that requires Node's `crypto` and
// `events` and reads its package.json with require(): a browser cannot load it as it is.
// esbuild bundles it on first request with `crypto` mapped to the kit's shim
// (src/providers/ringcentral/crypto-shim.ts: PKCE is made with WebCrypto) and `events`
// taken from the `events` package. Production builds need the same two mappings (README).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const CRYPTO_SHIM = fileURLToPath(new URL('../../src/providers/ringcentral/crypto-shim.ts', import.meta.url));
const SERVED_AT = '/__rc-phone-kit/ringcentral-sdk.js';

/** esbuild plugin mapping Node's `crypto` to the kit's shim. */
export const cryptoShim = {
  name: 'rc-phone-kit-crypto-shim',
  setup(b) {
    b.onResolve({ filter: /^crypto$/ }, () => ({ path: CRYPTO_SHIM }));
  },
};

/** The SDK as one browser ES module exporting `SDK`. */
export async function bundleRingCentralSdk() {
  const result = await build({
    stdin: { contents: "export { SDK } from '@ringcentral/sdk';", resolveDir: root, loader: 'js', sourcefile: 'ringcentral-sdk.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    plugins: [cryptoShim],
  });
  return result.outputFiles[0].text;
}

export function ringcentralSdkPlugin() {
  let bundle;
  return {
    name: 'rc-phone-kit-ringcentral-sdk',
    resolveImport({ source }) {
      return source === '@ringcentral/sdk' ? SERVED_AT : undefined;
    },
    async serve(context) {
      if (context.path !== SERVED_AT) return undefined;
      bundle ??= bundleRingCentralSdk();
      return { body: await bundle, type: 'js' };
    },
  };
}
