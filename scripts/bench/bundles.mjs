// Bundle sizes for `npm run bench`, built here with rollup's JS API from src entry points
// (the official build is rollup.config.mjs; this only measures): sip.js and the RingCentral
// SDK as the package ships them (scripts/browser-deps.mjs), node-resolve with browser
// conditions (Lit's production build), CommonJS for the RingCentral SDK, TypeScript
// transpiled by esbuild, terser, then gzip -9 and brotli -11 of each file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform } from 'esbuild';
import { rollup } from 'rollup';
import { ringcentralForBrowsers, sipjsForBrowsers } from '../browser-deps.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = join(root, 'src');
const compilerOptions = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')).compilerOptions;

/** TypeScript → JavaScript with the project's decorator settings, no type checking. */
function typescriptViaEsbuild() {
  return {
    name: 'bench-esbuild-ts',
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const result = await transform(code, {
        loader: 'ts',
        target: 'es2022',
        sourcefile: id,
        tsconfigRaw: {
          compilerOptions: {
            experimentalDecorators: compilerOptions.experimentalDecorators,
            useDefineForClassFields: compilerOptions.useDefineForClassFields,
            verbatimModuleSyntax: true,
          },
        },
      });
      return { code: result.code, map: null };
    },
  };
}

/** Entry modules given as source text (`virtual:name`), resolved against src/. */
function virtualEntries(entries) {
  return {
    name: 'bench-virtual-entries',
    resolveId: (source) => (source in entries ? `\0${source}` : null),
    load: (id) => (id.startsWith('\0') && id.slice(1) in entries ? entries[id.slice(1)] : null),
  };
}

const sizeOf = (code) => {
  const bytes = Buffer.from(code);
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
};
const add = (a, b) => ({ min: a.min + b.min, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli });
const ZERO = { min: 0, gzip: 0, brotli: 0 };

/** The package a module belongs to (`lit`, `sip.js`…), or `kit` for the project's own code. */
function packageOf(id) {
  const clean = id.replace(/^\0/, '');
  const match = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(clean);
  if (match) return match[1].split(sep).join('/');
  return clean.startsWith(src) ? 'kit' : 'other';
}

/**
 * What each module weighs once minified on its own (esbuild), gzip -9 of that alone: a
 * guide to what is large, not exact shares (gzip of pieces does not add up to the whole).
 */
async function moduleWeights(chunks) {
  const weights = [];
  for (const chunk of chunks) {
    for (const [id, module] of Object.entries(chunk.modules)) {
      if (!module.code) continue;
      const { code } = await transform(module.code, { minify: true, target: 'es2022', format: 'esm' });
      weights.push({
        id: id
          .replace(/^\0/, '')
          .replace(/.*node_modules[\\/]/, '')
          .replace(root, ''),
        pkg: packageOf(id),
        min: code.length,
        gzip: gzipSync(code, { level: 9 }).length,
      });
    }
  }
  return weights.sort((a, b) => b.min - a.min);
}

/** What a package counts as in the report: the kit's own code, sip.js, Lit (its packages together), or other. */
export function partOf(pkg) {
  if (pkg === 'kit' || pkg === 'sip.js') return pkg;
  return pkg === 'lit' || pkg === 'lit-html' || pkg === 'lit-element' || pkg.startsWith('@lit/') ? 'Lit' : 'other';
}

/**
 * The weight of each part of the loaded code (the kit's own, sip.js, Lit): its modules as
 * rollup rendered them (tree-shaken), joined and minified together, then compressed — so
 * that, unlike modules compressed alone, the parts add up to about the whole.
 */
async function partWeights(chunks) {
  const text = {};
  for (const chunk of chunks)
    for (const [id, module] of Object.entries(chunk.modules))
      if (module.code) text[partOf(packageOf(id))] = `${text[partOf(packageOf(id))] ?? ''}${module.code}\n`;
  const parts = {};
  for (const [part, code] of Object.entries(text)) parts[part] = sizeOf((await transform(code, { minify: true, target: 'es2022', format: 'esm' })).code);
  return parts;
}

/**
 * Builds `input` (name → module) and measures what loads at start (the entry and its
 * static imports) and each chunk loaded on demand by import(), plus what each module
 * and package weighs. `files` has every output file, for serving.
 */
export async function measure(input, virtual = {}) {
  const bundle = await rollup({
    input,
    plugins: [
      virtualEntries(virtual),
      sipjsForBrowsers(),
      ringcentralForBrowsers(),
      nodeResolve({ browser: true, preferBuiltins: false, extensions: ['.ts', '.js', '.mjs'] }),
      commonjs(),
      typescriptViaEsbuild(),
    ],
    // TypeScript's helpers in the RingCentral SDK read top-level `this`; harmless in ESM.
    onwarn: (warning, warn) => (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY' ? undefined : warn(warning)),
  });
  const { output } = await bundle.generate({
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    plugins: [terser({ ecma: 2022, module: true, format: { comments: false } })],
  });
  await bundle.close();
  const chunks = output.filter((item) => item.type === 'chunk').map((chunk) => ({ ...chunk, size: sizeOf(chunk.code) }));
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const closure = (start) => {
    const seen = new Set();
    const visit = (name) => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const next of byName.get(name)?.imports ?? []) visit(next);
    };
    visit(start);
    return seen;
  };
  const entries = chunks.filter((chunk) => chunk.isEntry);
  const initial = new Set(entries.flatMap((entry) => [...closure(entry.fileName)]));
  const total = (names) => [...names].reduce((sum, name) => add(sum, byName.get(name).size), ZERO);
  /** Chunks loaded on demand, each with what it adds to what is already loaded. */
  const lazy = chunks
    .filter((chunk) => chunk.isDynamicEntry && !initial.has(chunk.fileName))
    .map((chunk) => {
      const added = new Set([...closure(chunk.fileName)].filter((name) => !initial.has(name)));
      const modules = [...added].flatMap((name) => Object.keys(byName.get(name).modules));
      return { name: chunk.name, facade: chunk.facadeModuleId ? relative(root, chunk.facadeModuleId) : chunk.name, modules, size: total(added) };
    });
  const loaded = chunks.filter((chunk) => initial.has(chunk.fileName));
  const modules = await moduleWeights(loaded);
  const packages = {};
  for (const module of modules) packages[module.pkg] = (packages[module.pkg] ?? 0) + module.min;
  return {
    initial: total(initial),
    parts: await partWeights(loaded),
    lazy,
    packages,
    modules,
    files: new Map(chunks.map((chunk) => [chunk.fileName, chunk.code])),
  };
}

/** Element define modules named in src/define.ts, with their tag names. */
export function definedElements() {
  const text = readFileSync(join(src, 'define.ts'), 'utf8');
  return [...text.matchAll(/^import '\.\/elements\/([a-z0-9-]+)\/([a-z0-9-]+)\.js';/gm)].map((match) => ({
    tag: match[2],
    module: `src/elements/${match[1]}/${match[2]}.ts`,
  }));
}

/** The sip.js exports the kit's sources import, as an entry that uses exactly those (so the rest is tree-shaken). */
async function sipjsAsUsed() {
  const sip = await import('sip.js');
  const sources = sourceFiles(src).map((file) => readFileSync(file, 'utf8'));
  const names = new Set();
  for (const text of sources) {
    for (const [, list] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'sip\.js'/g)) {
      for (const item of list.split(',').map((part) => part.trim())) if (item && !item.startsWith('type ') && item in sip) names.add(item);
    }
  }
  const web = new Set(sources.flatMap((text) => [...text.matchAll(/\bWeb\.([A-Za-z]+)/g)].map((m) => m[1])).filter((member) => member in sip.Web));
  names.delete('Web');
  const refs = [...[...names].map((name) => `S.${name}`), ...[...web].map((member) => `S.Web.${member}`)];
  return {
    names: [...[...names], ...[...web].map((member) => `Web.${member}`)],
    entry: `import * as S from 'sip.js';\nexport const used = [${refs.join(', ')}];\n`,
  };
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** (a): the all-elements file, first, as the first-render page serves it. */
export async function measureAllElements() {
  const entry = existsSync(join(src, 'cdn.ts')) ? 'src/cdn.ts' : 'src/define.ts';
  return { key: 'all', label: `(a) all elements: the CDN file (${entry})`, ...(await measure({ 'rc-phone-kit': join(root, entry) })) };
}

/** The other bundles the bench reports, given (a). */
export async function measureOthers(all) {
  const results = [all];
  const dialpad = join(src, 'elements', 'rc-dialpad', 'rc-dialpad.ts');
  if (existsSync(dialpad)) {
    const entry = `import ${JSON.stringify(join(src, 'elements', 'rc-phone-provider', 'rc-phone-provider.ts'))};\nimport ${JSON.stringify(dialpad)};\n`;
    results.push({
      key: 'dialpad',
      label: '(b) `<rc-phone-provider>` + `<rc-dialpad>` only',
      ...(await measure({ 'provider-dialpad': 'virtual:provider-dialpad' }, { 'virtual:provider-dialpad': entry })),
    });
  } else {
    results.push({ key: 'dialpad', label: '(b) `<rc-phone-provider>` + `<rc-dialpad>`: not measured, src/elements/rc-dialpad does not exist yet', lazy: [] });
  }
  const ringcentral = all.lazy.find((chunk) => chunk.modules.some((id) => /[\\/]providers[\\/]ringcentral[\\/]/.test(id)));
  results.push({ key: 'ringcentral', label: '(c) the RingCentral chunk, loaded by import() when used', initial: ringcentral?.size, lazy: [] });
  const used = await sipjsAsUsed();
  results.push({
    key: 'sipjs-used',
    label: `sip.js 0.21 alone, only what the kit uses (${used.names.join(', ')}): the floor`,
    ...(await measure({ 'sipjs-used': 'virtual:sipjs-used' }, { 'virtual:sipjs-used': used.entry })),
  });
  results.push({
    key: 'sipjs',
    label: 'sip.js 0.21 alone, the whole library',
    ...(await measure({ sipjs: 'virtual:sipjs' }, { 'virtual:sipjs': "export * from 'sip.js';\n" })),
  });
  results.push({
    key: 'lit',
    label: 'Lit 3 + decorators + @lit/context alone',
    ...(await measure({ lit: 'virtual:lit' }, { 'virtual:lit': "export * from 'lit';\nexport * from 'lit/decorators.js';\nexport * from '@lit/context';\n" })),
  });
  return results;
}
