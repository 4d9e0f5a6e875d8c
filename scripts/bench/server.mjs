// A tiny static server for the bench pages on 127.0.0.1: the page module is bundled
// from TypeScript by esbuild in memory; built bundles are served from memory as given.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Bundles scripts/bench/page/calls.ts (with the kit and sip.js) for the browser. Code the
 * kit loads with import() (the RingCentral provider, locales) goes into chunks of its own,
 * as in a real build. Resolves with URL path → file.
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
    logLevel: 'warning',
    plugins: process.env.HOIST ? [{ name: 'hoist', setup(b) { b.onLoad({ filter: /pegjs[\\/]dist[\\/]grammar\.js$/ }, async (args) => {
      const { readFileSync } = await import('node:fs');
      let t = readFileSync(args.path, 'utf8');
      const start = t.indexOf('    const peg$bytecode = [');
      const end = t.indexOf('\n    ];\n', start) + 7;
      const block = t.slice(start, end);
      t = t.slice(0, start) + t.slice(end);
      t = t.replace('function peg$parse(input, options) {', () => 'function peg$decodeTop(s) { return s.split("").map((ch) => ch.charCodeAt(0) - 32); }\n' + block.replace(/peg\$decode\(/g, () => 'peg$decodeTop(') + '\nfunction peg$parse(input, options) {');
      return { contents: t, loader: 'js' };
    }); } }] : [],
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
