// `npm run screenshots`: PNGs of every element in the light and dark themes, in
// screenshots/, for people to look at (design review, docs). The elements run from their
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
 * The scenes. Each one mounts an element in a section that provides its own fake phone;
 * `setup(phone)` scripts the phone's state. Runs in the page.
 */
const PAGE_SCRIPT = `
import '/src/define.ts';
import { FakePhone } from '/src/elements/testing.harness.ts';
import { recentCalls } from '/src/services/recent-calls.ts';

const ago = (seconds) => Date.now() - seconds * 1000;
const bob = { displayName: 'Bob Example', user: '+16504223279', uri: 'sip:+16504223279@example.com' };
const carol = { displayName: 'Carol Jones', user: 'carol', uri: 'sip:carol@example.com' };

const log = recentCalls('sip:me@example.com');
log.clear();
log.add({ id: 'r1', direction: 'inbound', displayName: 'Dave Miller', user: '+14155550123', uri: 'sip:+14155550123@example.com', createdAt: ago(3600), startedAt: undefined, endedAt: ago(3590) });
log.add({ id: 'r2', direction: 'outbound', displayName: '', user: '101', uri: 'sip:101@example.com', createdAt: ago(1800), startedAt: ago(1795), endedAt: ago(1600) });
log.add({ id: 'r3', direction: 'inbound', displayName: 'Erin Walsh', user: 'erin', uri: 'sip:erin@example.com', createdAt: ago(600), startedAt: ago(595), endedAt: ago(420) });

const scenes = {
  'dialpad': { html: '<rc-dialpad value="+16504223279"></rc-dialpad>' },
  'dialpad-invalid': {
    html: '<rc-dialpad value="hello world!"></rc-dialpad>',
    after: (el) => el.dial(),
  },
  'dialpad-no-provider': { html: '<rc-dialpad></rc-dialpad>', noPhone: true },
  'call-controls': {
    html: '<rc-call-controls style="width: 24rem"></rc-call-controls>',
    setup: (phone) => {
      phone.update({ capabilities: ['record', 'park', 'flip'] });
      phone.addCall({ remote: bob, startedAt: ago(83) });
    },
  },
  'call-controls-keypad': {
    html: '<rc-call-controls style="width: 24rem"></rc-call-controls>',
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(83) }),
    after: async (el) => el.shadowRoot.querySelector('[data-action="keypad"]').click(),
  },
  'call-controls-warm-transfer': {
    html: '<rc-call-controls style="width: 24rem"></rc-call-controls>',
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(200) }),
    after: async (el, phone) => {
      await el.request('consult', { target: 'carol' });
      const consult = phone.snapshot.calls.find((c) => c.state === 'dialing');
      phone.update({ calls: phone.snapshot.calls.map((c) => (c.id === consult.id ? { ...c, state: 'established', startedAt: ago(12), remote: carol } : { ...c, held: true })) });
    },
  },
  'incoming-call': {
    html: '<rc-incoming-call silent style="width: 22rem"></rc-incoming-call>',
    setup: (phone) => {
      phone.update({ capabilities: ['voicemail', 'forward', 'reply'] });
      phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: bob });
    },
  },
  'call-list': {
    html: '<rc-call-list style="width: 24rem"></rc-call-list>',
    setup: (phone) => {
      phone.addCall({ remote: carol, startedAt: ago(300), held: true });
      phone.addCall({ remote: bob, startedAt: ago(83) });
      phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: { displayName: 'Frank Li', user: 'frank', uri: 'sip:frank@example.com' } });
    },
  },
  'device-picker': { html: '<rc-device-picker style="width: 24rem"></rc-device-picker>' },
  'phone': { html: '<rc-phone></rc-phone>' },
  'phone-in-call': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(83) }),
  },
  'phone-ringing': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: bob }),
    after: (el) => el.shadowRoot.querySelector('rc-incoming-call').setAttribute('silent', ''),
  },
};

window.renderScene = async (name, theme) => {
  const scene = scenes[name];
  document.body.replaceChildren();
  document.documentElement.setAttribute('theme', theme);
  const section = document.createElement('section');
  section.dataset.shot = '';
  section.style.cssText = 'display: inline-block; padding: 24px; background: ' + (theme === 'dark' ? '#121316' : '#f6f7f8');
  const phone = scene.noPhone ? undefined : new FakePhone({ uri: 'sip:me@example.com' });
  phone?.provide(section);
  section.innerHTML = scene.html;
  const el = section.firstElementChild;
  el.setAttribute('theme', theme);
  if (phone && scene.setup) scene.setup(phone);
  document.body.append(section);
  await el.updateComplete;
  if (scene.after) await scene.after(el, phone);
  // Let nested elements and device lists settle.
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await Promise.all([...section.querySelectorAll('*'), ...el.shadowRoot.querySelectorAll('*')].map((node) => node.updateComplete));
  }
};
window.sceneNames = Object.keys(scenes);
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
    optimizeDeps: { entries: ['src/define.ts', 'src/elements/testing.harness.ts'] },
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
    const names = await page.evaluate(() => window.sceneNames);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    for (const theme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      for (const name of names) {
        await page.evaluate(([scene, t]) => window.renderScene(scene, t), [name, theme]);
        const file = join(outDir, `${name}-${theme}.png`);
        await page.locator('section[data-shot]').screenshot({ path: file, animations: 'disabled' });
        console.log(`screenshots/${name}-${theme}.png`);
      }
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
