// The official build (`npm run build`, see scripts/build.mjs):
//  1. dist/**.js      ESM for bundlers, one output module per source module, dependencies
//                     left as imports, so importing one element pulls in only what it uses.
//  2. dist/vendor/    sip.js and @ringcentral/sdk bundled for browsers (scripts/browser-deps.mjs):
//                     sip.js with its parser fix, the SDK without its Node-only imports, so an
//                     app's bundler needs no plugin or alias. Only the RingCentral provider,
//                     itself loaded on demand, imports the SDK.
//  3. dist/cdn/       one minified file for `<script type="module">` from a CDN, with every
//                     dependency inside; what only some pages need (the RingCentral provider,
//                     phone-number formatting) stays in chunks loaded by dynamic import.
// Declarations (.d.ts) come from `tsc -p tsconfig.build.json`, not from here.
//
// Source maps: only the CDN files have them, with every source's text inside (`sourcesContent`):
// minified code cannot be read without one, and the package does not ship src/. The ESM build
// and dist/vendor are readable as they are (types stripped, nothing minified), and an app's
// bundler makes the maps of what it outputs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { ringcentralForBrowsers, sipjsForBrowsers } from './scripts/browser-deps.mjs';
import { transform } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
const src = join(root, 'src');

/** The CDN bundle's entry: it is the whole kit, so it is not a module of the ESM build. */
const CDN_ENTRY = 'src/cdn.ts';
/**
 * Stand-ins that only the vendored RingCentral SDK build uses (scripts/browser-deps.mjs): it
 * already has them inside, so they are not modules of the ESM build either.
 */
const BUILD_ONLY = new Set([CDN_ENTRY, 'src/providers/ringcentral/crypto-shim.ts', 'src/providers/ringcentral/discovery-shim.ts']);

/** Every shipped source module: tests are not shipped; harnesses are (apps reuse them in their tests). */
export function sourceModules(dir = src) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceModules(path);
    if (!/\.(ts|js)$/.test(entry.name) || entry.name.endsWith('.d.ts') || entry.name.endsWith('.test.ts')) return [];
    const rel = relative(root, path).split(sep).join('/');
    return BUILD_ONLY.has(rel) ? [] : [rel];
  });
}

/**
 * Bare specifiers (`lit`, `@lit/context`…) are the consumer's to resolve and dedupe; except
 * sip.js and the RingCentral SDK, which the ESM build imports from dist/vendor (see `esm`).
 */
const VENDORED = new Set(['sip.js', '@ringcentral/sdk']);
const isDependency = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:/.test(id) && !VENDORED.has(id);

/**
 * Strips the types of each TypeScript module with esbuild (the compiler the test runner and
 * the benchmarks use too), with the decorator settings of tsconfig.json. It checks nothing:
 * `npm run typecheck` does. Also resolves `./x.js` imports to `./x.ts`, as TypeScript does.
 */
function typescript() {
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
  const tsconfigRaw = {
    compilerOptions: {
      experimentalDecorators: compilerOptions.experimentalDecorators,
      useDefineForClassFields: compilerOptions.useDefineForClassFields,
      verbatimModuleSyntax: compilerOptions.verbatimModuleSyntax,
    },
  };
  return {
    name: 'rc-typescript',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const candidate = resolve(dirname(importer), `${source.slice(0, -3)}.ts`);
      return existsSync(candidate) ? candidate : null;
    },
    async transform(code, id) {
      if (!id.endsWith('.ts') || id.endsWith('.d.ts')) return null;
      const result = await transform(code, { loader: 'ts', sourcefile: id, sourcemap: true, target: compilerOptions.target.toLowerCase(), tsconfigRaw });
      return { code: result.code, map: result.map };
    },
  };
}

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
  // TypeScript's async helpers in the RingCentral SDK read top-level `this`, which is fine in ESM.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

// Rollup writes an absolute external id relative to the inputs' common directory (src/), so
// these ids are written as relative imports of dist/vendor/*.js from each module.
const VENDOR_IDS = { 'sip.js': join(src, 'vendor', 'sip.js'), '@ringcentral/sdk': join(src, 'vendor', 'ringcentral-sdk.js') };

/**
 * A CDN map's `sources` entry, relative to the map as before, but with dependencies named by
 * their package (`../../node_modules/lit/…`) wherever node_modules really is: it may be a
 * symlink, and the build machine's own folders have no business in a published file.
 */
function packageRelativeSource(relativeSourcePath, sourcemapPath) {
  const absolute = resolve(dirname(sourcemapPath), relativeSourcePath).split(sep).join('/');
  const at = absolute.lastIndexOf('/node_modules/');
  if (at < 0) return relativeSourcePath;
  const inPackage = join(root, 'node_modules', absolute.slice(at + '/node_modules/'.length));
  return relative(dirname(sourcemapPath), inPackage).split(sep).join('/');
}

/** @type {import('rollup').RollupOptions} */
export const vendor = {
  input: { 'vendor/sip': 'sip.js', 'vendor/ringcentral-sdk': '@ringcentral/sdk' },
  plugins: [sipjsForBrowsers(), ringcentralForBrowsers(), typescript(), nodeResolve({ browser: true, preferBuiltins: false }), commonjs()],
  output: { dir: 'dist', format: 'es', entryFileNames: '[name].js' },
  onwarn,
};

/** @type {import('rollup').RollupOptions} */
export const esm = {
  input: sourceModules(),
  external: isDependency,
  plugins: [
    {
      name: 'rc-vendored',
      resolveId: (source) => (VENDORED.has(source) ? { id: VENDOR_IDS[source], external: true } : null),
    },
    typescript(),
    themes(),
  ],
  // Each source module is an entry: keep its exports even when no other module uses them.
  preserveEntrySignatures: 'strict',
  // The vendored modules' absolute ids are written as relative imports.
  makeAbsoluteExternalsRelative: true,
  output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
  onwarn,
};

/** @type {import('rollup').RollupOptions} */
export const cdn = {
  input: { 'rc-phone-kit.min': CDN_ENTRY },
  // Lazy chunks import what they share with the entry from the entry itself, instead of
  // Rollup moving the shared code to a third file behind an entry that only re-exports.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    sipjsForBrowsers(),
    ringcentralForBrowsers(),
    typescript(),
    // Lit's production build is its default export condition (its dev build needs "development").
    nodeResolve({ browser: true, preferBuiltins: false }),
    commonjs(),
  ],
  output: {
    dir: 'dist/cdn',
    format: 'es',
    sourcemap: true,
    sourcemapPathTransform: packageRelativeSource,
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].min.js',
    plugins: [terser({ ecma: 2022, module: true, format: { comments: false } })],
  },
  onwarn,
};

export default [vendor, esm, cdn];
