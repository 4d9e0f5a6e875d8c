// Chromium for Node-driven page tests (playwright-core with the system Chromium; it never
// downloads a browser of its own), and what those tests read from a page.
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumFlags } from './chromium-flags.mjs';

/** Headless Chromium with a fake microphone and loopback ICE candidates. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumFlags, headless: true });
}

/**
 * Collects what a page reports as broken: console errors and uncaught exceptions.
 * `ignore` filters known-harmless console errors by pattern.
 */
export function collectPageErrors(page, ignore = []) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    const text = url ? `${message.text()} (${url})` : message.text();
    if (!ignore.some((pattern) => pattern.test(text))) errors.push(`console.error: ${text}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.stack ?? error.message}`));
  // The console message of a failed request does not say which request it was.
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return errors;
}

/**
 * Audio statistics of the first live call of the `<rc-phone-provider>` matched by
 * `providerSelector` (WebRTC getStats: bytes and audio energy received).
 */
export function callAudio(page, providerSelector) {
  return page.evaluate(async (selector) => {
    const provider = document.querySelector(selector);
    const call = provider?.phone?.calls.find((c) => c.state === 'established');
    const pc = call?.peerConnection;
    if (!pc) return undefined;
    const stats = await pc.getStats();
    let bytesReceived = 0;
    let energy = 0;
    stats.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') {
        bytesReceived += report.bytesReceived ?? 0;
        energy += report.totalAudioEnergy ?? 0;
      }
    });
    return { bytesReceived, energy };
  }, providerSelector);
}

/**
 * Waits until `providerSelector`'s established call receives audio with energy (Chromium's
 * fake microphone beeps), i.e. the far end is heard.
 */
export async function expectHearing(page, providerSelector, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let first;
  let last;
  while (Date.now() < deadline) {
    last = await callAudio(page, providerSelector);
    if (last && !first) first = last;
    // Energy above silence (see test/rig/phone-rig.ts SILENCE) and still growing.
    if (first && last && last.bytesReceived > first.bytesReceived && last.energy - first.energy > 1e-6) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${providerSelector} hears nothing: ${JSON.stringify({ first, last })}`);
}
