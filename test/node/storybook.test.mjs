// Builds Storybook and loads every story (and every docs page) in Chromium: each must render
// with no console error, no uncaught exception, no failed play function, and no axe-core
// violation in the rendered story.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { collectPageErrors, launchChromium } from '../rig/browser.mjs';
import { serveDirectory } from '../rig/static-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, 'storybook-static');

// Storybook's preview announces each render on its channel; the page records the outcome
// from before any story code runs, so nothing is missed however fast a story renders.
const RECORD_OUTCOME = () => {
  let channel;
  window.__rcStory = { done: false, errors: [] };
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      const outcome = () => window.__rcStory;
      for (const name of ['storyErrored', 'storyThrewException', 'playFunctionThrewException', 'unhandledErrorsWhilePlaying', 'storyMissing']) {
        value.on(name, (detail) => {
          outcome().errors.push(`${name}: ${detail?.description ?? detail?.message ?? JSON.stringify(detail)}`);
          outcome().done = true;
        });
      }
      value.on('storyFinished', () => (outcome().done = true));
      value.on('docsRendered', () => (outcome().done = true));
    },
  });
};

let index;
let server;
let browser;
let page;
let pageErrors;

before(async () => {
  const started = Date.now();
  const build = spawnSync(join(root, 'node_modules/.bin/storybook'), ['build', '--quiet', '--disable-telemetry', '--output-dir', outDir], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(build.status, 0, `storybook build failed:\n${build.stdout}\n${build.stderr}`);
  console.log(`storybook build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
  server = await serveDirectory(outDir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Shows `entry` in the one preview page (loaded once: switching stories through the
 * preview's channel, as the Storybook UI does, is far quicker than a page load each).
 * Resolves with what went wrong: errors and axe violations.
 */
async function show(entry) {
  const viewMode = entry.type === 'docs' ? 'docs' : 'story';
  if (!page) {
    page = await browser.newPage();
    pageErrors = collectPageErrors(page);
    await page.addInitScript(RECORD_OUTCOME);
    await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${viewMode}`);
    await page.addScriptTag({ content: axe.source });
  } else {
    await page.evaluate(
      ({ id, mode }) => {
        window.__rcStory = { done: false, errors: [] };
        window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId: id, viewMode: mode });
      },
      { id: entry.id, mode: viewMode },
    );
  }
  await page.waitForFunction(() => window.__rcStory?.done === true, undefined, { timeout: 30_000 });
  const errors = [...pageErrors.splice(0), ...(await page.evaluate(() => window.__rcStory.errors))];
  if (entry.type !== 'story') return { errors, violations: [] };
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document.querySelector('#storybook-root'), {
      resultTypes: ['violations'],
      // A story is a fragment of a page, not a page: landmarks are the app's business.
      rules: { region: { enabled: false } },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return { errors, violations };
}

describe('Storybook', () => {
  test('has stories for every element', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
    const tags = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .map((d) => d.tagName)
      .filter(Boolean);
    const components = new Set(Object.values(index.entries).map((entry) => entry.componentPath ?? entry.importPath));
    const titles = Object.values(index.entries).map((entry) => entry.title.toLowerCase());
    assert.ok(components.size > 0);
    for (const tag of tags)
      assert.ok(
        titles.some((title) => title.includes(tag)),
        `no stories for <${tag}>`,
      );
  });

  test('every story renders with no console error and no axe violation', async (t) => {
    const entries = Object.values(index.entries).filter((entry) => entry.type === 'story');
    assert.ok(entries.length > 0, 'no stories were built');
    for (const entry of entries) {
      await t.test(entry.id, async () => {
        const { errors, violations } = await show(entry);
        assert.deepEqual(errors, [], `${entry.id}: errors`);
        assert.deepEqual(violations, [], `${entry.id}: axe violations`);
      });
    }
  });

  test('every docs page renders with no console error', async (t) => {
    const entries = Object.values(index.entries).filter((entry) => entry.type === 'docs');
    assert.ok(entries.length > 0, 'no docs pages were built');
    for (const entry of entries) {
      await t.test(entry.id, async () => {
        const { errors } = await show(entry);
        assert.deepEqual(errors, [], `${entry.id}: errors`);
      });
    }
  });
});
