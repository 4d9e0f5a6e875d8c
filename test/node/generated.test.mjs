// The React wrappers (src/react/) and docs/elements.md are made from custom-elements.json by
// scripts/generate-from-manifest.mjs; committed copies must match what it makes today.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('React wrappers and the elements reference match custom-elements.json', () => {
  const check = spawnSync(process.execPath, ['scripts/generate-from-manifest.mjs', '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});
