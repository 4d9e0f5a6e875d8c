// Fails when custom-elements.json is not what the analyzer makes from the JSDoc today.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

// A folder of this run's own (several checkouts may share one node_modules); the analyzer
// resolves --outdir against the working directory.
const out = relative(process.cwd(), mkdtempSync(join(tmpdir(), 'cem-check-')));
const result = spawnSync('node_modules/.bin/cem', ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (result.status !== 0) process.exit(result.status ?? 1);
const fresh = readFileSync(join(out, 'custom-elements.json'), 'utf8');
rmSync(out, { recursive: true, force: true });
let committed = '';
try {
  committed = readFileSync('custom-elements.json', 'utf8');
} catch {
  // Missing counts as stale.
}
if (JSON.stringify(JSON.parse(fresh)) !== (committed && JSON.stringify(JSON.parse(committed)))) {
  console.error('custom-elements.json is stale: run `npm run analyze` and commit the result.');
  process.exit(1);
}
console.log('custom-elements.json is up to date.');
