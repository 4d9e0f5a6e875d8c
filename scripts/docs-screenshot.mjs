// Makes docs/images/theming.png: the demo's two phones in a call, Alice in the light theme
// with a brand colour, Bob in the dark theme. Needs Kamailio, so run it on loopback:
//   node scripts/in-loopback-namespace.mjs node scripts/docs-screenshot.mjs
import { fileURLToPath } from 'node:url';
import { startDemo } from './demo-server.mjs';
import { launchChromium } from '../test/rig/browser.mjs';

const out = fileURLToPath(new URL('../docs/images/theming.png', import.meta.url));
const demo = await startDemo();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${demo.url}/demo/`);
  await page.locator('#alice .status', { hasText: 'Registered' }).waitFor();
  await page.locator('#bob .status', { hasText: 'Registered' }).waitFor();
  await page.locator('#alice rc-dialpad [part~="input"]').fill('bob');
  await page.locator('#alice rc-dialpad [part~="call-button"]').click();
  await page.locator('#bob rc-incoming-call [part~="answer-button"]').click();
  await page.locator('#alice rc-call-controls [part~="status"]', { hasText: 'Connected' }).waitFor();
  // Let the call timers tick once, so they show a running call.
  await page.waitForTimeout(2200);
  const [alice, bob] = await Promise.all([page.locator('#alice').boundingBox(), page.locator('#bob').boundingBox()]);
  const pad = 16;
  const x = Math.min(alice.x, bob.x) - pad;
  const y = Math.min(alice.y, bob.y) - pad;
  const clip = {
    x,
    y,
    width: Math.max(alice.x + alice.width, bob.x + bob.width) + pad - x,
    height: Math.max(alice.y + alice.height, bob.y + bob.height) + pad - y,
  };
  await page.screenshot({ path: out, clip });
  console.log(`Wrote ${out}`);
} finally {
  await browser.close();
  await demo.close();
}
