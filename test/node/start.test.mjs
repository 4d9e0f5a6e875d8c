// `npm start` as a newcomer runs it: the script prints the demo's URL; in Chromium, Alice
// types "bob" and presses Call, Bob presses Answer, and both hear the other (WebRTC
// getStats). Ctrl-C (SIGINT) then stops everything the script started.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { collectPageErrors, expectHearing, launchChromium } from '../rig/browser.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

let child;
let output = '';
let browser;
/** What the script printed: the demo's URL and Kamailio's port (read once, for every test). */
let started;

/** Resolves with the first stdout match of `pattern`, or rejects when the script exits first. */
function waitForOutput(pattern, timeout) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No ${pattern} within ${timeout} ms; output:\n${output}`)), timeout);
    const check = () => {
      const match = pattern.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match);
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}; output:\n${output}`)));
    check();
  });
}

const portOpen = (port) =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

before(async () => {
  // Port 0: the test must not collide with a demo a developer is running.
  child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  // Each test awaits this itself, so any one of them runs alone (--test-name-pattern).
  started = (async () => {
    const [, url] = await waitForOutput(/rc-phone-kit demo: (http:\/\/127\.0\.0\.1:\d+\/demo\/)/, 60_000);
    const [, kamailioPort] = await waitForOutput(/Kamailio: ws:\/\/127\.0\.0\.1:(\d+)/, 1_000);
    return { url, kamailioPort: Number(kamailioPort) };
  })();
  started.catch(() => undefined);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

test('npm start prints the URL of the demo', { timeout: 90_000 }, async () => {
  const { url, kamailioPort } = await started;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/demo\/$/);
  assert.ok(await portOpen(kamailioPort), 'Kamailio listens while the demo runs');
});

test('Alice calls Bob by clicking, Bob answers, and each hears the other', { timeout: 90_000 }, async () => {
  const { url } = await started;
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await page.goto(url);
  await page.locator('#alice .status', { hasText: 'Registered' }).waitFor({ timeout: 20_000 });
  await page.locator('#bob .status', { hasText: 'Registered' }).waitFor({ timeout: 20_000 });

  // Alice dials by clicking: the name into the number field, then the call button.
  await page.locator('#alice rc-dialpad [part~="input"]').fill('bob');
  await page.locator('#alice rc-dialpad [part~="call-button"]').click();

  // Bob's phone rings; he answers by clicking.
  const answer = page.locator('#bob rc-incoming-call [part~="answer-button"]');
  await answer.waitFor({ timeout: 15_000 });
  await answer.click();

  // Both hear the other: audio packets with energy (Chromium's fake microphone beeps).
  await expectHearing(page, '#bob rc-phone-provider');
  await expectHearing(page, '#alice rc-phone-provider');

  // Alice hangs up by clicking.
  await page.locator('#alice rc-call-controls [part~="hangup-button"]').click();
  await page.locator('.log', { hasText: 'Bob: call ended (remote-hangup)' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the RingCentral page signs in through the emulated PKCE flow and registers', { timeout: 90_000 }, async () => {
  const { url } = await started;
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await page.goto(new URL('ringcentral.html', url).href);
  const signIn = page.locator('rc-login [part~="login-button"]');
  await signIn.waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => !document.querySelector('rc-login').shadowRoot.querySelector('[part~="login-button"]').disabled);
  const [popup] = await Promise.all([page.waitForEvent('popup'), signIn.click()]);
  // The emulator's sign-in page: pick the user and approve.
  await popup.locator('#login').selectOption('alice');
  await popup.locator('#approve').click();
  await page.locator('rc-login [part~="user"]', { hasText: 'Alice Example' }).waitFor({ timeout: 20_000 });
  await page.locator('#ringcentral .status', { hasText: 'Registered' }).waitFor({ timeout: 20_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the token page signs in to the app and registers with minted credentials', { timeout: 60_000 }, async () => {
  const { url } = await started;
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await page.goto(new URL('token.html', url).href);
  await page.getByRole('button', { name: 'Sign in to the app' }).click();
  await page.locator('#token .status', { hasText: 'Registered' }).waitFor({ timeout: 20_000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('Ctrl-C stops everything npm start started', { timeout: 30_000 }, async () => {
  const { url, kamailioPort } = await started;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGINT');
  assert.deepEqual(await exited, { code: 0, signal: null });
  assert.equal(await portOpen(kamailioPort), false, 'Kamailio stopped with the demo');
  assert.equal(await portOpen(Number(new URL(url).port)), false, 'the web server stopped with the demo');
});
