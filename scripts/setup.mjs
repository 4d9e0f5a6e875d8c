// Installs what `npm start`, `npm test` and `npm run bench` need on a fresh machine:
// npm packages (exactly the lockfile's, with `npm ci`), and Debian's kamailio (+ WebSocket and
// auth_ephemeral modules) and, for tests and the bench, chromium, firefox-esr and the interop
// peers (baresip, rtpengine, coturn). `--demo` (what `npm start` runs) skips those: the demo
// opens in the user's own browser.
// Node built-ins only: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';

const forDemo = process.argv.includes('--demo');

/**
 * Where this machine's Kamailio looks for modules: its compiled-in default, as `kamailio -h`
 * prints it (`/usr/lib/<multiarch triplet>/kamailio/modules` on Debian: x86_64, aarch64…).
 */
function kamailioModules() {
  const help = spawnSync('kamailio', ['-h'], { encoding: 'utf8', env: { ...process.env, PATH: `/usr/sbin:/usr/local/sbin:${process.env.PATH ?? ''}` } });
  return /Modules search path \(default: ([^)\s]+)\)/.exec(`${help.stdout ?? ''}${help.stderr ?? ''}`)?.[1];
}

const hasKamailioModule = (name) => {
  const dir = kamailioModules();
  return dir !== undefined && existsSync(`${dir}/${name}.so`);
};

/**
 * `daemon`: a server the test rig starts itself, on its own ports, only for the suites that
 * need it (test/rig/deskphone.mjs, test/rig/coturn.mjs). Installed without recommends (no
 * rtpengine recording daemon) and without starting or enabling its system service, which
 * would hold ports (coturn 3478, rtpengine 2223 and 30000-40000) for nothing.
 */
const SYSTEM_NEEDS = [
  { pkg: 'chromium', present: () => forDemo || existsSync(process.env.CHROME_PATH ?? '/usr/bin/chromium') },
  { pkg: 'firefox-esr', present: () => forDemo || existsSync(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr') },
  { pkg: 'baresip-core', daemon: true, present: () => forDemo || existsSync('/usr/bin/baresip') },
  { pkg: 'rtpengine-daemon', daemon: true, service: 'rtpengine-daemon', present: () => forDemo || existsSync('/usr/bin/rtpengine') },
  { pkg: 'coturn', daemon: true, service: 'coturn', present: () => forDemo || existsSync('/usr/bin/turnserver') },
  { pkg: 'kamailio', present: () => existsSync('/usr/sbin/kamailio') || existsSync('/usr/local/sbin/kamailio') },
  { pkg: 'kamailio-websocket-modules', present: () => hasKamailioModule('websocket') },
  { pkg: 'kamailio-autheph-modules', present: () => hasKamailioModule('auth_ephemeral') },
];

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

/**
 * Installs daemon packages with their services kept off: Debian's maintainer scripts ask
 * /usr/sbin/policy-rc.d whether to start a service (101 = no, Debian Policy §9.3.3.1), so one
 * that forbids everything is put there for the install when the machine has none.
 */
function installDaemons(needs) {
  const policy = '/usr/sbin/policy-rc.d';
  const ours = !existsSync(policy);
  if (ours) writeFileSync(policy, '#!/bin/sh\n# rc-phone-kit setup: no service starts while its packages install.\nexit 101\n', { mode: 0o755 });
  try {
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...needs.map((need) => need.pkg)]);
  } finally {
    if (ours) rmSync(policy, { force: true });
  }
  const services = needs.flatMap((need) => (need.service ? [need.service] : []));
  if (services.length > 0 && spawnSync('systemctl', ['--version'], { stdio: 'ignore' }).status === 0)
    spawnSync('systemctl', ['disable', '--quiet', ...services], { stdio: 'inherit' });
}

function ensureSystemPackages() {
  const needs = SYSTEM_NEEDS.filter((need) => !need.present());
  const missing = needs.map((need) => need.pkg);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`rc-phone-kit needs these Debian packages: ${missing.join(' ')}\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} …`);
  run('apt-get', ['update', '-qq']);
  const packages = needs.filter((need) => !need.daemon).map((need) => need.pkg);
  if (packages.length > 0) run('apt-get', ['install', '-y', '-qq', ...packages]);
  const daemons = needs.filter((need) => need.daemon);
  if (daemons.length > 0) installDaemons(daemons);
}

function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync('package-lock.json').mtimeMs) return;
  console.log('Installing npm packages …');
  // Exactly what the lockfile says, and nothing rewritten: a lockfile `npm ci` refuses is a
  // bug to fix (it lists every platform's optional packages), not something to paper over.
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

try {
  ensureSystemPackages();
  ensureNodeModules();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
