// The layers of docs/architecture.md, checked on every import of src/ (tests excepted):
// core ← providers / context / events ← controllers / services / internal ← elements ← define.
// A module that breaks a rule is named with the import that breaks it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');

/** Every non-test module of src/, with the modules it imports (relative ones resolved to src/ paths). */
const modules = readdirSync(src, { recursive: true })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    // Relative imports become src/ paths ('core/phone.ts'); packages stay as written.
    const imports = importedFiles.map(({ fileName }) => ({
      specifier: fileName.startsWith('.') ? relative(src, join(src, dirname(file), fileName)).replace(/\.js$/, '.ts') : fileName,
      local: fileName.startsWith('.'),
    }));
    return { file, text, imports };
  });

const layer = (path) => path.split('/')[0];

/** For each layer: the src/ layers and the packages its modules may import. */
const ALLOWED = {
  core: { layers: ['core'], packages: ['sip.js'] },
  providers: { layers: ['core', 'providers'], packages: ['@ringcentral/sdk'] },
  context: { layers: ['core', 'context'], packages: ['@lit/context'] },
  events: { layers: ['core', 'events'], packages: [] },
  services: { layers: ['core', 'services'], packages: ['libphonenumber-js'] },
  controllers: { layers: ['core', 'context', 'events', 'services', 'controllers', 'providers'], packages: ['lit', '@lit/context', '@lit/localize'] },
  internal: {
    layers: ['core', 'context', 'events', 'services', 'controllers', 'themes', 'i18n', 'internal'],
    packages: ['lit', '@lit/context', '@lit/localize'],
  },
};

function violations(name) {
  const rules = ALLOWED[name];
  return modules
    .filter(({ file }) => layer(file) === name)
    .flatMap(({ file, imports }) =>
      imports
        .filter(({ specifier, local }) =>
          local ? !rules.layers.includes(layer(specifier)) : !rules.packages.some((pkg) => specifier === pkg || specifier.startsWith(`${pkg}/`)),
        )
        .map(({ specifier }) => `src/${file} imports ${specifier}`),
    );
}

describe('layers of src/', () => {
  for (const name of Object.keys(ALLOWED)) {
    test(`${name}/ imports only ${[...ALLOWED[name].layers, ...ALLOWED[name].packages].join(', ')}`, () => {
      assert.deepEqual(violations(name), []);
    });
  }

  test('only src/core/sip/ imports sip.js, and the rest of core knows no concrete SIP stack but its default factory', () => {
    const offenders = modules.flatMap(({ file, imports }) =>
      imports
        .filter(({ specifier, local }) => !local && (specifier === 'sip.js' || specifier.startsWith('sip.js/')))
        .filter(() => !file.startsWith('core/sip/'))
        .map(({ specifier }) => `src/${file} imports ${specifier}`),
    );
    assert.deepEqual(offenders, []);
    // What the rest of the kit takes from the sip.js adapter, by name: only Phone's default factory.
    const named = modules
      .filter(({ file }) => !file.startsWith('core/sip/'))
      .flatMap(({ file, text }) =>
        [...text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'[./]*\/?(?:core\/)?sip\/sipjs-stack\.js'/g)].map(
          (match) => `${file}: ${match[1].trim()}`,
        ),
      );
    assert.deepEqual(named, ['core/phone.ts: createSipjsStack'], 'everything else uses the adapter interface, core/sip/types.ts');
  });

  test('no element reaches into another element folder, except a composite or harness using the other element', () => {
    const offenders = modules.flatMap(({ file, imports }) => {
      if (layer(file) !== 'elements') return [];
      const own = file.split('/')[1];
      return imports
        .map(({ specifier }) => specifier)
        .filter((specifier) => layer(specifier) === 'elements' && specifier.split('/').length > 2)
        .filter((specifier) => specifier.split('/')[1] !== own)
        .filter((specifier) => !/\.(component|harness)\.ts$|\/rc-[a-z-]+\/rc-[a-z-]+\.ts$/.test(specifier))
        .map((specifier) => `src/${file} imports ${specifier}`);
    });
    assert.deepEqual(offenders, []);
  });

  test('nothing below the elements imports an element', () => {
    const offenders = modules
      .filter(({ file }) => !['elements', 'react', 'index.ts', 'define.ts', 'cdn.ts'].includes(layer(file)))
      .flatMap(({ file, imports }) =>
        imports.filter(({ specifier, local }) => local && layer(specifier) === 'elements').map(({ specifier }) => `src/${file} imports ${specifier}`),
      );
    assert.deepEqual(offenders, []);
  });

  test('no import cycle, type-only imports included', () => {
    const graph = new Map(modules.map(({ file, imports }) => [file, imports.filter(({ local }) => local).map(({ specifier }) => specifier)]));
    const cycles = [];
    const state = new Map(); // file → 'visiting' | 'done'
    const visit = (file, path) => {
      if (state.get(file) === 'done' || !graph.has(file)) return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file)) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    assert.deepEqual(cycles, []);
  });
});
