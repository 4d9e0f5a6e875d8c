// The RingCentral code and @ringcentral/sdk must not be in the bundle of an app that does not
// use them: <rc-phone-provider> loads them with import() only for provider="ringcentral".
// Checked on a code-split browser build of the package entry points (esbuild, with the
// `crypto` mapping a build needs, see README "Bundling"), by following the static imports
// from each entry.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cryptoShim } from '../rig/ringcentral-sdk-plugin.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SDK = /node_modules\/@ringcentral\/sdk\//;
const RINGCENTRAL = /^src\/providers\/ringcentral\//;
const NODE_POLYFILLS = /node_modules\/(crypto-browserify|buffer|events)\//;

const { metafile, outputFiles } = await build({
  absWorkingDir: root,
  entryPoints: ['src/define.ts', 'src/index.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  outdir: 'dist-check',
  write: false,
  metafile: true,
  minify: true,
  logLevel: 'silent',
  plugins: [cryptoShim],
});

const outputs = metafile.outputs;
const inputsOf = (file) => Object.keys(outputs[file].inputs);
const entryOf = (name) => Object.keys(outputs).find((file) => outputs[file].entryPoint === `src/${name}`);

/** Every output an entry loads before any import() runs. */
function staticClosure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file].imports) if (imported.kind === 'import-statement') staticClosure(imported.path, seen);
  return seen;
}

for (const entry of ['define.ts', 'index.ts']) {
  test(`${entry}: neither the RingCentral provider nor its SDK load without provider="ringcentral"`, () => {
    const loaded = [...staticClosure(entryOf(entry))].flatMap(inputsOf);
    assert.ok(
      loaded.some((input) => input.startsWith('src/elements/rc-phone-provider/')),
      'the provider element is in the bundle',
    );
    assert.deepEqual(
      loaded.filter((input) => SDK.test(input) || RINGCENTRAL.test(input) || NODE_POLYFILLS.test(input)),
      [],
    );
  });
}

test('provider="ringcentral" loads the RingCentral code and the SDK with one import(), without a crypto polyfill', () => {
  const define = entryOf('define.ts');
  const lazy = [...staticClosure(define)].flatMap((file) =>
    outputs[file].imports.filter((imported) => imported.kind === 'dynamic-import').map((imported) => imported.path),
  );
  const chunk = lazy.find((file) => inputsOf(file).includes('src/providers/ringcentral/index.ts'));
  assert.ok(chunk, 'a lazily imported chunk holds the RingCentral provider');
  const lazyInputs = [...staticClosure(chunk)].flatMap(inputsOf);
  assert.ok(
    lazyInputs.some((input) => SDK.test(input)),
    'the SDK comes with it',
  );
  assert.ok(lazyInputs.includes('src/providers/ringcentral/crypto-shim.ts'), 'Node crypto is the shim');
  assert.deepEqual(
    Object.values(outputs)
      .flatMap((output) => Object.keys(output.inputs))
      .filter((input) => /crypto-browserify/.test(input)),
    [],
  );
  const size = [...staticClosure(chunk)]
    .filter((file) => !staticClosure(define).has(file))
    .reduce((sum, file) => sum + gzipSync(outputFiles.find((f) => f.path.endsWith(file.replace(/^dist-check/, ''))).contents).length, 0);
  console.log(`[ringcentral-bundle] provider="ringcentral" loads ${(size / 1024).toFixed(1)} KB gzip on demand`);
});
