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
// before any story code runs, so nothing is missed however fast a story renders.
const RECORD_OUTCOME = () => {
  let channel;
  const outcome = { done: false, errors: [] };
  window.__rcStoryOutcome = outcome;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      const fail = (name) => (detail) => outcome.errors.push(`${name}: ${detail?.description ?? detail?.message ?? JSON.stringify(detail)}`);
      for (const name of ['storyErrored', 'storyThrewException', 'playFunctionThrewException', 'unhandledErrorsWhilePlaying', 'storyMissing']) {
        value.on(name, fail(name));
        value.on(name, () => (outcome.done = true));
      }
      value.on('storyFinished', () => (outcome.done = true));
      value.on('docsRendered', () => (outcome.done = true));
    },
  });
};

let index;
let server;
let browser;

before(async () => {
  const started = Date.now();
  const build = spawnSync(join(root, 'node_modules/.bin/storybook'), ['build', '--quiet', '--disable-telemetry', '--output-dir', outDir], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, `storybook build failed:\n${build.stdout}\n${build.stderr}`);
  console.log(`# storybook build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8'));
  server = await serveDirectory(outDir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function load(entry) {
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  try {
    await page.addInitScript(RECORD_OUTCOME);
    await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${entry.type === 'docs' ? 'docs' : 'story'}`);
    await page.waitForFunction(() => window.__rcStoryOutcome?.done === true, undefined, { timeout: 30_000 });
    errors.push(...(await page.evaluate(() => window.__rcStoryOutcome.errors)));
    let violations = [];
    if (entry.type === 'story') {
      await page.addScriptTag({ content: axe.source });
      violations = await page.evaluate(async () => {
        const result = await window.axe.run(document.querySelector('#storybook-root'), {
          resultTypes: ['violations'],
          // A story is a fragment of a page, not a page: landmarks are the app's business.
          rules: { region: { enabled: false } },
        });
        return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    }
    return { errors, violations };
  } finally {
    await page.close();
  }
}

describe('Storybook', () => {
  test('has stories for every element', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).map((d) => d.tagName).filter(Boolean);
    const components = new Set(Object.values(index.entries).map((entry) => entry.componentPath ?? entry.importPath));
    const titles = Object.values(index.entries).map((entry) => entry.title.toLowerCase());
    assert.ok(components.size > 0);
    for (const tag of tags) assert.ok(titles.some((title) => title.includes(tag)), `no stories for <${tag}>`);
  });

  test('every story renders with no console error and no axe violation', async (t) => {
    const entries = Object.values(index.entries).filter((entry) => entry.type === 'story');
    assert.ok(entries.length > 0, 'no stories were built');
    for (const entry of entries) {
      await t.test(entry.id, async () => {
        const { errors, violations } = await load(entry);
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
        const { errors } = await load(entry);
        assert.deepEqual(errors, [], `${entry.id}: errors`);
      });
    }
  });
});
