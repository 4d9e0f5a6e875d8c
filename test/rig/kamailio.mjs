// Starts and stops the project's Kamailio (test/kamailio/kamailio.cfg) on loopback, for
// the test runner, the demo and the benchmark. Node only.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));
const configDir = join(here, '..', 'kamailio');

/** The test accounts (also read by the browser tests through the rig config). */
export const accounts = JSON.parse(readFileSync(join(configDir, 'accounts.json'), 'utf8'));

/** The shared secret of the ephemeral-token scheme in tests and the demo. */
export const TOKEN_SECRET = 'rc-phone-kit-test-secret';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const cfgString = (value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`;
// $sht keys are literal text up to ')' and may not contain '$' (a variable) or ')'.
const htableKey = (value) => {
  if (!/^[A-Za-z0-9*._+-]+$/.test(value)) throw new Error(`Unsupported characters in account name ${value}`);
  return value;
};

function accountsCfg() {
  const lines = accounts.accounts.flatMap(({ user, authUser = user, password }) => [
    `\t$sht(pw=>${htableKey(authUser)}) = ${cfgString(password)};`,
    `\t$sht(aor=>${htableKey(authUser)}) = ${cfgString(user)};`,
  ]);
  return `event_route[htable:mod-init] {\n${lines.join('\n')}\n}\n`;
}

/** Resolves once Kamailio answers a real WebSocket handshake (a listening port is not enough). */
function waitForWebSocket(port, deadline) {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/',
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
          'Sec-WebSocket-Protocol': 'sip',
        },
      });
      req.on('upgrade', (_res, socket) => {
        socket.destroy();
        resolve();
      });
      const retry = () => (Date.now() > deadline ? reject(new Error(`Kamailio did not accept WebSocket connections on ${port}`)) : setTimeout(attempt, 50));
      req.on('response', (res) => {
        res.resume();
        retry();
      });
      req.on('error', retry);
      req.end();
    };
    attempt();
  });
}

/**
 * One Kamailio instance. `start()` may be called again after `kill()` to model a server
 * restart on the same port.
 */
export class Kamailio {
  constructor({ name = 'primary', wsPort, defines = [], logFile } = {}) {
    this.name = name;
    this.wsPort = wsPort;
    this.defines = defines;
    this.runDir = join(tmpdir(), `rc-phone-kit-kamailio-${name}-${process.pid}-${randomBytes(3).toString('hex')}`);
    this.logFile = logFile;
    this.child = undefined;
    /** The registrar's "REGISTER <aor> with …" lines (kamailio.cfg REGISTRAR), oldest first. */
    this.registrations = [];
  }

  get url() {
    return `ws://127.0.0.1:${this.wsPort}`;
  }

  get running() {
    return this.child !== undefined;
  }

  async start() {
    if (this.child) return this;
    this.wsPort ??= await freePort();
    this.udpPort ??= await freePort();
    mkdirSync(this.runDir, { recursive: true });
    copyFileSync(join(configDir, 'kamailio.cfg'), join(this.runDir, 'kamailio.cfg'));
    writeFileSync(join(this.runDir, 'accounts.cfg'), accountsCfg());
    const pidFile = join(this.runDir, 'kamailio.pid');
    // A pid file left by a killed instance makes Kamailio refuse to start.
    rmSync(pidFile, { force: true });
    const args = [
      '-f',
      join(this.runDir, 'kamailio.cfg'),
      '-DD',
      '-E',
      '-P',
      pidFile,
      '-R',
      this.runDir,
      '-w',
      this.runDir,
      '-A',
      `WS_PORT=${this.wsPort}`,
      '-A',
      `UDP_PORT=${this.udpPort}`,
      '-A',
      `CTL_SOCK="unix:${join(this.runDir, 'ctl.sock')}"`,
      '-A',
      `INST="${this.name}"`,
      '-A',
      `AUTHEPH_SECRET="${TOKEN_SECRET}"`,
      ...this.defines.flatMap((define) => ['-A', define]),
    ];
    const output = this.logFile ? ['ignore', 'pipe', 'pipe'] : 'ignore';
    // Its own process group: Kamailio forks ~11 children that keep serving the port if
    // only the main process dies, so stopping kills the whole group.
    const child = spawn(kamailioBinary(), args, { detached: true, stdio: output });
    if (this.logFile) {
      const appender = () => {
        let partial = '';
        return (chunk) => {
          writeFileSync(this.logFile, chunk, { flag: 'a' });
          // A chunk can end mid-line: keep the unfinished line for the next one.
          const lines = (partial + chunk).split('\n');
          partial = lines.pop();
          this.registrations.push(...lines.flatMap((line) => line.match(/REGISTER sip:\S+ with .*/) ?? []));
        };
      };
      child.stdout.on('data', appender());
      child.stderr.on('data', appender());
    }
    this.child = child;
    const exited = new Promise((_, reject) =>
      child.once('exit', (code) => reject(new Error(`Kamailio exited with ${code}; see ${this.logFile ?? 'its output'}`))),
    );
    try {
      await Promise.race([waitForWebSocket(this.wsPort, Date.now() + 10_000), exited]);
    } catch (error) {
      this.kill();
      throw error;
    }
    exited.catch(() => undefined);
    return this;
  }

  /** Kills the main process and all its children at once, like a crash; resolves once it is gone. */
  kill() {
    const child = this.child;
    if (!child) return Promise.resolve();
    this.child = undefined;
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    return exited;
  }

  /**
   * Freezes (SIGSTOP) or resumes (SIGCONT) every process of the instance: a server that
   * hangs with its connections open, which clients only notice by getting no answers.
   */
  pause(paused) {
    if (this.child) process.kill(-this.child.pid, paused ? 'SIGSTOP' : 'SIGCONT');
  }

  async stop() {
    await this.kill();
    rmSync(this.runDir, { recursive: true, force: true });
  }

  /** JSON-RPC over the WebSocket port (jsonrpcs module): `rpc('ul.lookup', ['location', 'bob'])`. */
  rpc(method, params = []) {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 });
      // agent: false — a fresh connection each time: Node 20 keeps connections alive by
      // default, and reusing one that Kamailio is closing fails with "socket hang up".
      const req = request(
        { host: '127.0.0.1', port: this.wsPort, path: '/RPC', method: 'POST', agent: false, headers: { 'Content-Type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => {
            try {
              resolve(JSON.parse(text));
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Removes every binding (ul.dump, then ul.rm of each AOR): a registrar with no earlier state. */
  async clearBindings() {
    const aors = new Set();
    const collect = (value) => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'AoR' && typeof inner === 'string') aors.add(inner);
          else collect(inner);
        }
    };
    collect((await this.rpc('ul.dump')).result);
    for (const aor of aors) await this.rpc('ul.rm', ['location', aor]);
    return aors.size;
  }

  /** Number of registered contacts (bindings) of `user`. */
  async contacts(user) {
    const reply = await this.rpc('ul.lookup', ['location', user]);
    return reply.result?.Contacts?.length ?? 0;
  }
}

function kamailioBinary() {
  for (const path of ['/usr/sbin/kamailio', '/usr/local/sbin/kamailio']) if (existsSync(path)) return path;
  return 'kamailio';
}
