// `npm run bench`: call setup, registration, bundle size, memory and first render of the
// kit, measured against plain sip.js in the same run (real Chromium, the project's
// Kamailio, loopback only); call setup and registration in Firefox ESR too. Prints a
// markdown report and writes test-results/bench.md.
//
//   node scripts/in-loopback-namespace.mjs node scripts/bench/bench.mjs [--calls 30] [--memory-calls 200] [--only calls,stun,register,memory,render,bundles] [--browsers chromium,firefox]
import { createSocket } from 'node:dgram';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
// The puppeteer-core that @web/test-runner-chrome ships (the browser tests' Firefox launcher too).
import { puppeteerCore } from '@web/test-runner-chrome';
import { CHROMIUM_PATH, chromiumFlags } from '../../test/rig/chromium-flags.mjs';
import { firefoxLaunchOptions } from '../../test/rig/firefox.mjs';
import { Kamailio, accounts } from '../../test/rig/kamailio.mjs';
import { definedElements, measureAllElements, measureOthers } from './bundles.mjs';
import { renderPage } from './render-page.mjs';
import { bundlePage, js, page, serve } from './server.mjs';
import { kb, median, ms, percentile, ratio, table } from './stats.mjs';

const SECTIONS = ['calls', 'stun', 'register', 'memory', 'render', 'bundles', 'quality'];
const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '30' },
    'stun-baseline-calls': { type: 'string', default: '3' },
    'memory-calls': { type: 'string', default: '200' },
    registrations: { type: 'string', default: '20' },
    'quality-seconds': { type: 'string', default: '10' },
    renders: { type: 'string', default: '10' },
    only: { type: 'string', default: SECTIONS.join(',') },
    // Firefox runs the call setup and registration sections (the others read Chromium's CDP).
    browsers: { type: 'string', default: 'chromium,firefox' },
  },
});
const only = new Set(args.only.split(','));
const inFirefox = args.browsers.split(',').includes('firefox');
const CALLS = Number(args.calls);

/** Goals from the performance issue, checked at the end. */
const GOALS = {
  establishedMedian: 60,
  establishedRatio: 0.4,
  deadStunSetup: 600,
  kitOwnGzip: 30 * 1024,
  providerDialpadGzip: 72 * 1024,
  ringcentralGzip: 20 * 1024,
  heapGrowth: 2 * 1024 * 1024,
};

const account = (user) => {
  const found = accounts.accounts.find((a) => a.user === user);
  if (!found) throw new Error(`no test account ${user}`);
  return found;
};

/** A UDP port nothing listens on: a STUN server there is unreachable (requests go unanswered). */
async function closedUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

/** Report text by section, printed in SECTIONS order at the end (sections overlap in time). */
const report = new Map();
let current = 'header';
const say = (text = '') => {
  if (!report.has(current)) report.set(current, []);
  report.get(current).push(text);
};
const progress = (text) => console.error(`[bench] ${text}`);
const pageErrors = [];

async function openPage(browser, origin) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  tab.on('pageerror', (error) => pageErrors.push(`${origin}: ${error.message}`));
  await tab.goto(`${origin}/`);
  await tab.waitForFunction(() => window.rcBench !== undefined);
  return { context, page: tab };
}

/**
 * A caller page and a callee page (different origins, so different renderer processes,
 * like two people's browsers), each with a party of `impl` registered.
 */
async function openPair(env, impl, callerUser, calleeUser, iceServers) {
  const caller = await openPage(env.browser, env.origin);
  const callee = await openPage(env.browser, env.otherOrigin);
  const pair = { impl, caller: caller.page, callee: callee.page, contexts: [caller.context, callee.context], target: calleeUser };
  await restartPair(env, pair, callerUser, calleeUser, iceServers);
  return pair;
}

/** New parties (fresh phones: nothing learnt) on the same, already warm, pages. */
async function restartPair(env, pair, callerUser, calleeUser, iceServers, quality = true) {
  const base = { impl: pair.impl, server: env.kamailio.url, domain: accounts.domain, iceServers, quality };
  await pair.caller.evaluate((options) => window.rcBench.start(options), { ...base, account: account(callerUser), autoAnswer: false });
  await pair.callee.evaluate((options) => window.rcBench.start(options), { ...base, account: account(calleeUser), autoAnswer: true });
  pair.target = calleeUser;
}

async function closePair(pair) {
  await Promise.all([pair.caller.evaluate(() => window.rcBench.stop()), pair.callee.evaluate(() => window.rcBench.stop())]);
  await Promise.all(pair.contexts.map((context) => context.close()));
}

/** One call, measured on both sides; the caller hangs up once both have heard audio. */
async function oneCall(pair, measureAudio) {
  const caller = await pair.caller.evaluate(([target, audio]) => window.rcBench.dial(target, audio), [pair.target, measureAudio]);
  await pair.callee.evaluate(() => window.rcBench.calleeReady());
  await pair.caller.evaluate(() => window.rcBench.hangup());
  const [callee] = await pair.callee.evaluate(() => window.rcBench.takeCalleeRecords());
  if (!caller.ok || !callee?.ok) return { ok: false, error: caller.error ?? callee?.error ?? 'the callee never saw the call' };
  const diff = (a, b) => (a === undefined || b === undefined ? undefined : a - b);
  return {
    ok: true,
    ringing: diff(caller.ringing, caller.start),
    established: diff(caller.established, caller.start),
    answerToAudio: measureAudio ? diff(Math.max(caller.firstRtp, callee.firstRtp), callee.start) : undefined,
    callerUserMedia: caller.userMedia,
    inviteSent: diff(caller.invite, caller.start),
    callerWait: caller.gatheringWait,
    proxyInvite: diff(callee.invite, caller.invite),
    calleeAnswer: diff(callee.ok200, callee.invite),
    calleeRinging: diff(callee.ring180, callee.invite),
    calleeToAnswer: diff(callee.start, callee.invite),
    calleeSetRemote: callee.setRemote,
    calleeUserMedia: callee.userMedia,
    calleeWait: callee.gatheringWait,
    proxyOk: diff(caller.ok200, callee.ok200),
    okToEstablished: diff(caller.established, caller.ok200),
    callerSetRemote: caller.setRemote,
  };
}

const ok = (samples) => samples.filter((s) => s.ok);
const failures = (samples) => samples.filter((s) => !s.ok);
const col = (samples, key) => ok(samples).map((s) => s[key]);
const stat = (samples, key) => `${ms(median(col(samples, key)))} / ${ms(percentile(col(samples, key), 90))}`;
const failText = (samples) =>
  `${failures(samples).length}/${samples.length}${failures(samples).length ? ` (${[...new Set(failures(samples).map((s) => s.error))].join('; ')})` : ''}`;

// ---- sections ----

/**
 * What the call quality monitor costs (src/core/quality): the caller page's main-thread
 * time (Chromium's own `TaskDuration`, CDP Performance.getMetrics) per second of an
 * established call, with the monitor on and off; its getStats() calls per call-second; and
 * what is left after the hang-up (getStats() calls and 1-second timers, counted in the page).
 */
async function qualityCost(env, results) {
  progress('quality');
  current = 'quality';
  const seconds = Number(args['quality-seconds']);
  const pair = await openPair(env, 'kit', 'alice', 'bob', []);
  const cdp = await pair.caller.context().newCDPSession(pair.caller);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const counts = () => pair.caller.evaluate(() => window.rcBench.statsCounts());
  const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const rows = [];
  const measured = {};
  for (const quality of [false, true, false, true]) {
    await restartPair(env, pair, 'alice', 'bob', [], quality);
    const call = await pair.caller.evaluate((target) => window.rcBench.dial(target, true), pair.target);
    if (!call.ok) throw new Error(`quality bench call failed: ${call.error}`);
    await pair.callee.evaluate(() => window.rcBench.calleeReady());
    await wait(1_000);
    const [cpu0, n0] = [await taskSeconds(), await counts()];
    await wait(seconds * 1_000);
    const [cpu1, n1] = [await taskSeconds(), await counts()];
    await pair.caller.evaluate(() => window.rcBench.hangup());
    await pair.callee.evaluate(() => window.rcBench.takeCalleeRecords());
    const n2 = await counts();
    // Three monitor periods after the hang-up: anything it left running would show.
    await wait(3_000);
    const n3 = await counts();
    const key = quality ? 'on' : 'off';
    (measured[key] ??= []).push({
      cpuMsPerSecond: ((cpu1 - cpu0) * 1000) / seconds,
      monitorMsPerSecond: (n1.busyMs - n0.busyMs) / seconds,
      getStatsPerSecond: (n1.getStats - n0.getStats) / seconds,
      getStatsAfter: n3.getStats - n2.getStats,
      timersAfter: n3.secondTimers - n2.secondTimers,
    });
  }
  await closePair(pair);
  const mean = (list, key) => list.reduce((sum, x) => sum + x[key], 0) / list.length;
  for (const key of ['off', 'on']) {
    const list = measured[key];
    rows.push([
      `monitor ${key}`,
      `${mean(list, 'cpuMsPerSecond').toFixed(2)} ms`,
      `${mean(list, 'monitorMsPerSecond').toFixed(3)} ms`,
      mean(list, 'getStatsPerSecond').toFixed(2),
      String(list.reduce((sum, x) => sum + x.getStatsAfter, 0)),
      String(list.reduce((sum, x) => sum + x.timersAfter, 0)),
    ]);
  }
  const cost = mean(measured.on, 'monitorMsPerSecond');
  results.quality = { measured, cost };
  say(`## Call quality monitor (${measured.on.length} calls with it, ${measured.off.length} without, ${seconds} s measured in each)`);
  say();
  say(
    "Per second of an established call, in the caller's page: all its main-thread time (Chromium's TaskDuration: everything the page runs, the call included; noisy on a loaded machine), the monitor's own JavaScript (timed around each measurement: timer → getStats(), and getStats() resolved → the next timer, which covers parsing, the MOS, warnings and the events they fire), its getStats() calls; and what ran in the 3 s after each hang-up (getStats() calls; 1-second timers, the monitor's period).",
  );
  say();
  say(
    table(
      ['', 'page main thread per call-second', 'monitor JS per call-second', 'getStats() / s', 'getStats() after hang-up', '1-s timers after hang-up'],
      rows,
    ),
  );
  say();
  say(
    `Monitor cost: **${cost.toFixed(3)} ms of main-thread JavaScript per call-second** (${(cost / 10).toFixed(4)} % of one core); getStats() itself runs on Chromium's WebRTC threads.`,
  );
  say();
}

/** The call setups compared: the kit as an app bundles it, plain sip.js. */
const VARIANTS = [
  { key: 'kit', impl: 'kit', users: ['alice', 'bob'], label: 'kit' },
  { key: 'sipjs', impl: 'sipjs', users: ['carol', 'dave'], label: 'plain sip.js (defaults)' },
];

async function callSetup(env, results) {
  progress(`calls${env.suffix}`);
  current = `calls${env.suffix}`;
  const pairs = {};
  for (const v of VARIANTS) pairs[v.key] = await openPair(env, v.impl, v.users[0], v.users[1], []);
  // Warm-up (not counted): the first call of a page opens the fake microphone and compiles code.
  for (const v of VARIANTS) await oneCall(pairs[v.key], true);
  const samples = Object.fromEntries(VARIANTS.map((v) => [v.key, []]));
  // Interleaved, so a burst of load on this shared machine hits all alike.
  for (let i = 0; i < CALLS; i++) for (const v of VARIANTS) samples[v.key].push(await oneCall(pairs[v.key], true));
  results.calls = samples;
  results.pages = pairs;
  const m = (key, metric) => median(col(samples[key], metric));
  const rows = (label, metric, bold = false) => {
    const b = (text) => (bold ? `**${text}**` : text);
    return [
      b(label),
      ...VARIANTS.map((v) => (v.key === 'sipjs' ? stat(samples[v.key], metric) : b(stat(samples[v.key], metric)))),
      b(ratio(m('kit', metric), m('sipjs', metric))),
    ];
  };
  say(`## Call setup${env.title}, no STUN/TURN server (${CALLS} calls each, interleaved, after one warm-up call)`);
  say();
  say(
    "Caller and callee are two pages (two renderer processes, like two people's browsers) registered with the project's Kamailio; the callee answers at once. Median / p90. The kit runs sip.js as the package ships it (dist/vendor/sip.js: its parser decodes its table once, scripts/sipjs-grammar.mjs); plain sip.js is the npm package as it is.",
  );
  say();
  say(
    table(
      ['', ...VARIANTS.map((v) => v.label), 'kit ÷ sip.js'],
      [
        rows('Dial → remote ringing (180)', 'ringing'),
        rows('Dial → established', 'established', true),
        rows('Answer → two-way audio (first RTP on both sides)', 'answerToAudio'),
        ['Failed calls', ...VARIANTS.map((v) => failText(samples[v.key])), ''],
      ],
    ),
  );
  say();
  say('Where the time goes (medians of each step, so they add up only roughly to dial → established):');
  say();
  const step = (label, metric) => [label, ...VARIANTS.map((v) => ms(m(v.key, metric)))];
  say(
    table(
      ['step', ...VARIANTS.map((v) => v.label)],
      [
        step('caller: dial → INVITE sent', 'inviteSent'),
        step('  of which getUserMedia (the kit: while the INVITE goes out, the microphone being allowed already)', 'callerUserMedia'),
        step('  of which setLocalDescription → INVITE (ICE candidates)', 'callerWait'),
        step('Kamailio: INVITE caller → callee', 'proxyInvite'),
        step('callee: INVITE received → 200 OK sent', 'calleeAnswer'),
        step('  of which INVITE → 180 Ringing sent', 'calleeRinging'),
        step('  of which INVITE → answer() called (on the incoming-call event)', 'calleeToAnswer'),
        step('  of which getUserMedia (the kit: while the 200 OK goes out)', 'calleeUserMedia'),
        step('  of which setRemoteDescription(offer)', 'calleeSetRemote'),
        step('  of which setLocalDescription → 200 OK (ICE candidates)', 'calleeWait'),
        step('Kamailio: 200 OK callee → caller', 'proxyOk'),
        step('caller: 200 OK → established (setRemoteDescription, ACK, start playing audio)', 'okToEstablished'),
        step('  of which setRemoteDescription(answer)', 'callerSetRemote'),
      ],
    ),
  );
  say();
}

async function unreachableStun(env, results) {
  progress('stun');
  current = 'stun';
  const port = await closedUdpPort();
  const iceServers = [{ urls: `stun:127.0.0.1:${port}` }];
  const { kit, sipjs } = results.pages ?? { kit: await openPair(env, 'kit', 'alice', 'bob', []), sipjs: await openPair(env, 'sipjs', 'carol', 'dave', []) };
  // Fresh phones on warm pages: the first call meets the dead server knowing nothing about it.
  await restartPair(env, kit, 'erin', 'frank', iceServers);
  await restartPair(env, sipjs, 'grace', 'heidi', iceServers);
  const kitSamples = [];
  for (let i = 0; i < CALLS; i++) kitSamples.push(await oneCall(kit, false));
  const sipjsSamples = [];
  for (let i = 0; i < Number(args['stun-baseline-calls']); i++) sipjsSamples.push(await oneCall(sipjs, false));
  results.stun = { kit: kitSamples, sipjs: sipjsSamples };
  const est = (samples) => col(samples, 'established');
  const under = (samples) => `${est(samples).filter((v) => v < GOALS.deadStunSetup).length}/${samples.length}`;
  const first = (samples) => (samples[0]?.ok ? ms(samples[0].established) : `failed: ${samples[0]?.error}`);
  say(`## Unreachable STUN server (\`stun:127.0.0.1:${port}\`, a closed port), the same for both`);
  say();
  say(
    `Fresh phones for this section: the kit's first call meets the dead server knowing nothing. ${CALLS} kit calls, ${sipjsSamples.length} sip.js calls (each waits sip.js's 5 s default timeout).`,
  );
  say();
  say(
    table(
      ['', 'kit', 'plain sip.js (defaults)'],
      [
        ['First call: dial → established', first(kitSamples), first(sipjsSamples)],
        ['All calls: dial → established, median / p90', stat(kitSamples, 'established'), stat(sipjsSamples, 'established')],
        ['All calls: slowest', ms(Math.max(...est(kitSamples))), ms(Math.max(...est(sipjsSamples)))],
        [`Calls set up in under ${GOALS.deadStunSetup} ms`, under(kitSamples), under(sipjsSamples)],
        [
          'Caller waiting for ICE candidates, first call / later median',
          `${ms(kitSamples[0]?.callerWait)} / ${ms(median(col(kitSamples.slice(1), 'callerWait')))}`,
          `${ms(sipjsSamples[0]?.callerWait)} / ${ms(median(col(sipjsSamples.slice(1), 'callerWait')))}`,
        ],
        ['Failed calls', failText(kitSamples), failText(sipjsSamples)],
      ],
    ),
  );
  say();
  await closePair(kit);
  await closePair(sipjs);
}

async function registration(env, results) {
  progress(`register${env.suffix}`);
  current = `register${env.suffix}`;
  const count = Number(args.registrations);
  const kit = await openPage(env.browser, env.origin);
  const sipjs = await openPage(env.browser, env.origin);
  const samples = { kit: [], sipjs: [] };
  const once = async ({ page: tab }, impl, user) => {
    const r = await tab.evaluate((options) => window.rcBench.start(options), {
      impl,
      server: env.kamailio.url,
      domain: accounts.domain,
      iceServers: [],
      account: account(user),
      autoAnswer: false,
    });
    await tab.evaluate(() => window.rcBench.stop());
    return r;
  };
  await once(kit, 'kit', 'alice');
  await once(sipjs, 'sipjs', 'carol');
  for (let i = 0; i < count; i++) {
    samples.kit.push(await once(kit, 'kit', 'alice'));
    samples.sipjs.push(await once(sipjs, 'sipjs', 'carol'));
  }
  results.register = samples;
  const s = (impl, key) =>
    `${ms(median(samples[impl].map((x) => x[key])))} / ${ms(
      percentile(
        samples[impl].map((x) => x[key]),
        90,
      ),
    )}`;
  const r = (key) => ratio(median(samples.kit.map((x) => x[key])), median(samples.sipjs.map((x) => x[key])));
  say(`## Registration${env.title} (${count} each, interleaved, digest auth with a 401 challenge)`);
  say();
  say(
    table(
      ['', 'kit (`<rc-phone-provider>`)', 'plain sip.js (UserAgent + Registerer)', 'kit ÷ sip.js'],
      [
        [
          '**Provider connected → registered** (WebSocket open → REGISTER 200)',
          `**${s('kit', 'connectedToRegistered')}**`,
          s('sipjs', 'connectedToRegistered'),
          r('connectedToRegistered'),
        ],
        ['  of which connected → first REGISTER sent', s('kit', 'connectedToRegister'), s('sipjs', 'connectedToRegister'), r('connectedToRegister')],
        [
          '  of which REGISTER → 200 OK (401 challenge, REGISTER with credentials)',
          s('kit', 'registerRoundTrips'),
          s('sipjs', 'registerRoundTrips'),
          r('registerRoundTrips'),
        ],
        ['Element added / UserAgent created → registered', s('kit', 'total'), s('sipjs', 'total'), r('total')],
      ],
    ),
  );
  say();
  await Promise.all([kit.context.close(), sipjs.context.close()]);
}

async function gcAndMeasure(pair) {
  const sides = {};
  for (const [side, tab] of [
    ['caller', pair.caller],
    ['callee', pair.callee],
  ]) {
    const cdp = await tab.context().newCDPSession(tab);
    // Twice: objects freed by finalizers of the first pass go in the second.
    await cdp.send('HeapProfiler.collectGarbage');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    await cdp.detach();
    sides[side] = { heap: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, ...(await tab.evaluate(() => window.rcBench.counts())) };
  }
  return sides;
}

/**
 * sip.js keeps each call's INVITE transaction, and with it the session, its handler and
 * the Call, for Timer M / Timer L (64 × T1 = 32 s, RFC 6026) after the 200 OK. Memory is
 * read once that has passed, so it shows what stays for good.
 */
const TRANSACTION_LINGER_MS = 64 * 500 + 1_000;

/**
 * Memory of the kit and of plain sip.js, each on its own pair of pages, in steps so that
 * other sections run while the pages sit idle.
 */
async function memoryStart(env) {
  progress('memory: first 10 calls');
  const runs = [];
  for (const [impl, users] of [
    ['kit', ['alice', 'bob']],
    ['sipjs', ['carol', 'dave']],
  ]) {
    const pair = await openPair(env, impl, users[0], users[1], []);
    await pair.callee.evaluate(() => window.rcBench.setCalleeAudio(false));
    const samples = [];
    for (let i = 0; i < 10; i++) samples.push(await oneCall(pair, false));
    runs.push({ impl, pair, samples });
  }
  return { runs, idleSince: Date.now() };
}

async function idleUntil(since) {
  const wait = since + TRANSACTION_LINGER_MS - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/** Both pages of a pair together. */
async function measurePair(pair) {
  const sides = await gcAndMeasure(pair);
  return Object.fromEntries(Object.keys(sides.caller).map((key) => [key, sides.caller[key] + sides.callee[key]]));
}

async function memoryMeasureFirst(memory) {
  await idleUntil(memory.idleSince);
  for (const run of memory.runs) run.after10 = await measurePair(run.pair);
  const total = Number(args['memory-calls']);
  progress(`memory: calls 11 to ${total}`);
  for (const run of memory.runs) {
    for (let i = 10; i < total; i++) run.samples.push(await oneCall(run.pair, false));
    run.rightAfter = await measurePair(run.pair);
  }
  memory.idleSince = Date.now();
}

async function memoryFinish(memory, results) {
  await idleUntil(memory.idleSince);
  for (const run of memory.runs) {
    run.afterAll = await measurePair(run.pair);
    await closePair(run.pair);
  }
  const [kit, sipjs] = memory.runs;
  results.memory = { after10: kit.after10, afterAll: kit.afterAll, samples: kit.samples };
  current = 'memory';
  const total = kit.samples.length;
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const n = (value) => String(value);
  const signed = (fmt) => (value) => (value > 0 ? `+${fmt(value)}` : fmt(value));
  const row = (label, key, fmt) => [
    label,
    ...[kit, sipjs].flatMap((run) => [
      fmt(run.after10[key]),
      fmt(run.rightAfter[key]),
      fmt(run.afterAll[key]),
      `**${signed(fmt)(run.afterAll[key] - run.after10[key])}**`,
    ]),
  ];
  say(`## Memory (${total} calls in a row on one pair of phones, caller and callee pages added up, after forced garbage collection)`);
  say();
  say(
    `"+32 s": read once sip.js's INVITE transactions of the last calls have expired (Timer M/L, 64 × T1, RFC 6026): until then each keeps its session, handler and Call alive, which is what "right after" shows. Closed RTCPeerConnections that are not yet collected are held by Chromium itself (a C++ persistent handle from blink::RTCPeerConnection::ChangePeerConnectionState, no JavaScript reference), with plain sip.js too.`,
  );
  say();
  say(
    table(
      [
        'both pages',
        'kit: 10 calls +32 s',
        `${total} calls, right after`,
        `${total} calls +32 s`,
        'growth',
        'plain sip.js: 10 calls +32 s',
        `${total} calls, right after`,
        `${total} calls +32 s`,
        'growth',
      ],
      [
        row('JS heap used', 'heap', mb),
        row('RTCPeerConnections not closed (leaked)', 'peersOpen', n),
        row('RTCPeerConnections closed, not yet garbage-collected', 'peersAlive', n),
        row('Microphone tracks still live', 'tracksLive', n),
        row('DOM nodes', 'nodes', n),
        row('JS event listeners (9 on each uncollected RTCPeerConnection)', 'listeners', n),
      ],
    ),
  );
  say();
  say(`Calls in this section: kit ${failText(kit.samples)} failed, plain sip.js ${failText(sipjs.samples)} failed.`);
  say();
}

async function firstRender(env, results, elements) {
  progress('render');
  current = 'render';
  const count = Number(args.renders);
  const samples = [];
  for (let i = 0; i < count; i++) {
    const context = await env.browser.newContext();
    const tab = await context.newPage();
    tab.on('pageerror', (error) => pageErrors.push(`render page: ${error.message}`));
    await tab.goto(`${env.origin}/render.html`);
    samples.push(await tab.waitForFunction(() => window.renderResult).then((handle) => handle.jsonValue()));
    await context.close();
  }
  results.render = samples;
  const s = (key) =>
    `${ms(median(samples.map((x) => x[key])))} / ${ms(
      percentile(
        samples.map((x) => x[key]),
        90,
      ),
    )}`;
  const missing = [...new Set(samples.flatMap((x) => x.missing))];
  const errors = [...new Set(samples.flatMap((x) => x.errors))];
  say(`## First render (${count} cold page loads of the minified all-elements file, ${elements.length} elements)`);
  say();
  say(
    table(
      ['', 'median / p90'],
      [
        ['Module import (fetch, parse, run) → all elements defined', s('defined')],
        ['→ all elements rendered (every `updateComplete` resolved)', s('rendered')],
        ['→ next frame', s('painted')],
      ],
    ),
  );
  say();
  say(
    `Elements: ${elements.map((e) => `\`<${e.tag}>\``).join(', ')}.${missing.length ? ` Not defined after import: ${missing.join(', ')}.` : ''}${errors.length ? ` Errors: ${errors.join('; ')}.` : ''}`,
  );
  say();
}

function bundleReport(results, bundles) {
  progress('bundles');
  current = 'bundles';
  const sipjs = bundles.find((b) => b.key === 'sipjs-used');
  say('## Bundle size (rollup + node-resolve (browser) + CommonJS + esbuild for TypeScript + terser; gzip -9, brotli -11)');
  say();
  say(
    table(
      ['bundle', 'min', 'gzip', 'brotli', 'gzip vs the sip.js floor'],
      bundles.map((b) => [b.label, kb(b.initial?.min), `**${kb(b.initial?.gzip)}**`, kb(b.initial?.brotli), ratio(b.initial?.gzip, sipjs?.initial?.gzip)]),
    ),
  );
  say();
  const all = bundles.find((b) => b.key === 'all');
  const measured = bundles.filter((b) => b.parts && (b.key === 'all' || b.key === 'dialpad'));
  if (measured.length) {
    say(
      "What loads at start, by part: each part's modules as rollup left them (tree-shaken), minified and compressed together, so the parts add up to about the file:",
    );
    say();
    const PARTS = [
      ['kit', "the kit's own code"],
      ['sip.js', 'sip.js'],
      ['Lit', 'Lit (lit, lit-html, lit-element, @lit/*)'],
      ['other', 'other'],
    ];
    say(
      table(
        ['part', ...measured.map((b) => `${b.label.split(' ')[0]} gzip`), ...measured.map((b) => `${b.label.split(' ')[0]} min`)],
        PARTS.filter(([part]) => measured.some((b) => b.parts[part])).map(([part, label]) => [
          part === 'kit' ? `**${label}**` : label,
          ...measured.map((b) => (part === 'kit' ? `**${kb(b.parts[part]?.gzip)}**` : kb(b.parts[part]?.gzip))),
          ...measured.map((b) => kb(b.parts[part]?.min)),
        ]),
      ),
    );
    say();
  }
  if (all?.lazy?.length) {
    say(`Loaded on demand by (a), each measured with what it alone adds: ${all.lazy.map((l) => `\`${l.facade}\` ${kb(l.size.gzip)} gzip`).join(', ')}.`);
    say();
  }
  if (all?.packages) {
    const sum = Object.values(all.packages).reduce((a, b) => a + b, 0);
    say('What (a) is made of (each module minified alone; shares of minified bytes):');
    say();
    say(
      table(
        ['package', 'minified', 'share'],
        Object.entries(all.packages)
          .sort((a, b) => b[1] - a[1])
          .map(([pkg, bytes]) => [pkg, kb(bytes), `${((100 * bytes) / sum).toFixed(0)}%`]),
      ),
    );
    say();
    const top = all.modules.slice(0, 12).map((mod) => [mod.id, kb(mod.min), kb(mod.gzip)]);
    say(table(['largest modules of (a)', 'minified', 'gzip alone'], top));
    say();
    const own = all.modules.filter((mod) => mod.pkg === 'kit');
    const folder = (id) => id.replace(/^src\//, '').replace(/\/[^/]*$/, '');
    const folders = new Map();
    for (const mod of own) folders.set(folder(mod.id), [...(folders.get(folder(mod.id)) ?? []), mod]);
    say(`The kit's own code in (a), module by module (${own.length} modules; minified alone, gzip alone — a guide to what is large):`);
    say();
    say(
      table(
        ['folder', 'minified', 'modules (minified alone)'],
        [...folders]
          .map(([name, mods]) => [name, mods.reduce((sum, mod) => sum + mod.min, 0), mods])
          .sort((a, b) => b[1] - a[1])
          .map(([name, min, mods]) => [name, kb(min), mods.map((mod) => `${mod.id.slice(mod.id.lastIndexOf('/') + 1)} ${kb(mod.min)}`).join(', ')]),
      ),
    );
    say();
  }
  results.bundles = bundles;
}

function goals(results) {
  const lines = [];
  const check = (pass, text) => lines.push(`- ${pass === undefined ? '⚪' : pass ? '✅' : '❌'} ${text}`);
  if (results.quality) {
    const on = results.quality.measured.on;
    check(
      on.every((x) => x.getStatsAfter === 0 && x.timersAfter === 0),
      'the quality monitor stops with the call: no getStats() and no 1-s timer after hang-up',
    );
    check(
      on.every((x) => x.getStatsPerSecond <= 1.2),
      'the quality monitor calls getStats() at most once a second',
    );
  }
  if (results.calls) {
    const kitMedian = median(col(results.calls.kit, 'established'));
    const sipMedian = median(col(results.calls.sipjs, 'established'));
    check(kitMedian <= GOALS.establishedMedian, `dial → established median ${ms(kitMedian)} ≤ ${GOALS.establishedMedian} ms`);
    check(kitMedian / sipMedian <= GOALS.establishedRatio, `…and ${ratio(kitMedian, sipMedian)} ≤ ${GOALS.establishedRatio}× plain sip.js (${ms(sipMedian)})`);
  }
  if (results.stun) {
    const est = col(results.stun.kit, 'established');
    check(
      failures(results.stun.kit).length === 0 && est.every((v) => v < GOALS.deadStunSetup),
      `unreachable STUN server: every call set up in < ${GOALS.deadStunSetup} ms (slowest ${ms(Math.max(...est))}), none failed`,
    );
  }
  const allKitCalls = [...(results.calls?.kit ?? []), ...(results.stun?.kit ?? []), ...(results.memory?.samples ?? []), ...(results.firefox?.calls?.kit ?? [])];
  if (allKitCalls.length) check(failures(allKitCalls).length === 0, `no kit call failed (${failures(allKitCalls).length} of ${allKitCalls.length})`);
  if (results.bundles) {
    const all = results.bundles.find((b) => b.key === 'all');
    const rc = results.bundles.find((b) => b.key === 'ringcentral');
    const dialpad = results.bundles.find((b) => b.key === 'dialpad');
    check(
      all.parts?.kit ? all.parts.kit.gzip <= GOALS.kitOwnGzip : undefined,
      `the kit's own code in the all-elements file ${kb(all.parts?.kit?.gzip)} gzip ≤ 30 KB`,
    );
    check(
      dialpad?.initial ? dialpad.initial.gzip <= GOALS.providerDialpadGzip : undefined,
      `\`<rc-phone-provider>\` + \`<rc-dialpad>\` alone ${kb(dialpad?.initial?.gzip)} gzip ≤ 72 KB`,
    );
    check(rc?.initial ? rc.initial.gzip <= GOALS.ringcentralGzip : undefined, `RingCentral chunk ${kb(rc?.initial?.gzip)} gzip ≤ 20 KB, loaded only when used`);
  }
  if (results.memory) {
    const { after10, afterAll } = results.memory;
    const growth = afterAll.heap - after10.heap;
    check(
      growth < GOALS.heapGrowth,
      `heap growth from call 10 to call ${results.memory.samples.length} (both pages) ${(growth / 1024 / 1024).toFixed(2)} MB < 2 MB`,
    );
    const open = afterAll.peersOpen;
    check(open === 0, `leaked RTCPeerConnections after ${results.memory.samples.length} calls: ${open}`);
  }
  return lines;
}

/**
 * Firefox ESR over WebDriver BiDi (puppeteer-core: playwright cannot drive Debian's build), shaped
 * like the playwright browser the call and registration sections use. Every microphone request is
 * allowed without asking (`media.navigator.permission.disabled`): otherwise Firefox holds the
 * request of any tab that is not the selected one of the active window until the user selects it,
 * and a call here has a caller page and a callee page — one of them would never hear or send audio.
 */
async function launchFirefox() {
  const options = firefoxLaunchOptions();
  const browser = await puppeteerCore.launch({ ...options, extraPrefsFirefox: { ...options.extraPrefsFirefox, 'media.navigator.permission.disabled': true } });
  return {
    version: await browser.version(),
    async newContext() {
      const context = await browser.createBrowserContext();
      return { newPage: () => context.newPage(), close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

/** The kit's call setup and registration in each browser of the run, side by side (what the README table shows). */
function browserSummary(results) {
  current = 'browsers';
  const browsers = [
    ['Chromium', results],
    ['Firefox ESR', results.firefox],
  ].filter(([, r]) => r?.calls || r?.register);
  if (browsers.length < 2) return;
  const calls = (r, impl, metric) => (r.calls ? stat(r.calls[impl], metric) : '–');
  const reg = (r, impl) =>
    r.register
      ? `${ms(median(r.register[impl].map((x) => x.connectedToRegistered)))} / ${ms(
          percentile(
            r.register[impl].map((x) => x.connectedToRegistered),
            90,
          ),
        )}`
      : '–';
  say('## Both browsers (the kit; plain sip.js in brackets), median / p90');
  say();
  say(
    table(
      ['', ...browsers.map(([name]) => name)],
      [
        ['Dial → established', ...browsers.map(([, r]) => `${calls(r, 'kit', 'established')} (${calls(r, 'sipjs', 'established')})`)],
        [
          'Answer → two-way audio (first RTP both sides)',
          ...browsers.map(([, r]) => `${calls(r, 'kit', 'answerToAudio')} (${calls(r, 'sipjs', 'answerToAudio')})`),
        ],
        ['Provider connected → registered', ...browsers.map(([, r]) => `${reg(r, 'kit')} (${reg(r, 'sipjs')})`)],
        ['Failed kit calls', ...browsers.map(([, r]) => (r.calls ? failText(r.calls.kit) : '–'))],
      ],
    ),
  );
  say();
}

// ---- main ----

const started = Date.now();
const loadBefore = loadavg();
const results = {};
let all;
let elements = [];
if (only.has('bundles') || only.has('render')) {
  progress('building the all-elements bundle');
  all = await measureAllElements();
  elements = definedElements();
}

const kamailio = await new Kamailio({ name: 'bench' }).start();
const benchPage = page('rc-phone-kit bench', '<script type="module" src="calls.js"></script>');
const files = new Map([['/', benchPage], ...(await bundlePage())]);
if (all) {
  for (const [name, code] of all.files) files.set(`/bundle/${name}`, js(code));
  files.set(
    '/render.html',
    renderPage(
      elements.map((e) => e.tag),
      '/bundle/rc-phone-kit.js',
    ),
  );
}
const { server, origin } = await serve(files);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumFlags, headless: true });
const env = { browser, kamailio, origin, otherOrigin: origin.replace('127.0.0.1', 'localhost'), suffix: '', title: '' };
let bundles;
try {
  say('# rc-phone-kit bench');
  say();
  say(
    `\`npm run bench\` · ${new Date().toISOString()} · Chromium ${browser.version()}${inFirefox ? ' and Firefox ESR (call setup, registration)' : ''} · Node ${process.version} · ${cpus().length} CPUs (${cpus()[0]?.model ?? ''}) · loopback network namespace, the project's Kamailio`,
  );
  say();
  if (only.has('calls')) await callSetup(env, results);
  if (only.has('stun')) await unreachableStun(env, results);
  else if (results.pages) await Promise.all(Object.values(results.pages).map(closePair));
  // Memory waits twice for sip.js's transactions to expire; other sections use that time.
  const memory = only.has('memory') ? await memoryStart(env) : undefined;
  if (only.has('register')) await registration(env, results);
  if (inFirefox && (only.has('calls') || only.has('register'))) {
    const firefox = await launchFirefox();
    const title = ` in Firefox ESR ${firefox.version.replace(/^firefox\//i, '')}`;
    const firefoxEnv = { ...env, browser: firefox, suffix: ' firefox', title };
    results.firefox = {};
    try {
      if (only.has('calls')) {
        await callSetup(firefoxEnv, results.firefox);
        await Promise.all(Object.values(results.firefox.pages).map(closePair));
      }
      if (only.has('register')) await registration(firefoxEnv, results.firefox);
    } finally {
      await firefox.close();
    }
    browserSummary(results);
  }
  if (only.has('render') && all) await firstRender(env, results, elements);
  if (memory) await memoryMeasureFirst(memory);
  if (only.has('bundles') && all) {
    progress('building the other bundles');
    bundles = await measureOthers(all);
  }
  if (memory) await memoryFinish(memory, results);
  if (only.has('quality')) await qualityCost(env, results);
  if (bundles) bundleReport(results, bundles);
} finally {
  await browser.close();
  server.close();
  await kamailio.stop();
}

current = 'goals';
say('## Goals');
say();
for (const line of goals(results)) say(line);
say();
const loadAfter = loadavg();
say(
  `Load average (1 min) before / after: ${loadBefore[0].toFixed(2)} / ${loadAfter[0].toFixed(2)} on ${cpus().length} CPUs; other work on the machine slows both sides alike. The bench took ${((Date.now() - started) / 1000).toFixed(0)} s.`,
);
if (pageErrors.length) say(`\nPage errors: ${[...new Set(pageErrors)].join('; ')}`);
const text = ['header', 'browsers', ...SECTIONS.flatMap((name) => [name, `${name} firefox`]), 'goals'].flatMap((name) => report.get(name) ?? []).join('\n');
console.log(text);
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/bench.md', `${text}\n`);
progress('written to test-results/bench.md');
