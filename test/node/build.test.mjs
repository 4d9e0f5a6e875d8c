// `npm run build`: what it prints, that package.json describes what it builds, that one
// element imported from the ESM build brings no other element, and that the CDN file
// registers every element and loads RingCentral and phone-number formatting only on demand.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup } from 'rollup';
import ts from 'typescript';
import { launchChromium } from '../rig/browser.mjs';
import { serveDirectory } from '../rig/static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const elementTags = readdirSync(join(root, 'src/elements'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'src/elements', entry.name, `${entry.name}.ts`)))
  .map((entry) => entry.name);
/** Elements a page asks for itself: not in define.js, and a lazy chunk of the CDN file (src/cdn.ts). */
const OPT_IN = ['rc-embeddable-bridge'];
/** Text only the Embeddable bridge's code holds (a command it reads). */
const BRIDGE_CODE = /rc-adapter-control-call/;

/** Modules (in dist/) loaded by import() on first use: the quality monitor (first answered call), the preflight checks. */
const ON_DEMAND = ['core/quality/monitor.js', 'core/preflight/preflight.js'];

let output = '';

before(() => {
  const started = Date.now();
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  output = build.stdout;
  assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
  console.log(`npm run build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** `rc-phone-kit/<subpath>` → the file package.json `exports` sends a bundler to. */
function exportTarget(subpath, condition = 'default') {
  const key = subpath ? `./${subpath}` : '.';
  const exact = pkg.exports[key];
  const pattern = Object.keys(pkg.exports).find((k) => k.includes('*') && key.startsWith(k.split('*')[0]) && key.endsWith(k.split('*')[1]));
  const entry = exact ?? pkg.exports[pattern];
  const target = typeof entry === 'string' ? entry : entry?.[condition];
  if (!target) return undefined;
  const star = pattern && !exact ? key.slice(pattern.split('*')[0].length, key.length - pattern.split('*')[1].length) : '';
  return join(root, target.replaceAll('*', star));
}

/** Bundles `code` (imports of the published package) the way an app's bundler would. */
async function bundleApp(code) {
  const warnings = [];
  const build = await rollup({
    input: 'app',
    plugins: [
      {
        name: 'app',
        resolveId: (source) =>
          source === 'app' ? source : source === pkg.name || source.startsWith(`${pkg.name}/`) ? exportTarget(source.slice(pkg.name.length + 1)) : null,
        load: (id) => (id === 'app' ? code : null),
      },
      // Reads package.json `sideEffects`, as webpack and Vite do.
      nodeResolve({ browser: true }),
      commonjs(),
    ],
    onwarn: (warning) => warnings.push(`${warning.code}: ${warning.message}`),
  });
  const { output: chunks } = await build.generate({ format: 'es' });
  await build.close();
  const built = chunks.filter((chunk) => chunk.type === 'chunk');
  /** The modules that load with the entry: its chunk and every chunk it imports statically. */
  const loaded = new Set();
  const visit = (name) => {
    if (loaded.has(name)) return;
    loaded.add(name);
    for (const next of built.find((chunk) => chunk.fileName === name)?.imports ?? []) visit(next);
  };
  visit(built[0].fileName);
  const staticModules = built.filter((chunk) => loaded.has(chunk.fileName)).flatMap((chunk) => chunk.moduleIds);
  const lazyEntries = built.filter((chunk) => chunk.isDynamicEntry && !loaded.has(chunk.fileName)).map((chunk) => chunk.facadeModuleId);
  // `entry`: the code that loads with the entry (rollup moves what it shares with a lazy chunk into a chunk of its own).
  const entry = built
    .filter((chunk) => loaded.has(chunk.fileName))
    .map((chunk) => chunk.code)
    .join('\n');
  return { entry, chunks: built.map((chunk) => chunk.code), staticModules, lazyEntries, warnings };
}

describe('npm run build', () => {
  test('prints the minified, gzip and brotli size of the CDN files', () => {
    assert.match(output, /file\s+min\s+gzip\s+brotli/);
    assert.match(output, /dist\/cdn\/rc-phone-kit\.min\.js\s+[\d.]+ kB\s+[\d.]+ kB\s+[\d.]+ kB/);
    assert.match(output, /dist\/cdn\/chunks\/ringcentral-[\w-]+\.min\.js/);
  });

  test('every package.json export and its types exist in the build', () => {
    for (const [key, entry] of Object.entries(pkg.exports)) {
      const targets = typeof entry === 'string' ? [entry] : Object.values(entry);
      for (const target of targets) {
        if (!target.includes('*')) {
          assert.ok(existsSync(join(root, target)), `${key} → ${target} was not built`);
          continue;
        }
        const [dir, suffix] = target.split('*');
        const matches = readdirSync(join(root, dir)).filter((name) => name.endsWith(suffix));
        assert.ok(matches.length > 0, `${key} → ${target} matches nothing`);
      }
    }
    for (const tag of elementTags) {
      assert.ok(exportTarget(`${tag}.js`), `no export for <${tag}>`);
      assert.ok(existsSync(exportTarget(`${tag}.js`, 'types')), `no types for <${tag}>`);
      assert.ok(existsSync(exportTarget(`react/${tag}.js`)), `no React wrapper for <${tag}>`);
      assert.ok(pkg.sideEffects.includes(`./dist/elements/${tag}/${tag}.js`), `<${tag}>'s define module is not in sideEffects`);
    }
    for (const file of pkg.sideEffects.filter((entry) => entry.startsWith('./dist/')))
      assert.ok(existsSync(join(root, file)), `sideEffects names ${file}, which is not built`);
  });

  test('editor support is generated: VS Code custom data and JSX typings', () => {
    const html = JSON.parse(readFileSync(join(dist, 'vscode.html-custom-data.json'), 'utf8'));
    assert.deepEqual(html.tags.map((tag) => tag.name).sort(), [...elementTags].sort());
    const jsx = readFileSync(join(dist, 'jsx.d.ts'), 'utf8');
    for (const tag of elementTags) assert.match(jsx, new RegExp(`"${tag}": `), `<${tag}> missing from jsx.d.ts`);
  });

  test("the JSX typings type-check, with the kit's own event types", () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-phone-kit-jsx-'));
    try {
      // A Preact-style app: JSX with the kit's elements as intrinsic elements.
      writeFileSync(
        join(dir, 'app.tsx'),
        `import type { CustomElements } from '${pkg.name}/jsx';
declare global { namespace JSX { interface IntrinsicElements extends CustomElements {} interface Element {} } }
const code: string = '';
export const dialpad = <rc-dialpad default-country="US" mode="dial" onrc-error={(e) => console.log(e.detail.code === 'invalid-target', code)} />;
// @ts-expect-error: not a mode of the dialpad
export const wrong = <rc-dialpad mode="nonsense" />;
// @ts-expect-error: rc-error's detail has no such field
export const wrongEvent = <rc-dialpad onrc-error={(e) => e.detail.nonsense} />;
`,
      );
      const program = ts.createProgram([join(dir, 'app.tsx')], {
        strict: true,
        noEmit: true,
        jsx: ts.JsxEmit.Preserve,
        module: ts.ModuleKind.ES2022,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
        types: [],
        skipLibCheck: false,
        experimentalDecorators: true,
        paths: { [`${pkg.name}/jsx`]: [join(dist, 'jsx.d.ts')] },
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || d.file.fileName.startsWith(dist) || d.file.fileName.startsWith(dir));
      assert.deepEqual(
        diagnostics.map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`),
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an app bundling the ESM build gets sip.js with its parser fix, and without sip.js's own transport", async () => {
    const { entry } = await bundleApp(`import { Phone } from '${pkg.name}';\nexport { Phone };`);
    assert.match(entry, /peg\$decodeOnce\(/, 'the parser table is decoded once (scripts/sipjs-grammar.mjs)');
    assert.doesNotMatch(entry, /Invalid WebSocket Server URL/, "sip.js's WebSocket transport (the kit brings its own) is not in the app");
    for (const file of readdirSync(join(dist, 'core', 'sip')).filter((name) => name.endsWith('.js')))
      assert.doesNotMatch(
        readFileSync(join(dist, 'core', 'sip', file), 'utf8'),
        /from ['"]sip\.js['"]/,
        `dist/core/sip/${file} imports sip.js from the app's node_modules`,
      );
  });

  test('importing only <rc-dialpad> from the ESM build includes no other element', async () => {
    const { entry } = await bundleApp(`import '${pkg.name}/rc-dialpad.js';`);
    assert.match(entry, /define\("rc-dialpad"\)|define\('rc-dialpad'\)/, 'the dialpad is registered');
    for (const other of elementTags.filter((tag) => tag !== 'rc-dialpad')) {
      assert.doesNotMatch(entry, new RegExp(`define\\(["']${other}["']`), `<${other}> came along with <rc-dialpad>`);
    }
    assert.doesNotMatch(entry, /class RcCallControls|hangup-button/, 'call-controls code came along with <rc-dialpad>');
    assert.doesNotMatch(entry, /sip\.js|class UserAgent\b/, 'sip.js came along with <rc-dialpad>');
  });

  test('an app bundler needs no aliases: the RingCentral SDK comes built for browsers, in a lazy chunk', async () => {
    const { entry, chunks, warnings } = await bundleApp(`import '${pkg.name}/define.js';`);
    assert.deepEqual(
      warnings.filter((w) => /UNRESOLVED_IMPORT|MISSING_EXPORT/.test(w)),
      [],
    );
    // The SDK's platform class talks to /restapi/oauth/token; it is in a chunk of its own, not in the entry.
    assert.doesNotMatch(entry, /restapi\/oauth\/token/);
    assert.ok(
      chunks.some((chunk) => /restapi\/oauth\/token/.test(chunk)),
      'no chunk holds the RingCentral SDK',
    );
  });

  test('the Embeddable bridge comes only with its own import, not with define.js', async () => {
    const all = await bundleApp(`import '${pkg.name}/define.js';`);
    assert.doesNotMatch([all.entry, ...all.chunks].join('\n'), BRIDGE_CODE, 'define.js brought the Embeddable bridge');
    const { entry } = await bundleApp(`import '${pkg.name}/rc-embeddable-bridge.js';`);
    assert.match(entry, /define\("rc-embeddable-bridge"\)|define\('rc-embeddable-bridge'\)/);
    assert.match(entry, BRIDGE_CODE);
  });

  test("what only some pages use is a chunk of its own, outside define.js's static graph", async () => {
    const { staticModules, lazyEntries } = await bundleApp(`import '${pkg.name}/define.js';`);
    for (const module of ON_DEMAND) {
      const file = join(dist, module);
      assert.ok(lazyEntries.includes(file), `${module} is not loaded by import()`);
      assert.ok(!staticModules.includes(file), `${module} loads with define.js`);
    }
  });

  test('importing the API registers no element', async () => {
    const { entry } = await bundleApp(`import { Phone } from '${pkg.name}'; console.log(Phone);`);
    for (const tag of elementTags) assert.doesNotMatch(entry, new RegExp(`define\\(["']${tag}["']\\)`), `<${tag}> registered by importing the API`);
  });
});

describe('the CDN bundle', () => {
  let server;
  let browser;
  before(async () => {
    server = await serveDirectory(dist);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('keeps phone-number formatting in a chunk of its own, imported dynamically', () => {
    const code = readFileSync(join(dist, 'cdn/rc-phone-kit.min.js'), 'utf8');
    const chunk = readdirSync(join(dist, 'cdn/chunks')).find((name) => /^min-[\w-]+\.min\.js$/.test(name));
    assert.ok(chunk, 'no libphonenumber-js chunk');
    assert.match(code, new RegExp(`import\\("\\./chunks/${chunk.replace(/[.-]/g, '\\$&')}"\\)`));
    // libphonenumber-js's metadata names every country calling code; none of it is in the main file.
    assert.match(readFileSync(join(dist, 'cdn/chunks', chunk), 'utf8'), /country_calling_codes/);
    assert.doesNotMatch(code, /country_calling_codes/);
  });

  test('is Lit in production mode', () => {
    const code = readFileSync(join(dist, 'cdn/rc-phone-kit.min.js'), 'utf8');
    // Lit's development build warns "Lit is in dev mode"; the production build has no such text.
    assert.doesNotMatch(code, /Lit is in dev mode/);
  });

  test('one <script type="module"> registers every element; the RingCentral provider loads on demand', async () => {
    const page = await browser.newPage();
    const requested = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route(`${server.url}/page.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="en"><title>CDN</title><script type="module" src="/cdn/rc-phone-kit.min.js"></script><rc-phone-provider><rc-dialpad></rc-dialpad></rc-phone-provider></html>',
      }),
    );
    await page.goto(`${server.url}/page.html`);
    const everyday = elementTags.filter((tag) => !OPT_IN.includes(tag));
    await page.waitForFunction((tags) => tags.every((tag) => customElements.get(tag)), everyday);
    assert.deepEqual(
      requested.filter((path) => path.includes('/chunks/')),
      [],
      'chunks were loaded before anything needed them',
    );
    assert.deepEqual(await page.evaluate((tags) => tags.filter((tag) => customElements.get(tag)), OPT_IN), [], 'an opt-in element came with the CDN file');
    assert.doesNotMatch(readFileSync(join(dist, 'cdn/rc-phone-kit.min.js'), 'utf8'), BRIDGE_CODE);

    const chunkFiles = readdirSync(join(dist, 'cdn/chunks'));
    for (const name of ['monitor', 'preflight'])
      assert.ok(
        chunkFiles.some((file) => file.startsWith(`${name}-`)),
        `no ${name} chunk in dist/cdn/chunks: ${chunkFiles.join(', ')}`,
      );

    // The Embeddable bridge: a chunk of its own, when the page asks for it.
    await page.evaluate(async () => (await import('/cdn/rc-phone-kit.min.js')).loadEmbeddableBridge());
    assert.ok(await page.evaluate(() => customElements.get('rc-embeddable-bridge') !== undefined));
    const loaded = requested.filter((path) => path.includes('/chunks/'));
    assert.equal(loaded.length, 1, `chunks loaded: ${loaded.join(', ')}`);
    assert.match(loaded[0], /^\/cdn\/chunks\/rc-embeddable-bridge-[\w-]+\.min\.js$/);
    assert.match(readFileSync(join(dist, loaded[0]), 'utf8'), BRIDGE_CODE);

    // The RingCentral provider module loads when a provider asks for it.
    await page.evaluate(() => {
      const provider = document.querySelector('rc-phone-provider');
      provider.setAttribute('client-id', 'demo');
      provider.setAttribute('server', 'http://127.0.0.1:9');
      provider.setAttribute('provider', 'ringcentral');
    });
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((entry) => /\/chunks\/ringcentral-/.test(entry.name)));
    assert.deepEqual(errors, []);
    await page.close();
  });
});
