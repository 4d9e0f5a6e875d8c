// Installs what `npm start`, `npm test` and `npm run bench` need on a fresh machine:
// npm packages (exactly the lockfile's, with `npm ci`), and Debian's kamailio (+ WebSocket and
// auth_ephemeral modules) and, for tests and the bench, chromium and firefox-esr. `--demo` (what
// `npm start` runs) skips the browsers: the demo opens in the user's own.
// Node built-ins only: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

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

const SYSTEM_NEEDS = [
  { pkg: 'chromium', present: () => forDemo || existsSync(process.env.CHROME_PATH ?? '/usr/bin/chromium') },
  { pkg: 'firefox-esr', present: () => forDemo || existsSync(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr') },
  { pkg: 'kamailio', present: () => existsSync('/usr/sbin/kamailio') || existsSync('/usr/local/sbin/kamailio') },
  { pkg: 'kamailio-websocket-modules', present: () => hasKamailioModule('websocket') },
  { pkg: 'kamailio-autheph-modules', present: () => hasKamailioModule('auth_ephemeral') },
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
