// A tiny static server for the bench pages on 127.0.0.1: the page module is bundled
// from TypeScript by esbuild in memory; built bundles are served from memory as given.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleSipjs } from '../browser-deps.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The kit's modules (src/) get sip.js as the package ships it (dist/vendor/sip.js, with its
 * parser fix); the page's plain sip.js parties get sip.js from node_modules, untouched.
 */
async function sipjsAsShipped() {
  const contents = await bundleSipjs();
  return {
    name: 'rc-sipjs-as-shipped',
    setup(b) {
      b.onResolve({ filter: /^sip\.js$/ }, (args) => (args.importer.startsWith(`${root}src/`) ? { path: 'sip.js', namespace: 'rc-vendor' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'rc-vendor' }, () => ({ contents, loader: 'js' }));
    },
  };
}

/**
 * Bundles scripts/bench/page/calls.ts (with the kit and sip.js) for the browser, as an
 * app's bundler would. Code the kit loads with import() (the RingCentral provider,
 * locales) goes into chunks of its own. Resolves with URL path → file.
 */
export async function bundlePage() {
  const result = await build({
    entryPoints: { calls: fileURLToPath(new URL('./page/calls.ts', import.meta.url)) },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    outdir: '/',
    write: false,
    // Node built-ins named by lazily loaded SDK code that the bench never loads.
    external: ['crypto'],
    // The decorators settings (experimentalDecorators, no define semantics) come from here.
    tsconfig: `${root}tsconfig.json`,
    plugins: [await sipjsAsShipped()],
    logLevel: 'warning',
  });
  return new Map(result.outputFiles.map((file) => [file.path, js(file.text)]));
}

/**
 * Serves `files` (path → { type, body }) with no caching, so every page load parses the
 * modules afresh. Resolves with the server and its origin.
 */
export function serve(files) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files.get(path);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.type, 'Cache-Control': 'no-store' }).end(file.body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

export const page = (title, script) => ({
  type: 'text/html; charset=utf-8',
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${script}</body></html>`,
});

export const js = (body) => ({ type: 'text/javascript; charset=utf-8', body });
