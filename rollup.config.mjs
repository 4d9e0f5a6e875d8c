// The official build (`npm run build`, see scripts/build.mjs):
//  1. dist/**.js      ESM for bundlers, one output module per source module, dependencies
//                     left as imports, so importing one element pulls in only what it uses.
//  2. dist/cdn/       one minified file for `<script type="module">` from a CDN, with every
//                     dependency inside; what only some pages need (the RingCentral provider,
//                     phone-number formatting) stays in chunks loaded by dynamic import.
// Declarations (.d.ts) come from `tsc -p tsconfig.build.json`, not from here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const root = fileURLToPath(new URL('.', import.meta.url));
const src = join(root, 'src');

/** The CDN bundle's entry: it is the whole kit, so it is not a module of the ESM build. */
const CDN_ENTRY = 'src/cdn.ts';

/** Every shipped source module: tests are not shipped; harnesses are (apps reuse them in their tests). */
export function sourceModules(dir = src) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceModules(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts') || entry.name.endsWith('.test.ts')) return [];
    const rel = relative(root, path).split(sep).join('/');
    return rel === CDN_ENTRY ? [] : [rel];
  });
}

/** Bare specifiers (`lit`, `sip.js`, `@lit/context`…) are the consumer's to resolve and dedupe. */
const isDependency = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:/.test(id);

// esbuild would be faster, but tsc is the compiler the project type-checks with; here it only
// transpiles (`noCheck`: `npm run typecheck` owns the diagnostics).
// `importHelpers`: tslib's helpers (decorators) once, imported, instead of a copy per element.
const transpile = (overrides = {}) =>
  typescript({
    tsconfig: join(root, 'tsconfig.json'),
    compilerOptions: { noCheck: true, declaration: false, declarationMap: false, sourceMap: true, importHelpers: true, ...overrides },
    noEmitOnError: false,
  });

/** Copies the theme stylesheets (src/themes/*.css) into dist/themes/. */
function themes() {
  return {
    name: 'rc-themes',
    generateBundle() {
      for (const file of readdirSync(join(src, 'themes')).filter((name) => name.endsWith('.css'))) {
        this.emitFile({ type: 'asset', fileName: `themes/${file}`, source: readFileSync(join(src, 'themes', file), 'utf8') });
      }
    },
  };
}

const onwarn = (warning, warn) => {
  // sip.js and the RingCentral SDK use `this` at module top level in code paths that never run in ESM.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

/** @type {import('rollup').RollupOptions} */
export const esm = {
  input: sourceModules(),
  external: isDependency,
  plugins: [transpile({ outDir: 'dist', rootDir: 'src' }), themes()],
  // Each source module is an entry: keep its exports even when no other module uses them.
  preserveEntrySignatures: 'strict',
  output: {
    dir: 'dist',
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: 'src',
    sourcemap: true,
    entryFileNames: '[name].js',
  },
  onwarn,
};

/** @type {import('rollup').RollupOptions} */
export const cdn = {
  input: { 'rc-phone-kit.min': CDN_ENTRY },
  plugins: [
    // Lit's production build is its default export condition (its dev build needs "development").
    nodeResolve({ browser: true, preferBuiltins: false, exportConditions: ['browser', 'module', 'import', 'default'] }),
    transpile({ outDir: 'dist/cdn', rootDir: 'src' }),
  ],
  output: {
    dir: 'dist/cdn',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].min.js',
    plugins: [terser({ ecma: 2022, module: true, format: { comments: false } })],
  },
  onwarn,
};

export default [esm, cdn];
