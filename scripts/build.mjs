// `npm run build`: rollup (ESM modules, the browser build of the RingCentral SDK, the CDN
// bundle; see rollup.config.mjs), tsc declarations, editor data from custom-elements.json,
// and a table of what the browser downloads (minified, gzip, brotli).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';
import { cdn, esm, vendor } from '../rollup.config.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

async function bundle(config) {
  const build = await rollup({
    ...config,
    onwarn(warning, warn) {
      // Modules that hold only types (src/events/*) compile to empty modules; that is expected.
      if (warning.code === 'EMPTY_BUNDLE') return;
      config.onwarn ? config.onwarn(warning, warn) : warn(warning);
    },
  });
  try {
    await build.write(config.output);
  } finally {
    await build.close();
  }
}

function declarations() {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) throw new Error('tsc could not emit the declarations');
  // Hand-written declarations (e.g. for a plain JavaScript module) are not emitted by tsc.
  const copy = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) copy(path);
      else if (entry.name.endsWith('.d.ts')) cpSync(path, join(dist, relative(join(root, 'src'), path)));
    }
  };
  copy(join(root, 'src'));
  // tsc leaves `import type {} from '…/events/index.js'` (an import that names nothing) out of
  // the declarations, and with it the kit's entries in HTMLElementEventMap: a declaration that
  // names one (the React wrappers' `on…` props) gets the import back.
  for (const path of filesUnder(dist).filter((file) => file.endsWith('.d.ts'))) {
    const text = readFileSync(path, 'utf8');
    if (!/EventMap\[["']rc-/.test(text) || /from ['"][./]*events\/index\.js['"]/.test(text) || path.startsWith(join(dist, 'events'))) continue;
    const events = relative(dirname(path), join(dist, 'events', 'index.js'))
      .split('\\')
      .join('/');
    writeFileSync(path, `import type {} from '${events.startsWith('.') ? events : `./${events}`}';\n${text}`);
  }
}

/** VS Code custom data and JSX `IntrinsicElements` typings, from the committed manifest. */
function editorSupport() {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  generateVsCodeCustomElementData(manifest, {
    outdir: dist,
    htmlFileName: 'vscode.html-custom-data.json',
    cssFileName: 'vscode.css-custom-data.json',
    hideLogs: true,
  });
  // The JSX generator copies each event's JSDoc type text into `CustomEvent<…>`; that text
  // names types the typings do not import. The kit's HTMLElementEventMap has the exact ones.
  const typed = structuredClone(manifest);
  for (const declaration of typed.modules.flatMap((module) => module.declarations ?? [])) {
    for (const event of declaration.events ?? []) {
      event.type = { text: event.name.startsWith('rc-') ? `HTMLElementEventMap['${event.name}']['detail']` : 'unknown' };
    }
  }
  generateJsxTypes(typed, {
    outdir: dist,
    fileName: 'jsx.d.ts',
    // Paths are relative to outdir: the classes' own declarations carry the property types.
    componentTypePath: (_name, tag) => `./elements/${tag}/${tag}.component.js`,
    hideLogs: true,
  });
  const jsx = join(dist, 'jsx.d.ts');
  writeFileSync(jsx, `// The kit's events in HTMLElementEventMap.\nimport type {} from './events/index.js';\n${readFileSync(jsx, 'utf8')}`);
}

/** Every file under `dir`. */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Relative module specifiers of a .js or .d.ts file: static and dynamic imports, re-exports, `import('…')` types. */
const relativeImports = (code) => [...code.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1]);

/**
 * Deletes the modules and declarations that nothing published reaches, starting from
 * package.json `exports`: modules that hold only types compile to empty .js files nobody
 * imports, and internal modules' .d.ts are not part of any public type. What is left is what a
 * consumer's bundler or type checker can load.
 */
function pruneUnreachable() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const targets = Object.values(pkg.exports).flatMap((entry) => (typeof entry === 'string' ? [entry] : Object.values(entry)));
  const pending = targets.flatMap((target) => {
    if (!target.includes('*')) return [join(root, target)];
    const [prefix, suffix] = target.split('*');
    return filesUnder(join(root, prefix)).filter((path) => path.endsWith(suffix));
  });
  const reached = new Set();
  while (pending.length > 0) {
    const path = pending.pop();
    if (reached.has(path) || !existsSync(path)) continue;
    reached.add(path);
    if (!/\.(js|ts)$/.test(path)) continue;
    for (const specifier of relativeImports(readFileSync(path, 'utf8'))) {
      const target = resolve(dirname(path), specifier);
      // In a declaration, `./x.js` names the types in `./x.d.ts`.
      pending.push(path.endsWith('.d.ts') ? target.replace(/\.js$/, '.d.ts') : target);
    }
  }
  // The CDN files are loaded by URL, not through `exports`; their chunks by dynamic import.
  const keep = (path) => reached.has(path) || path.startsWith(join(dist, 'cdn')) || !/\.(js|ts)$/.test(path);
  for (const path of filesUnder(dist)) if (!keep(path)) rmSync(path);
  for (const dir of readdirSync(dist, { recursive: true })
    .map((name) => join(dist, name))
    .sort()
    .reverse())
    if (statSync(dir).isDirectory() && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

/** What the browser downloads: the CDN bundle and its lazy chunks, and the SDK chunk of the ESM build. */
function printSizes() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) files.push(path);
    }
  };
  walk(join(dist, 'cdn'));
  walk(join(dist, 'vendor'));
  const rows = files.map((path) => {
    const code = readFileSync(path);
    return [
      relative(root, path),
      kb(statSync(path).size),
      kb(gzipSync(code, { level: 9 }).length),
      kb(brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
    ];
  });
  const table = [['file', 'min', 'gzip', 'brotli'], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const [index, row] of table.entries()) {
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log('(dist/vendor is not minified: an app bundler minifies it. dist/cdn/chunks load on demand.)');
}

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
try {
  // vendor first: the ESM build imports dist/vendor/sip.js and ringcentral-sdk.js by path.
  await bundle(vendor);
  await bundle(esm);
  await bundle(cdn);
  declarations();
  editorSupport();
  pruneUnreachable();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
}
printSizes();
console.log(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
