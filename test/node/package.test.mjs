// The published package, as a consumer gets it: `npm pack` (its prepack script builds), what the
// tarball holds, and two apps that install it — a Vite + TypeScript page and a React page —
// type-checked with the kit's published typings and built with Vite. Offline: the apps get the
// tarball unpacked as npm would, and the packages it declares (dependencies and the optional
// peers they use) linked from this project's node_modules, so an import the package does not
// declare fails to resolve.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { launchChromium } from '../rig/browser.mjs';
import { serveDirectory } from '../rig/static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'rc-phone-kit-package-'));
/** Paths in the tarball (without its `package/` folder) → their text. */
const shipped = new Map();
let tarball;

/** Newest modification time of the files under `dir` (or of `dir`), and the oldest. */
function mtimes(dir) {
  const stat = statSync(dir);
  if (!stat.isDirectory()) return { newest: stat.mtimeMs, oldest: stat.mtimeMs };
  let newest = 0;
  let oldest = Infinity;
  for (const entry of readdirSync(dir)) {
    const times = mtimes(join(dir, entry));
    newest = Math.max(newest, times.newest);
    oldest = Math.min(oldest, times.oldest);
  }
  return { newest, oldest };
}

/**
 * dist/ was built from the sources as they are (build.test.mjs builds it earlier in the same
 * run): every file of dist/ is newer than every input of the build.
 */
function distIsFresh() {
  if (!existsSync(join(root, 'dist'))) return false;
  const inputs = [
    'src',
    'package.json',
    'custom-elements.json',
    'rollup.config.mjs',
    'scripts/build.mjs',
    'scripts/browser-deps.mjs',
    'scripts/sipjs-grammar.mjs',
    'tsconfig.json',
    'tsconfig.build.json',
  ];
  const newestInput = Math.max(...inputs.map((input) => mtimes(join(root, input)).newest));
  return mtimes(join(root, 'dist')).oldest > newestInput;
}

test('package.json: `npm pack` builds first (prepack), and `files` names what the tarball holds', () => {
  assert.equal(pkg.scripts.prepack, 'node scripts/build.mjs');
  assert.deepEqual(pkg.files, ['dist', 'custom-elements.json', 'README.md']);
});

before(() => {
  const started = Date.now();
  // The prepack script builds dist/ (≈ 20–40 s here). When build.test.mjs has just built it from
  // the same sources, the tarball is packed from that build instead of a second, identical one.
  const reuse = distIsFresh();
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', work, ...(reuse ? ['--ignore-scripts'] : [])], { cwd: root, encoding: 'utf8' });
  assert.equal(pack.status, 0, `npm pack failed:\n${pack.stdout}\n${pack.stderr}`);
  // The prepack script's own output comes first; npm's JSON report is the last thing printed.
  const [report] = JSON.parse(pack.stdout.slice(pack.stdout.lastIndexOf('\n[\n') + 1));
  tarball = join(work, report.filename);
  const unpacked = join(work, 'unpacked');
  mkdirSync(unpacked);
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', unpacked], { encoding: 'utf8' });
  assert.equal(tar.status, 0, tar.stderr);
  const walk = (dir, prefix = '') => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else shipped.set(rel, readFileSync(join(dir, entry.name), 'utf8'));
    }
  };
  walk(join(unpacked, 'package'));
  console.log(
    `npm pack (${reuse ? 'dist/ fresh from build.test.mjs' : 'with its build'}): ${((Date.now() - started) / 1000).toFixed(1)} s, ${shipped.size} files, ${(report.size / 1024).toFixed(0)} kB`,
  );
});

after(() => rmSync(work, { recursive: true, force: true }));

const isCode = (path) => /\.(js|d\.ts)$/.test(path);
/** Code that imports other packages by name (the CDN files and dist/vendor carry theirs inside). */
const importsPackages = (path) => isCode(path) && !path.startsWith('dist/cdn/') && !path.startsWith('dist/vendor/');
/** Code without its comments (JSDoc examples and prose such as `from "Bob"` are no imports). */
const withoutComments = (code) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
const specifiers = (code) =>
  [...withoutComments(code).matchAll(/(?:^|[\s;}])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(?\s*['"]([^'"]+)['"]/gm)].map(
    (m) => m[1] ?? m[2],
  );
const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

describe('the tarball', () => {
  test('holds the build, its typings, the manifest and the README, and nothing else', () => {
    const outside = [...shipped.keys()].filter((path) => !path.startsWith('dist/') && !['package.json', 'README.md', 'custom-elements.json'].includes(path));
    assert.deepEqual(outside, []);
    assert.deepEqual(
      [...shipped.keys()].filter((path) => /\.test\.|harness\.test|\.stories\./.test(path)),
      [],
      'no tests or stories',
    );
    for (const path of ['dist/index.js', 'dist/index.d.ts', 'dist/define.js', 'dist/jsx.d.ts', 'dist/cdn/rc-phone-kit.min.js', 'dist/vendor/sip.js'])
      assert.ok(shipped.has(path), `${path} is missing`);
  });

  test('source maps only for the minified CDN files, each with the text of every source and no build-machine path', () => {
    const maps = [...shipped.keys()].filter((path) => path.endsWith('.map'));
    assert.deepEqual(
      maps.filter((path) => !path.startsWith('dist/cdn/')),
      [],
    );
    assert.ok(maps.includes('dist/cdn/rc-phone-kit.min.js.map'));
    for (const path of maps) {
      const map = JSON.parse(shipped.get(path));
      assert.equal(map.sourcesContent?.length, map.sources.length, `${path}: a source without its text`);
      assert.ok(
        map.sourcesContent.every((text) => typeof text === 'string'),
        `${path}: a source without its text`,
      );
      for (const source of map.sources) assert.match(source, /^(\.\.\/)+(src|node_modules)\//, `${path}: ${source}`);
      const code = path.slice(0, -'.map'.length);
      assert.ok(shipped.get(code)?.includes(`sourceMappingURL=${posix.basename(path)}`), `${code} does not point at its map`);
    }
    for (const [path, code] of shipped) if (path.endsWith('.js') && !path.startsWith('dist/cdn/')) assert.doesNotMatch(code, /sourceMappingURL/, path);
  });

  test('every relative import of the published code and typings is in the tarball', () => {
    const missing = [];
    for (const [path, code] of shipped) {
      if (!isCode(path)) continue;
      for (const specifier of specifiers(code).filter((s) => s.startsWith('.'))) {
        const target = posix.normalize(posix.join(posix.dirname(path), specifier));
        const candidates = path.endsWith('.d.ts') ? [target.replace(/\.js$/, '.d.ts'), target] : [target];
        if (!candidates.some((candidate) => shipped.has(candidate))) missing.push(`${path} → ${specifier}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('dependencies are what the published code imports: lit and friends; React and @lit/react as optional peers; not sip.js', () => {
    const imported = new Set();
    for (const [path, code] of shipped)
      if (importsPackages(path)) for (const s of specifiers(code).filter((x) => !x.startsWith('.'))) imported.add(packageName(s));
    const declared = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)];
    assert.deepEqual([...imported].filter((name) => !declared.includes(name)).sort(), [], 'imported but not declared');
    assert.deepEqual(declared.filter((name) => !imported.has(name)).sort(), [], 'declared but never imported');
    assert.deepEqual(Object.keys(pkg.peerDependenciesMeta).sort(), Object.keys(pkg.peerDependencies).sort(), 'every peer is optional');
    assert.ok(!declared.includes('sip.js'), 'sip.js ships inside dist/vendor/sip.js');
  });
});

/**
 * An app folder with the tarball unpacked in node_modules (as `npm install <tarball>` puts it)
 * and, linked from this project, the packages the tarball declares plus `extra`.
 */
function makeApp(name, files, extra = []) {
  const app = join(work, name);
  const modules = join(app, 'node_modules');
  mkdirSync(join(modules, pkg.name), { recursive: true });
  const tar = spawnSync('tar', ['-xzf', tarball, '-C', join(modules, pkg.name), '--strip-components=1'], { encoding: 'utf8' });
  assert.equal(tar.status, 0, tar.stderr);
  for (const dep of [...Object.keys(pkg.dependencies), ...extra]) {
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(join(root, 'node_modules', dep), join(modules, dep), 'dir');
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), text);
  }
  return app;
}

const tsconfig = (extra = {}) =>
  JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      types: [],
      // The kit's published .d.ts are checked too, with the app's settings (no decorators flag).
      skipLibCheck: false,
      ...extra,
    },
    include: ['src'],
  });

function typecheck(app) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(app, 'tsconfig.json')], { cwd: app, encoding: 'utf8' });
  assert.equal(tsc.status, 0, `tsc in ${app}:\n${tsc.stdout}${tsc.stderr}`);
}

async function viteBuild(app) {
  await build({ root: app, logLevel: 'silent', configFile: false, build: { outDir: 'dist', modulePreload: { polyfill: false } } });
  const out = join(app, 'dist');
  const chunks = readdirSync(join(out, 'assets'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ name, code: readFileSync(join(out, 'assets', name), 'utf8') }));
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  const entry = chunks.find((chunk) => html.includes(`/assets/${chunk.name}`));
  assert.ok(entry, 'no entry chunk in index.html');
  return { out, chunks, entry };
}

/** The RingCentral SDK (its OAuth endpoint) and libphonenumber-js (its metadata) are chunks of their own, apart from the entry. */
function assertLazyChunks({ chunks, entry }) {
  const sdk = chunks.filter((chunk) => chunk.code.includes('/restapi/oauth/token'));
  const phoneNumbers = chunks.filter((chunk) => chunk.code.includes('country_calling_codes'));
  assert.equal(sdk.length, 1, 'one chunk holds the RingCentral SDK');
  assert.equal(phoneNumbers.length, 1, 'one chunk holds libphonenumber-js');
  assert.notEqual(sdk[0], entry);
  assert.notEqual(phoneNumbers[0], entry);
  return [sdk[0].name, phoneNumbers[0].name];
}

/** Loads the built app in Chromium; resolves with the script paths it fetched once `ready()` holds. */
async function load(browser, out, ready) {
  const server = await serveDirectory(out);
  const page = await browser.newPage();
  try {
    const requested = [];
    const errors = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(ready, undefined, { timeout: 15_000 });
    assert.deepEqual(errors, []);
    return requested;
  } finally {
    await page.close();
    await server.close();
  }
}

describe('apps that install the tarball', () => {
  let browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());

  test('a Vite + TypeScript page: typed elements and events, and neither RingCentral nor phone-number formatting loaded', async () => {
    const app = makeApp('vanilla', {
      'tsconfig.json': tsconfig(),
      'index.html':
        '<!doctype html><html lang="en"><title>app</title><rc-phone-provider><rc-dialpad></rc-dialpad></rc-phone-provider><script type="module" src="/src/main.ts"></script></html>',
      'src/main.ts': `import 'rc-phone-kit/rc-phone-provider.js';
import 'rc-phone-kit/rc-dialpad.js';
import { ErrorCode, type RcDialpad } from 'rc-phone-kit';

// HTMLElementTagNameMap: the tag gives the class.
const pad: RcDialpad | null = document.querySelector('rc-dialpad');
const provider = document.querySelector('rc-phone-provider');
if (pad && provider) {
  pad.defaultCountry = 'US';
  provider.uri = 'sip:alice@example.com';
  // @ts-expect-error: not a mode of the dialpad
  pad.mode = 'nonsense';
  pad.mode = 'dial';
}
// GlobalEventHandlersEventMap: the kit's events are typed on document too.
document.addEventListener('rc-error', (event) => {
  const code: ErrorCode = event.detail.code;
  console.log(code === ErrorCode.InvalidTarget);
});
// @ts-expect-error: rc-error's detail has no such field
document.addEventListener('rc-error', (event) => event.detail.nonsense);
(window as { ready?: boolean }).ready = customElements.get('rc-dialpad') !== undefined;
`,
    });
    typecheck(app);
    const built = await viteBuild(app);
    const lazy = assertLazyChunks(built);
    const requested = await load(browser, built.out, () => window.ready === true && document.querySelector('rc-dialpad')?.shadowRoot !== null);
    assert.deepEqual(
      requested.filter((path) => lazy.some((name) => path.endsWith(name))),
      [],
      'a page that neither signs in to RingCentral nor formats a pasted number loads neither',
    );
  });

  test('a React app: typed props and events of the wrappers, built, rendering the elements', async () => {
    const app = makeApp(
      'react',
      {
        'tsconfig.json': tsconfig({ jsx: 'react-jsx', types: ['react', 'react-dom'] }),
        'index.html': '<!doctype html><html lang="en"><title>app</title><div id="root"></div><script type="module" src="/src/main.tsx"></script></html>',
        'src/main.tsx': `import { createRoot } from 'react-dom/client';
import { RcDialpad, RcPhoneProvider } from 'rc-phone-kit/react';

function App() {
  return (
    <RcPhoneProvider uri="sip:alice@example.com" autoRegister={false}>
      <RcDialpad defaultCountry="US" mode="dial" onRcError={(event) => console.log(event.detail.code)} />
    </RcPhoneProvider>
  );
}
// @ts-expect-error: not a mode of the dialpad
export const wrongMode = <RcDialpad mode="nonsense" />;
// @ts-expect-error: rc-error's detail has no such field
export const wrongEvent = <RcDialpad onRcError={(event) => event.detail.nonsense} />;
createRoot(document.getElementById('root')!).render(<App />);
`,
      },
      ['react', 'react-dom', '@lit/react', '@types/react', '@types/react-dom'],
    );
    typecheck(app);
    const built = await viteBuild(app);
    const lazy = assertLazyChunks(built);
    const requested = await load(browser, built.out, () => document.querySelector('rc-phone-provider rc-dialpad')?.shadowRoot?.querySelector('input') != null);
    assert.deepEqual(
      requested.filter((path) => lazy.some((name) => path.endsWith(name))),
      [],
    );
  });
});
