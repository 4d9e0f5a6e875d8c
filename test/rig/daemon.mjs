// Runs one of the rig's helper servers (rtpengine, coturn, baresip) as a child process on
// loopback: waits for the line that says it is ready, keeps its output in a log file, and
// kills it by PID. Node only.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free UDP port on 127.0.0.1 (freePort in kamailio.mjs checks TCP). */
export function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** A port free on 127.0.0.1 for both UDP and TCP (baresip's SIP listens on both). */
export async function freeUdpTcpPort() {
  for (;;) {
    const port = await freeUdpPort();
    const free = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

/**
 * A started process. `output` is everything it printed so far (stdout and stderr), also
 * appended to `logFile` when one is given.
 */
export class Daemon {
  constructor({ name, command, args, cwd, logFile }) {
    this.name = name;
    this.command = command;
    this.args = args;
    this.cwd = cwd;
    this.logFile = logFile;
    this.output = '';
    this.child = undefined;
    this.listeners = new Set();
  }

  /** Starts it and resolves once its output matches `ready` (rejects if it exits or takes over 10 s). */
  start(ready) {
    const child = spawn(this.command, this.args, { cwd: this.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    const take = (chunk) => {
      const text = chunk.toString();
      this.output += text;
      if (this.logFile) writeFileSync(this.logFile, text, { flag: 'a' });
      for (const listener of this.listeners) listener();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (error) => take(`${this.name}: ${error.message}\n`));
    return this.waitForOutput(ready, 10_000).catch(async (error) => {
      await this.stop();
      throw new Error(`${this.name} did not start: ${error.message}\n${this.output.slice(-2_000)}`);
    });
  }

  /** Resolves with the match once the output (from `from` on) matches `pattern`. */
  waitForOutput(pattern, timeout = 10_000, from = 0) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.output.slice(from));
        if (match) {
          done();
          resolve(match);
        } else if (this.child?.exitCode !== null || this.child?.signalCode !== null) {
          done();
          reject(new Error(`${this.name} exited (${this.child?.exitCode ?? this.child?.signalCode})`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${pattern} from ${this.name} within ${timeout} ms`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
        this.child?.off('exit', check);
      };
      this.listeners.add(check);
      this.child?.on('exit', check);
      check();
    });
  }

  /** SIGSTOP / SIGCONT: a server that hangs, answering nothing while its sockets stay open. */
  pause(paused) {
    if (this.child?.pid) process.kill(this.child.pid, paused ? 'SIGSTOP' : 'SIGCONT');
  }

  /** Kills it by PID; resolves once it has exited. */
  stop() {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // SIGCONT first: a stopped process would only take the SIGKILL, not a SIGTERM.
    process.kill(child.pid, 'SIGCONT');
    process.kill(child.pid, 'SIGKILL');
    return exited;
  }
}
