// The official build (`npm run build`, see scripts/build.mjs):
//  1. dist/**.js      ESM for bundlers, one output module per source module, dependencies
//                     left as imports, so importing one element pulls in only what it uses.
//  2. dist/vendor/    @ringcentral/sdk bundled for browsers (its Node-only imports replaced),
//                     so an app's bundler needs no aliases; only the RingCentral provider,
//                     itself loaded on demand, imports it.
//  3. dist/cdn/       one minified file for `<script type="module">` from a CDN, with every
//                     dependency inside; what only some pages need (the RingCentral provider,
//                     phone-number formatting) stays in chunks loaded by dynamic import.
// Declarations (.d.ts) come from `tsc -p tsconfig.build.json`, not from here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { sipjsGrammarRollup } from './scripts/sipjs-grammar.mjs';
import { transform } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
const src = join(root, 'src');
const require = createRequire(import.meta.url);

/** The CDN bundle's entry: it is the whole kit, so it is not a module of the ESM build. */
const CDN_ENTRY = 'src/cdn.ts';

/** Every shipped source module: tests are not shipped; harnesses are (apps reuse them in their tests). */
export function sourceModules(dir = src) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceModules(path);
    if (!/\.(ts|js)$/.test(entry.name) || entry.name.endsWith('.d.ts') || entry.name.endsWith('.test.ts')) return [];
    const rel = relative(root, path).split(sep).join('/');
    return rel === CDN_ENTRY ? [] : [rel];
  });
}

/**
 * Bare specifiers (`lit`, `sip.js`, `@lit/context`…) are the consumer's to resolve and dedupe;
 * except the RingCentral SDK, which the ESM build imports from dist/vendor (see `esm`).
 */
const isDependency = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:/.test(id) && id !== '@ringcentral/sdk';

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

/**
 * @ringcentral/sdk for browsers: its ES build's `index.js` wires in node-fetch and a Node
 * storage, and its `SDK.js` imports Node's `crypto` only for PKCE, which the kit makes with
 * WebCrypto (src/providers/ringcentral/pkce.ts) — so `crypto` becomes a stub.
 */
function ringcentralForBrowsers() {
  const sdkEntry = join(dirname(require.resolve('@ringcentral/sdk/package.json')), 'es6', 'SDK.js');
  return {
    name: 'rc-ringcentral-browser',
    resolveId(source) {
      if (source === '@ringcentral/sdk') return sdkEntry;
      if (source === 'crypto') return join(src, 'providers', 'ringcentral', 'crypto-shim.ts');
      return null;
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
// this id is written as a relative import of dist/vendor/ringcentral-sdk.js from each module.
const VENDOR_SDK = join(src, 'vendor', 'ringcentral-sdk.js');

/** @type {import('rollup').RollupOptions} */
export const vendor = {
  input: { 'vendor/ringcentral-sdk': '@ringcentral/sdk' },
  plugins: [ringcentralForBrowsers(), typescript(), nodeResolve({ browser: true, preferBuiltins: false }), commonjs()],
  output: { dir: 'dist', format: 'es', sourcemap: true, entryFileNames: '[name].js' },
  onwarn,
};

/** @type {import('rollup').RollupOptions} */
export const esm = {
  input: sourceModules(),
  external: isDependency,
  plugins: [
    {
      name: 'rc-vendor-sdk',
      resolveId: (source) => (source === '@ringcentral/sdk' ? { id: VENDOR_SDK, external: true } : null),
    },
    typescript(),
    themes(),
  ],
  // Each source module is an entry: keep its exports even when no other module uses them.
  preserveEntrySignatures: 'strict',
  // The vendor SDK's absolute id is written as a relative import.
  makeAbsoluteExternalsRelative: true,
  output: { dir: 'dist', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true, entryFileNames: '[name].js' },
  onwarn,
};

/** @type {import('rollup').RollupOptions} */
export const cdn = {
  input: { 'rc-phone-kit.min': CDN_ENTRY },
  // Lazy chunks import what they share with the entry from the entry itself, instead of
  // Rollup moving the shared code to a third file behind an entry that only re-exports.
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    ringcentralForBrowsers(),
    typescript(),
    // Lit's production build is its default export condition (its dev build needs "development").
    nodeResolve({ browser: true, preferBuiltins: false }),
    commonjs(),
    // sip.js 0.21 re-decodes its parser table on every header it parses (~12 ms of each
    // call's setup): the CDN file bundles sip.js, so it ships the decode-once fix.
    sipjsGrammarRollup(),
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

export default [vendor, esm, cdn];
