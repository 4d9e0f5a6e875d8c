// A TURN relay for tests: coturn on 127.0.0.1 with TURN REST credentials (`use-auth-secret`,
// draft-uberti-behave-turn-rest: username "<expiry>:<user>", password
// base64(HMAC-SHA1(secret, username)), the same scheme as the SIP tokens). Started on request
// by the test runner (rig actions 'turn-*', test/rig/wtr-plugin.mjs) and killed by PID. What
// it relayed is read from its log. Node only.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Daemon, freeUdpTcpPort } from './daemon.mjs';

const REALM = 'rc-phone-kit.test';

export class Coturn {
  constructor({ logFile } = {}) {
    this.logFile = logFile;
    this.secret = randomBytes(16).toString('hex');
    this.dir = join(tmpdir(), `rc-phone-kit-coturn-${process.pid}-${randomBytes(3).toString('hex')}`);
    this.daemon = undefined;
    this.port = undefined;
  }

  async start() {
    mkdirSync(this.dir, { recursive: true });
    this.port = await freeUdpTcpPort();
    this.daemon = new Daemon({
      name: 'coturn',
      command: '/usr/bin/turnserver',
      args: [
        '-n', // no configuration file
        '--log-file=stdout',
        '--simple-log',
        '--verbose',
        '--listening-ip=127.0.0.1',
        '--relay-ip=127.0.0.1',
        `--listening-port=${this.port}`,
        '--min-port=25000',
        '--max-port=25999',
        '--use-auth-secret',
        `--static-auth-secret=${this.secret}`,
        `--realm=${REALM}`,
        '--no-tls',
        '--no-dtls',
        '--no-cli',
        // The browsers' host candidates are on 127.0.0.1: without it coturn refuses to relay to them.
        '--allow-loopback-peers',
        `--pidfile=${join(this.dir, 'turnserver.pid')}`,
        `--db=${join(this.dir, 'turndb')}`,
      ],
      cwd: this.dir,
      logFile: this.logFile,
    });
    await this.daemon.start(/Total General servers/);
    return this;
  }

  /** An RTCIceServer with REST credentials for `user`, valid for `ttlSeconds`. */
  iceServer(user, ttlSeconds = 600) {
    const username = `${Math.floor(Date.now() / 1000) + ttlSeconds}:${user}`;
    const credential = createHmac('sha1', this.secret).update(username).digest('base64');
    return { urls: `turn:127.0.0.1:${this.port}?transport=udp`, username, credential };
  }

  /**
   * What coturn did, from its log: the users it granted allocations to, and per session
   * the packets it relayed between the client and its peers (`peer usage: … rp=<received
   * from peers> … sp=<sent to peers>`, logged as the allocation closes).
   */
  report() {
    const output = this.daemon?.output ?? '';
    const allocations = [...output.matchAll(/user <([^>]*)>: incoming packet ALLOCATE processed, success/g)].map((m) => m[1]);
    const relayed = [...output.matchAll(/peer usage: realm=<[^>]*>, username=<([^>]*)>, rp=(\d+), rb=(\d+), sp=(\d+), sb=(\d+)/g)].map((m) => ({
      username: m[1],
      received: Number(m[2]),
      sent: Number(m[4]),
    }));
    return { allocations, relayed };
  }

  /** SIGSTOP / SIGCONT: a TURN server that never answers, its port still open (no ICMP error either). */
  pause(paused) {
    this.daemon?.pause(paused);
  }

  async stop() {
    await this.daemon?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The rig actions of the TURN suite: 'turn-start' → `{ iceServers: { <user>: RTCIceServer } }`
 * for the `users` asked for; 'turn-freeze' / 'turn-thaw'; 'turn-report'; 'turn-stop'.
 */
export function turnRig({ logDir }) {
  let coturn;
  const running = () => {
    if (!coturn) throw new Error('coturn is not running: rig action turn-start first.');
    return coturn;
  };
  const stop = async () => {
    const instance = coturn;
    coturn = undefined;
    await instance?.stop();
  };
  return {
    stop,
    async command(action, payload) {
      switch (action) {
        case 'turn-start':
          coturn ??= await new Coturn({ logFile: logDir ? join(logDir, 'coturn.log') : undefined }).start();
          return { iceServers: Object.fromEntries((payload.users ?? []).map((user) => [user, coturn.iceServer(user)])) };
        case 'turn-freeze':
        case 'turn-thaw':
          running().pause(action === 'turn-freeze');
          return true;
        case 'turn-report':
          return running().report();
        case 'turn-stop':
          await stop();
          return true;
        default:
          throw new Error(`Unknown rig action ${action}`);
      }
    },
  };
}
