// Runs a command inside a private network namespace that has only `lo`, so test traffic
// (SIP, RTP, ICE) cannot leave loopback, and a private PID namespace so Kamailio and
// Chromium die with it. Where unshare is not permitted (a laptop without root), the
// command runs in the normal namespace and says so.
import { spawnSync } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const probe = spawnSync('unshare', ['--net', '--pid', '--fork', '--kill-child', '--mount-proc', 'true'], { stdio: 'ignore' });
let result;
if (probe.status === 0) {
  const quoted = [command, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  result = spawnSync('unshare', ['--net', '--pid', '--fork', '--kill-child', '--mount-proc', 'sh', '-c', `ip link set lo up && exec ${quoted}`], {
    stdio: 'inherit',
  });
} else {
  console.warn('[rc-phone-kit] unshare is not permitted here: running without a private network namespace.');
  result = spawnSync(command, args, { stdio: 'inherit' });
}
process.exit(result.status ?? 1);
