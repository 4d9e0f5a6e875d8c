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
log.add({ id: 'r4', direction: 'outbound', displayName: 'Bob Example', user: '+16504223279', uri: 'sip:+16504223279@example.com', createdAt: ago(300), startedAt: undefined, endedAt: ago(295), endReason: 'busy' });
log.add({ id: 'r5', direction: 'outbound', displayName: '', user: 'nobody', uri: 'sip:nobody@example.com', createdAt: ago(200), startedAt: undefined, endedAt: ago(199), endReason: 'not-found' });
log.add({ id: 'r6', direction: 'inbound', displayName: 'Frank Li', user: 'frank', uri: 'sip:frank@example.com', createdAt: ago(100), startedAt: undefined, endedAt: ago(90), endReason: 'declined' });

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
  'phone-call-waiting': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.addCall({ remote: carol, startedAt: ago(140) });
      phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: bob });
    },
    after: (el) => el.shadowRoot.querySelector('rc-incoming-call').setAttribute('silent', ''),
  },
  'phone-ringing-provider-actions': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ capabilities: ['voicemail', 'forward', 'reply'] });
      phone.addCall({ direction: 'inbound', state: 'ringing', startedAt: undefined, remote: bob });
    },
    after: (el) => el.shadowRoot.querySelector('rc-incoming-call').setAttribute('silent', ''),
  },
  'phone-dialing': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ direction: 'outbound', state: 'ringing', startedAt: undefined, remote: bob }),
  },
  'phone-on-hold': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ capabilities: ['record', 'park', 'flip'] });
      phone.addCall({ remote: bob, startedAt: ago(83), held: true, muted: true, recording: true });
    },
  },
  'phone-held-by-other-side': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ remote: { displayName: '', user: '+16504223279', uri: 'sip:+16504223279@example.com' }, startedAt: ago(20), remoteHeld: true }),
  },
  'phone-reconnecting': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ connection: 'reconnecting', connectionAttempt: 2, registration: 'unregistered' });
      phone.addCall({ remote: bob, startedAt: ago(300) });
    },
  },
  'phone-in-call-keypad': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ remote: bob, startedAt: ago(83) }),
    after: async (el) => {
      const controls = el.shadowRoot.querySelector('rc-call-controls');
      controls.shadowRoot.querySelector('[data-action="keypad"]').click();
      await controls.updateComplete;
    },
  },
  'phone-after-call-busy': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) =>
      phone.addCall({ direction: 'outbound', state: 'ended', endReason: 'busy', endCode: 'busy', startedAt: undefined, remote: bob }),
  },
  'phone-after-call-ended': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.addCall({ state: 'ended', endReason: 'remote-hangup', startedAt: ago(95), endedAt: ago(0), remote: carol }),
  },
  'phone-wrong-password': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ registration: 'failed' });
      phone.setProblem({ code: 'registration-rejected', message: 'The server rejected the sign-in.' });
    },
  },
  'phone-server-unreachable': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => {
      phone.update({ connection: 'disconnected', registration: 'unregistered' });
      phone.setProblem({ code: 'server-unreachable', message: 'The phone server cannot be reached.' });
    },
  },
  'phone-microphone-blocked': {
    html: '<rc-phone></rc-phone>',
    setup: (phone) => phone.setProblem({ code: 'microphone-denied', message: 'Microphone access was denied.' }),
  },
  'phone-recent-calls': {
    html: '<rc-phone view="calls"></rc-phone>',
  },
};

/** Scenes also taken at 320 px wide (the narrowest phone the kit supports). */
const narrow = ['phone', 'phone-in-call', 'phone-ringing', 'phone-after-call-busy', 'phone-wrong-password', 'phone-recent-calls'];
for (const name of narrow) scenes[name + '-320'] = { ...scenes[name], width: 320 };

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
  if (scene.width) el.style.setProperty('--rc-phone-width', scene.width + 'px');
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

/**
 * States no scene shows by itself: after a scene renders, the mouse rests on (hover) or the
 * keyboard focus is on (focus) the element `selector` finds (Playwright's CSS pierces shadow
 * roots). Each is a screenshot of its own, and checked by axe like every scene.
 */
const FORCED = {
  'phone-in-call': [
    ['hover-hold', 'hover', '[data-action="hold"]'],
    ['focus-hangup', 'focus', '[data-action="hangup"]'],
  ],
  'phone-on-hold': [
    ['hover-resume', 'hover', '[data-action="unhold"]'],
    ['focus-unmute', 'focus', '[data-action="unmute"]'],
  ],
  phone: [
    ['focus-number', 'focus', 'rc-dialpad input'],
    ['hover-key', 'hover', 'rc-dialpad [part~="key"]'],
  ],
  'phone-wrong-password': [
    ['hover-action', 'hover', '[part~="action-button"]'],
    ['focus-action', 'focus', '[part~="action-button"]'],
  ],
  'phone-after-call-busy': [['focus-call-again', 'focus', '[data-action="call-again"]']],
};

/** WCAG 2.2 A and AA, with color-contrast: the rules axe checks on every shot. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

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
    await page.addScriptTag({ path: join(root, 'node_modules/axe-core/axe.min.js') });
    const problems = [];
    const shoot = async (file) => {
      await page.locator('section[data-shot]').screenshot({ path: join(outDir, file), animations: 'disabled' });
      const violations = await page.evaluate(
        async (tags) =>
          (await window.axe.run(document.querySelector('section[data-shot]'), { runOnly: { type: 'tag', values: tags } })).violations.map(
            (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          ),
        AXE_TAGS,
      );
      for (const violation of violations) problems.push(`${file}: ${violation}`);
      console.log(`screenshots/${file}${violations.length ? ` — ${violations.length} axe violation(s)` : ''}`);
    };
    for (const theme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      for (const name of names) {
        await page.evaluate(([scene, t]) => window.renderScene(scene, t), [name, theme]);
        await shoot(`${name}-${theme}.png`);
        for (const [state, how, selector] of FORCED[name] ?? []) {
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
