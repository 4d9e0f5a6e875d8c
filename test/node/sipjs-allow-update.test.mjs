// @ts-check
// The kit's sip.js lists UPDATE in its Allow headers (scripts/sipjs-allow-update.mjs).
// Run: node --test test/node/sipjs-allow-update.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bundleSipjs } from '../../scripts/browser-deps.mjs';
import { allowUpdate } from '../../scripts/sipjs-allow-update.mjs';

test('the sip.js 0.21 files are recognised and UPDATE is added once to each list', () => {
  for (const file of ['lib/core/user-agent-core/allowed-methods.js', 'lib/api/inviter.js']) {
    const path = new URL(`../../node_modules/sip.js/${file}`, import.meta.url);
    const changed = allowUpdate(readFileSync(path, 'utf8'), path.pathname);
    assert.ok(changed, `${file} is recognised`);
    assert.equal(changed.match(/UPDATE/g)?.length, 1, `${file}: UPDATE added once`);
  }
  assert.equal(allowUpdate('export const x = 1;', '/x/sip.js/lib/api/inviter.js'), undefined, 'an unknown inviter.js is left alone');
  assert.equal(allowUpdate('export const x = 1;', '/x/other.js'), null, 'other modules are not touched');
});

test('the bundled sip.js sends UPDATE in Allow: AllowedMethods and the Inviter’s list', async () => {
  const code = await bundleSipjs();
  assert.match(code, /C\.SUBSCRIBE,\s*C\.UPDATE\s*\]/);
  assert.match(code, /"REFER", "UPDATE"\]/);
});
