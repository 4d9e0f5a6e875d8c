// temporary dev driver
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumFlags } from '../../test/rig/chromium-flags.mjs';
import { Kamailio, accounts } from '../../test/rig/kamailio.mjs';
import { bundlePage, serve, page, js } from './server.mjs';
import { median, percentile } from './stats.mjs';

const [impls = 'kit,sipjs', n = '5', stun = ''] = process.argv.slice(2);
const kamailio = await new Kamailio({ name: 'bench' }).start();
const files = new Map([['/', page('bench', '<script type="module" src="/calls.js"></script>')], ...(await bundlePage())]);
const { server, origin } = await serve(files);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumFlags, headless: true });
const acct = (u) => accounts.accounts.find((a) => a.user === u);
async function open(url) {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  p.on('console', (m) => console.log('[page]', m.text()));
  p.on('pageerror', (e) => console.log('[pageerror]', e));
  await p.goto(url);
  await p.waitForFunction(() => window.rcBench !== undefined);
  return p;
}
try {
  const pairs = [];
  const users = [['alice', 'bob'], ['carol', 'dave']];
  for (const [i, impl] of impls.split(',').entries()) {
    const [a, b] = users[i];
    const caller = await open(origin + '/');
    const callee = await open(origin.replace('127.0.0.1', 'localhost') + '/');
    const base = { impl, server: kamailio.url, domain: accounts.domain, iceServers: stun ? [{ urls: stun }] : [] };
    await caller.evaluate((o) => window.rcBench.start(o), { ...base, account: acct(a), autoAnswer: false });
    await callee.evaluate((o) => window.rcBench.start(o), { ...base, account: acct(b), autoAnswer: true });
    if (process.env.NOPLAY) await callee.evaluate(() => { HTMLMediaElement.prototype.play = () => Promise.resolve(); Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', { set() {}, get() { return null; } }); });
    pairs.push({ impl, caller, callee, target: b, samples: [] });
  }
  for (let i = 0; i < Number(n); i++) {
    for (const pair of pairs) {
      const c = await pair.caller.evaluate(([t]) => window.rcBench.dial(t, true), [pair.target]);
      await pair.callee.evaluate(() => window.rcBench.calleeReady());
      await pair.caller.evaluate(() => window.rcBench.hangup());
      const [e] = await pair.callee.evaluate(() => window.rcBench.takeCalleeRecords());
      const s = c.ok && e?.ok ? {
        established: c.established - c.start, ringing: c.ringing - c.start, ring180out: e.ring180 - e.invite, ring180in: c.ringing - c.ring180, inviteSent: c.invite - c.start,
        proxyInvite: e.invite - c.invite, answerGathering: e.ok200 - e.invite, proxyOk: c.ok200 - e.ok200, okToEst: c.established - c.ok200,
        audio: Math.max(c.firstRtp, e.firstRtp) - e.start, cGum: c.userMedia, eGum: e.userMedia, cWait: c.gatheringWait, eWait: e.gatheringWait, cC: c.candidates, eC: e.candidates,
      } : { fail: c.error ?? e?.error };
      if (c.ok && e?.ok && process.env.TIMELINE) {
        const r = (v) => v === undefined ? '-' : (v - c.start).toFixed(1);
        console.log(pair.impl, 'caller', `pc=${r(c.peer?.created)} offer=${r(c.peer?.created2)} sld=${r(c.peer?.setLocal)} sldDone=${r(c.peer?.setLocalDone)} cand=${r(c.peer?.candidates[0]?.t)} INV=${r(c.invite)} 180=${r(c.ring180)} ring=${r(c.ringing)} 200=${r(c.ok200)} srd=${r(c.peer?.setRemote)} srdDone=${r(c.peer?.setRemoteDone)} ACK=${r(c.ack)} est=${r(c.established)}`);
        console.log(pair.impl, 'callee', `INV=${r(e.invite)} 180=${r(e.ring180)} answer=${r(e.start)} gumDur=${e.userMedia?.toFixed(1)} pc=${r(e.peer?.created)} srd=${r(e.peer?.setRemote)} srdDone=${r(e.peer?.setRemoteDone)} ans=${r(e.peer?.created2)} sld=${r(e.peer?.setLocal)} sldDone=${r(e.peer?.setLocalDone)} cand=${r(e.peer?.candidates[0]?.t)} 200=${r(e.ok200)} est=${r(e.established)} ACK=${r(e.ack)} gathDone=${r(e.peer?.gatheringComplete)} cands=${e.candidates}`);
      }
      pair.samples.push(s);
      if (process.env.VERBOSE) console.log(pair.impl, JSON.stringify(s, (k, v) => typeof v === 'number' ? Math.round(v * 10) / 10 : v));
    }
  }
  for (const pair of pairs) {
    const keys = Object.keys(pair.samples.find((s) => s.established !== undefined) ?? {}).filter((k) => typeof pair.samples[0][k] === 'number');
    console.log(pair.impl, 'fails', pair.samples.filter((s) => s.fail).length, keys.map((k) => `${k}=${median(pair.samples.map((s) => s[k]))?.toFixed(1)}/${percentile(pair.samples.map((s) => s[k]), 90)?.toFixed(1)}`).join(' '));
  }
} finally {
  await browser.close();
  server.close();
  await kamailio.stop();
}
