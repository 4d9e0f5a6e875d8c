// `npm run screenshots`: PNGs of every element and every screen of <rc-phone> (status
// problems, incoming, call waiting, in call, held, after the call, recent calls) in the light
// and dark themes, some at 320 px, with hover and keyboard focus forced on the controls that
// change look; each shot is checked by axe (WCAG 2.2 AA including color-contrast) and the
// run fails on a violation. In screenshots/, for people to look at (design review, docs). The elements run from their
// TypeScript sources (Vite) against a scripted fake phone (FakePhone from the testing
// module), so no SIP server is needed and every run shows the same calls.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_PATH, chromiumFlags } from '../test/rig/chromium-flags.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'screenshots');
const PAGE = '/__screenshots__.html';

/**
 * The scenes (test/screens/scenes.ts, shared with the contrast test of `npm test`): each
 * mounts an element in a section that provides its own fake phone. Runs in the page.
 */
const PAGE_SCRIPT = `
import '/src/define.ts';
import { AXE_TAGS, FORCED, SCENE_NAMES, renderScene } from '/test/screens/scenes.ts';

window.renderScene = (name, theme) => renderScene(name, theme).then(() => undefined);
window.sceneNames = SCENE_NAMES;
window.forced = FORCED;
window.axeTags = AXE_TAGS;
`;

function screenshotPage() {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rc-phone-kit screenshots</title>
<style>body { margin: 0; font-family: system-ui, sans-serif; }</style></head>
<body><script type="module">${PAGE_SCRIPT}</script></body></html>`;
  return {
    name: 'rc-screenshot-page',
    configureServer(server) {
      server.middlewares.use(async (req, res, next) => {
        if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== PAGE) return next();
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(await server.transformIndexHtml(PAGE, html));
      });
    },
  };
}

async function main() {
  const vite = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    plugins: [screenshotPage()],
    optimizeDeps: { entries: ['src/define.ts', 'src/elements/testing.harness.ts', 'test/screens/scenes.ts'] },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  });
  await vite.listen();
  const { port } = vite.httpServer.address();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumFlags });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
    await page.goto(`http://127.0.0.1:${port}${PAGE}`);
    await page.waitForFunction(() => Array.isArray(window.sceneNames), undefined, { timeout: 60_000 });
    const { names, forced, axeTags } = await page.evaluate(() => ({ names: window.sceneNames, forced: window.forced, axeTags: window.axeTags }));
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
    const problems = [];
    const shoot = async (file) => {
      await page.locator('section[data-shot]').screenshot({ path: join(outDir, file), animations: 'disabled' });
      const violations = await page.evaluate(
        async (tags) =>
          (await window.axe.run(document.querySelector('section[data-shot]'), { runOnly: { type: 'tag', values: tags } })).violations.map(
            (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          ),
        axeTags,
      );
      for (const violation of violations) problems.push(`${file}: ${violation}`);
      console.log(`screenshots/${file}${violations.length ? ` — ${violations.length} axe violation(s)` : ''}`);
    };
    for (const theme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      for (const name of names) {
        await page.evaluate(([scene, t]) => window.renderScene(scene, t), [name, theme]);
        await shoot(`${name}-${theme}.png`);
        for (const [state, how, selector] of forced[name] ?? []) {
          await page.evaluate(([scene, t]) => window.renderScene(scene, t), [name, theme]);
          const target = page.locator(`section[data-shot] ${selector}`).first();
          // Focus by keyboard, so :focus-visible applies as it does for keyboard users.
          if (how === 'focus') await target.evaluate((node) => node.focus({ focusVisible: true }));
          else await target.hover();
          await shoot(`${name}-${state}-${theme}.png`);
          await page.mouse.move(0, 0);
        }
      }
    }
    if (problems.length) {
      console.error(`axe found ${problems.length} violation(s):\n${problems.join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await vite.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
