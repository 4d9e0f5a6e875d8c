// The local phone system behind `npm start`, the examples and their tests: the project's
// Kamailio, the RingCentral emulator, the reference token server, and a Vite server for
// the demo pages (demo/) and the framework examples (examples/), all on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { createServer } from 'vite';
import { startTokenServer } from '../examples/token-server/server.mjs';
import { startRingCentralEmulator } from '../test/emulators/ringcentral/server.mjs';
import { accounts, Kamailio } from '../test/rig/kamailio.mjs';
import { ringcentralOptions } from '../test/rig/ringcentral.mjs';
import { kitSources, ringcentralAliases } from './vite-kit.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The emulator's public OAuth client for PKCE (no secret), see test/emulators/ringcentral. */
const RINGCENTRAL_CLIENT_ID = 'rc-kit-test-client';
const DEMO_USERS = ['alice', 'bob'];

/** The pages, for Vite's dependency scan (so no dependency is discovered late, which reloads the page). */
const PAGES = [
  'demo/index.html',
  'demo/ringcentral.html',
  'demo/token.html',
  'examples/ringcentral/callback.html',
  'examples/html/index.html',
  'examples/react/index.html',
  'examples/vue/index.html',
];

/**
 * Serves `/demo-config.json`: where the phone system is and the demo accounts. The
 * passwords are the public test accounts of test/kamailio/accounts.json; a real app gets
 * credentials from its own backend (see the token example).
 */
function demoConfig(config) {
  return {
    name: 'rc-demo-config',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
        if (path === '/') {
          res.writeHead(302, { Location: '/demo/' }).end();
          return;
        }
        if (path !== '/demo-config.json') return next();
        res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(config));
      });
    },
  };
}

/**
 * Starts everything. `port` 0 picks a free port (tests); `logLevel` is Vite's.
 * Resolves with the page URL and `close()`, which stops all of it.
 */
export async function startDemo({ port = 0, logLevel = 'warn' } = {}) {
  const logDir = mkdtempSync(join(tmpdir(), 'rc-phone-kit-demo-'));
  const started = [];
  const stopAll = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    started.length = 0;
  };
  // The logs are kept when starting fails: the error names them.
  const close = async () => {
    await stopAll();
    rmSync(logDir, { recursive: true, force: true });
  };
  try {
    const kamailio = new Kamailio({ name: 'demo', logFile: join(logDir, 'kamailio.log') });
    await kamailio.start();
    started.push(() => kamailio.stop());

    const ringcentral = await startRingCentralEmulator(ringcentralOptions(kamailio.url, kamailio.url));
    started.push(() => ringcentral.close());

    // The reference app backend (dev mode: the test secret, users alice/bob), proxied at
    // /api so it is same-origin with the pages and its session cookie just works.
    const tokenServer = await startTokenServer({ sipServer: kamailio.url, dev: true, log: () => undefined });
    started.push(() => tokenServer.close());

    const config = {
      sipServer: kamailio.url,
      domain: accounts.domain,
      accounts: accounts.accounts.filter((account) => DEMO_USERS.includes(account.user)),
      ringcentral: { server: ringcentral.url, clientId: RINGCENTRAL_CLIENT_ID },
      tokenUrl: '/api/sip-token',
      tokenLoginUrl: '/api/login',
    };

    const vite = await createServer({
      root,
      configFile: false,
      logLevel,
      clearScreen: false,
      plugins: [kitSources(), vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('rc-') } } }), demoConfig(config)],
      resolve: { alias: ringcentralAliases },
      optimizeDeps: { entries: PAGES },
      server: {
        host: '127.0.0.1',
        port,
        strictPort: port !== 0,
        // No CORS headers: only the demo's own pages call it.
        cors: false,
        hmr: { host: '127.0.0.1' },
        watch: { ignored: ['**/dist/**', '**/storybook-static/**', '**/test-results/**', '**/node_modules/**'] },
        proxy: { '/api': { target: tokenServer.url, rewrite: (path) => path.slice('/api'.length) } },
      },
    });
    started.push(() => vite.close());
    await vite.listen();
    const address = vite.httpServer.address();
    const url = `http://127.0.0.1:${address.port}`;

    return { url, kamailio, ringcentral, tokenServer, vite, logDir, close };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
