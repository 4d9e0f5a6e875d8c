// @web/dev-server plugin: the kit's modules (src/) get sip.js as the package ships it
// (dist/vendor/sip.js, see scripts/browser-deps.mjs), built in memory on first request, so
// the tests run the parser fix and the kit's transport-only UserAgent. Test code that
// plays a plain sip.js far end (test/e2e/*-peer.ts…) keeps sip.js from node_modules.
import { bundleSipjs } from '../../scripts/browser-deps.mjs';

const SERVED_AT = '/__rc-phone-kit/sip.js';

export function sipjsPlugin() {
  let bundle;
  return {
    name: 'rc-phone-kit-sipjs',
    resolveImport({ source, context }) {
      return source === 'sip.js' && context.path.startsWith('/src/') ? SERVED_AT : undefined;
    },
    async serve(context) {
      if (context.path !== SERVED_AT) return undefined;
      bundle ??= bundleSipjs();
      return { body: await bundle, type: 'js' };
    },
  };
}
