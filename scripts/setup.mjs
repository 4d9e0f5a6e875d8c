// Installs what `npm start`, `npm test` and `npm run bench` need on a fresh machine:
// npm packages, and Debian's chromium + kamailio (+ WebSocket and auth_ephemeral modules).
// Node built-ins only: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const KAMAILIO_MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules';
const SYSTEM_NEEDS = [
  { pkg: 'chromium', present: () => existsSync(process.env.CHROME_PATH ?? '/usr/bin/chromium') },
  { pkg: 'kamailio', present: () => existsSync('/usr/sbin/kamailio') },
  { pkg: 'kamailio-websocket-modules', present: () => existsSync(`${KAMAILIO_MODULES}/websocket.so`) },
  { pkg: 'kamailio-autheph-modules', present: () => existsSync(`${KAMAILIO_MODULES}/auth_ephemeral.so`) },
];

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

function ensureSystemPackages() {
  const missing = SYSTEM_NEEDS.filter((need) => !need.present()).map((need) => need.pkg);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`rc-phone-kit needs these Debian packages: ${missing.join(' ')}\nInstall them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} …`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing]);
}

function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync('package-lock.json').mtimeMs) return;
  console.log('Installing npm packages …');
  // `npm ci` may refuse a lockfile made on another platform (optional native packages);
  // `npm install` then resolves them from the same lockfile.
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (ci.status !== 0) run('npm', ['install', '--no-audit', '--no-fund']);
}

try {
  ensureSystemPackages();
  ensureNodeModules();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
