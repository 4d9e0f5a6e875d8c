// The framework examples (examples/html, react, vue), served as `npm start` serves them: in
// each, Alice's page calls Bob's page through the project's Kamailio by clicking, Bob answers
// by clicking, and both hear the other.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../../scripts/demo-server.mjs';
import { collectPageErrors, expectHearing, launchChromium } from '../rig/browser.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

let demo;
let browser;

before(async () => {
  // The plain HTML example loads the CDN build, as a page on a CDN would.
  if (!existsSync(join(root, 'dist/cdn/rc-phone-kit.min.js'))) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  demo = await startDemo();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

async function openAs(context, example, user) {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${demo.url}/examples/${example}/?user=${user}`);
  await page.getByRole('status').filter({ hasText: 'registered' }).waitFor({ timeout: 30_000 });
  return { page, errors };
}

describe('examples', () => {
  for (const example of ['html', 'react', 'vue']) {
    test(`${example}: a call placed and answered by clicking, with audio both ways`, { timeout: 120_000 }, async () => {
      const context = await browser.newContext();
      try {
        const alice = await openAs(context, example, 'alice');
        const bob = await openAs(context, example, 'bob');

        await alice.page.locator('rc-dialpad [part~="input"]').fill('bob');
        await alice.page.locator('rc-dialpad [part~="call-button"]').click();
        const answer = bob.page.locator('rc-incoming-call [part~="answer-button"]');
        await answer.waitFor({ timeout: 15_000 });
        await answer.click();

        await expectHearing(bob.page, 'rc-phone-provider');
        await expectHearing(alice.page, 'rc-phone-provider');

        await alice.page.locator('rc-call-controls [part~="hangup-button"]').click();
        await bob.page.waitForFunction(() => document.querySelector('rc-phone-provider').phone.calls.length === 0, undefined, { timeout: 10_000 });
        assert.deepEqual([...alice.errors, ...bob.errors], []);
      } finally {
        await context.close();
      }
    });
  }
});
