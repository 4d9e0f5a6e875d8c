// Loaded before every test file: a promise rejection that goes unhandled anywhere on the page
// fails the test during which it happened — not the next one, as a rethrow from a timer could.
// The browser reports a rejection in a task queued when the task it happened in ends (HTML
// "notify about rejected promises"); the root afterEach can run in that same task, so it lets
// two timer tasks go by (the second queued after that report) before it fails the test
// (its state and error, which @web/test-runner reads when the file ends) for the rejections
// recorded while it ran. Rejections outside any test fail the next one, saying so.

// Each test file starts without the kit's stored state (device choices, recent calls, instance
// ids, RingCentral sessions) that an earlier file left in this origin's localStorage.
for (const key of Object.keys(localStorage)) if (key.startsWith('rc-phone-kit:')) localStorage.removeItem(key);

const OUTSIDE = 'outside any test';
let current = OUTSIDE;
const rejections = [];

window.addEventListener('unhandledrejection', (event) => {
  const reason = event.reason instanceof Error ? `${event.reason.name}: ${event.reason.message}` : String(event.reason);
  rejections.push({ reason, during: current });
});

/** @param {Mocha} mocha */
function install(mocha) {
  mocha.suite.beforeEach(function () {
    current = this.currentTest?.fullTitle() ?? OUTSIDE;
  });
  mocha.suite.afterEach(async function () {
    for (let i = 0; i < 2; i++) await new Promise((resolve) => setTimeout(resolve));
    current = OUTSIDE;
    const found = rejections.splice(0);
    const test = this.currentTest;
    if (found.length === 0 || !test) return;
    const error = new Error(`Unhandled promise rejection: ${found.map((r) => `${r.reason} (${r.during})`).join('; ')}`);
    test.state = 'failed';
    test.err ??= error;
    console.error(`${test.fullTitle()}: ${error.message}`);
  });
  mocha.suite.afterAll(async function () {
    await new Promise((resolve) => setTimeout(resolve));
    const found = rejections.splice(0);
    if (found.length > 0) throw new Error(`Unhandled promise rejection after the last test: ${found.map((r) => r.reason).join('; ')}`);
  });
}

// @web/test-runner's mocha bundle assigns window.mocha when it loads (after this script, before
// the test file): add the root hooks to it then.
Object.defineProperty(window, 'mocha', {
  configurable: true,
  set(mocha) {
    Object.defineProperty(window, 'mocha', { configurable: true, writable: true, value: mocha });
    install(mocha);
  },
});
