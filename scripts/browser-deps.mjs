// How the kit's two bundled dependencies, sip.js and @ringcentral/sdk, are built for
// browsers. Shared by the official build (rollup.config.mjs), the test runner
// (test/rig/sipjs-plugin.mjs) and the bench (scripts/bench/), so that the tests and the
// bench run what ships.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import { sipjsAllowUpdateRollup } from './sipjs-allow-update.mjs';
import { sipjsGrammarRollup } from './sipjs-grammar.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const shims = join(root, 'src', 'providers', 'ringcentral');

/**
 * @ringcentral/sdk for browsers: its ES build's `SDK.js` (its `index.js` wires in node-fetch
 * and a Node storage), with two modules the kit never runs replaced by stubs that throw:
 * Node's `crypto`, imported only for PKCE, which the kit makes with WebCrypto (pkce.ts), and
 * the SDK's `Discovery`, built only for `enableDiscovery: true`, which the kit never passes.
 */
export function ringcentralForBrowsers() {
  const sdk = join(dirname(require.resolve('@ringcentral/sdk/package.json')), 'es6');
  const platform = join(sdk, 'platform', 'Platform.js');
  return {
    name: 'rc-ringcentral-browser',
    resolveId(source, importer) {
      if (source === '@ringcentral/sdk') return join(sdk, 'SDK.js');
      if (source === 'crypto') return join(shims, 'crypto-shim.ts');
      if (source === './Discovery' && importer === platform) return join(shims, 'discovery-shim.ts');
      return null;
    },
  };
}

const USER_AGENT = /sip\.js[\\/]lib[\\/]api[\\/]user-agent\.js$/;
const INDEX = /sip\.js[\\/]lib[\\/]index\.js$/;
const NO_WEB_TRANSPORT = '\0rc-sipjs-no-web-transport';
const WEB = '\0rc-sipjs-web';

/**
 * sip.js 0.21 as the kit ships it: its parser decodes its table once (scripts/sipjs-grammar.mjs,
 * ~12 ms of each call's setup), its Allow header lists UPDATE, which the kit answers
 * (scripts/sipjs-allow-update.mjs), and what the kit never runs is left out: the UserAgent's
 * default WebSocket transport (the kit always passes its own, src/core/sip/websocket-transport.ts)
 * and, of the `Web` namespace, all but the session description handler and its modifiers. A
 * namespace is one object once bundled, so an app's bundler could not drop its unused
 * members (SimpleUser, SessionManager, the transport) from dist/vendor/sip.js.
 */
export function sipjsForBrowsers() {
  const grammar = sipjsGrammarRollup();
  const allow = sipjsAllowUpdateRollup();
  return {
    name: 'rc-sipjs-browser',
    resolveId(source, importer) {
      if (!importer) return null;
      if (source === '../platform/web/transport/transport.js' && USER_AGENT.test(importer)) return NO_WEB_TRANSPORT;
      if (source === './platform/web/index.js' && INDEX.test(importer)) return `${WEB}:${dirname(importer)}`;
      return null;
    },
    load(id) {
      if (id === NO_WEB_TRANSPORT)
        return "export class Transport {\n  constructor() {\n    throw new Error('rc-phone-kit: sip.js\\'s own transport is not bundled; the kit passes transportConstructor.');\n  }\n}\n";
      if (id.startsWith(`${WEB}:`)) {
        const web = join(id.slice(WEB.length + 1), 'platform', 'web');
        return ['modifiers', 'session-description-handler'].map((dir) => `export * from ${JSON.stringify(join(web, dir, 'index.js'))};\n`).join('');
      }
      return null;
    },
    transform(code, id) {
      return grammar.transform.call(this, code, id) ?? allow.transform.call(this, code, id);
    },
  };
}

/** dist/vendor/sip.js, built in memory (one ES module, not minified): for the test runner and the bench. */
export async function bundleSipjs() {
  const build = await rollup({ input: 'sip.js', plugins: [sipjsForBrowsers(), nodeResolve({ browser: true })] });
  try {
    const { output } = await build.generate({ format: 'es' });
    return output[0].code;
  } finally {
    await build.close();
  }
}
