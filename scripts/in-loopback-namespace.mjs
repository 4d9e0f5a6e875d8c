// Runs a command inside a private network namespace that has only `lo`, so test traffic
// (SIP, RTP, ICE) cannot leave loopback, and a private PID namespace so Kamailio and
// Chromium die with it. Where unshare is not permitted (a laptop without root), the
// command runs in the normal namespace and says so.
//
// Firefox gathers no ICE candidate at all in a namespace whose only route is lo's own
// 127.0.0.0/8: it wants a default route, and one with a source address (without `src` its
// candidates read 0.0.0.0). That default route points at `lo` too, so nothing can leave.
import { spawnSync } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const probe = spawnSync('unshare', ['--net', '--pid', '--fork', '--kill-child', '--mount-proc', 'true'], { stdio: 'ignore' });
let result;
if (probe.status === 0) {
  const quoted = [command, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  result = spawnSync(
    'unshare',
    [
      '--net',
      '--pid',
      '--fork',
      '--kill-child',
      '--mount-proc',
      'sh',
      '-c',
      `ip link set lo up && ip route add default dev lo src 127.0.0.1 && exec ${quoted}`,
    ],
    {
      stdio: 'inherit',
    },
  );
} else {
  console.warn('[rc-phone-kit] unshare is not permitted here: running without a private network namespace.');
  result = spawnSync(command, args, { stdio: 'inherit' });
}
process.exit(result.status ?? 1);
