// @web/dev-server plugin: JsSIP (npm `jssip`, CommonJS) for the independent far end of the
// interop tests (test/e2e/fixtures/jssip-peer.ts). Bundled once, in memory, as an ES module
// with its named exports; only test code imports it, never the kit.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SERVED_AT = '/__rig/jssip.js';
const root = fileURLToPath(new URL('../..', import.meta.url));

async function bundleJssip() {
  const result = await build({
    stdin: {
      contents: "import * as JsSIP from 'jssip'; export const { UA, WebSocketInterface, debug, version } = JsSIP;",
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

export function jssipPlugin() {
  let bundle;
  return {
    name: 'rc-rig-jssip',
    resolveImport({ source }) {
      return source === 'jssip' ? SERVED_AT : undefined;
    },
    async serve(context) {
      if (context.path !== SERVED_AT) return undefined;
      bundle ??= bundleJssip();
      return { body: await bundle, type: 'js' };
    },
  };
}
