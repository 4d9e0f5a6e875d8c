// A desk phone on plain RTP behind a media bridge, for interop tests: baresip (an
// independent SIP stack, G.711 over RTP/AVP, registered over UDP) and rtpengine (user-space
// forwarding) that Kamailio drives to bridge WebRTC (ICE, DTLS-SRTP) to plain RTP, as real
// deployments reach desk phones and PSTN gateways. Started on request by the test runner
// (test/rig/wtr-plugin.mjs), on loopback, and killed by PID. Node only.
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Daemon, freeUdpPort, freeUdpTcpPort } from './daemon.mjs';
import { accounts, Kamailio } from './kamailio.mjs';

/** The desk phone's account in test/kamailio/accounts.json. */
export const DESK_USER = 'desk';

const SAMPLE_RATE = 8_000;
/** The desk phone's microphone: a 1 kHz tone, as a test-call generator sends. */
const TONE_HZ = 1_000;

/** A mono 16-bit WAV of a tone (aufile's input format), `seconds` long. */
function toneWav(seconds) {
  const samples = SAMPLE_RATE * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24);
  wav.writeUInt32LE(SAMPLE_RATE * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) wav.writeInt16LE(Math.round(8_000 * Math.sin((2 * Math.PI * TONE_HZ * i) / SAMPLE_RATE)), 44 + i * 2);
  return wav;
}

/** Root-mean-square level (0…1) of 16-bit PCM in a WAV file, skipping its 44-byte header. */
export function wavLevel(file) {
  const data = readFileSync(file).subarray(44);
  const count = Math.floor(data.length / 2);
  if (count === 0) return { samples: 0, rms: 0 };
  let sum = 0;
  for (let i = 0; i < count; i++) sum += (data.readInt16LE(i * 2) / 32_768) ** 2;
  return { samples: count, rms: Math.sqrt(sum / count) };
}

// ----- bencode, for rtpengine's ng control protocol -----

function bencode(value) {
  if (typeof value === 'number') return `i${value}e`;
  if (typeof value === 'string') return `${Buffer.byteLength(value)}:${value}`;
  if (Array.isArray(value)) return `l${value.map(bencode).join('')}e`;
  return `d${Object.keys(value)
    .sort()
    .map((key) => bencode(key) + bencode(value[key]))
    .join('')}e`;
}

function bdecode(buffer) {
  let at = 0;
  const next = () => {
    const c = String.fromCharCode(buffer[at]);
    if (c === 'i') {
      const end = buffer.indexOf(0x65, at);
      const n = Number(buffer.subarray(at + 1, end).toString());
      at = end + 1;
      return n;
    }
    if (c === 'l' || c === 'd') {
      at++;
      const items = [];
      while (buffer[at] !== 0x65) items.push(next());
      at++;
      if (c === 'l') return items;
      const dict = {};
      for (let i = 0; i < items.length; i += 2) dict[items[i]] = items[i + 1];
      return dict;
    }
    const colon = buffer.indexOf(0x3a, at);
    const length = Number(buffer.subarray(at, colon).toString());
    const text = buffer.subarray(colon + 1, colon + 1 + length).toString();
    at = colon + 1 + length;
    return text;
  };
  return next();
}

/** rtpengine, user-space only (`--table=-1`: no kernel module), with its ng control socket. */
export class RtpEngine {
  constructor({ logFile } = {}) {
    this.logFile = logFile;
    this.daemon = undefined;
    this.ngPort = undefined;
  }

  /** Kamailio's rtpengine_sock. */
  get socket() {
    return `udp:127.0.0.1:${this.ngPort}`;
  }

  async start() {
    this.ngPort = await freeUdpPort();
    this.daemon = new Daemon({
      name: 'rtpengine',
      command: '/usr/bin/rtpengine',
      args: [
        '--config-file=none',
        '--foreground',
        '--log-stderr',
        '--table=-1',
        '--interface=127.0.0.1',
        `--listen-ng=127.0.0.1:${this.ngPort}`,
        // Below the kernel's ephemeral range (32768+) that the other parts bind from.
        '--port-min=23000',
        '--port-max=23999',
        '--delete-delay=0',
      ],
      logFile: this.logFile,
    });
    await this.daemon.start(/Startup complete/);
  }

  /** One ng command (bencoded dictionary over UDP), e.g. `{ command: 'list' }`. */
  async ng(message) {
    const socket = createSocket('udp4');
    try {
      const cookie = randomBytes(6).toString('hex');
      socket.send(`${cookie} ${bencode(message)}`, this.ngPort, '127.0.0.1');
      const timer = setTimeout(() => socket.emit('error', new Error(`rtpengine did not answer ${message.command}`)), 3_000);
      const [reply] = await once(socket, 'message');
      clearTimeout(timer);
      return bdecode(reply.subarray(reply.indexOf(0x20) + 1));
    } finally {
      socket.close();
    }
  }

  /**
   * The RTP packets rtpengine received from each side of every call it bridges now:
   * `[{ callId, legs: [{ tag, protocol, packets }] }]`.
   */
  async calls() {
    const { calls = [] } = await this.ng({ command: 'list' });
    const result = [];
    for (const callId of calls) {
      const reply = await this.ng({ command: 'query', 'call-id': callId });
      const legs = Object.values(reply.tags ?? {}).map((tag) => {
        const streams = (tag.medias ?? []).flatMap((media) => media.streams ?? []);
        return {
          tag: tag.tag,
          protocol: (tag.medias ?? [])[0]?.protocol,
          packets: streams.reduce((sum, stream) => sum + Number(stream.stats?.packets ?? 0), 0),
        };
      });
      result.push({ callId, legs });
    }
    return result;
  }

  stop() {
    return this.daemon?.stop();
  }
}

/** Reads baresip's ctrl_tcp netstrings (`<length>:<json>,`). */
function netstrings(onMessage) {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      if (buffer.length < colon + 1 + length + 1) return;
      onMessage(JSON.parse(buffer.subarray(colon + 1, colon + 1 + length).toString()));
      buffer = buffer.subarray(colon + 1 + length + 1);
    }
  };
}

/**
 * baresip 1.0 as a desk phone: G.711 only (RTP/AVP, no ICE, no SRTP), a 1 kHz tone as its
 * microphone, the audio it decodes recorded to WAV files (sndfile), driven through its
 * ctrl_tcp JSON interface. SIP messages it receives are traced (`-s`) to its output.
 */
export class Baresip {
  constructor({ kamailioUdpPort, password, logFile }) {
    this.kamailioUdpPort = kamailioUdpPort;
    this.password = password;
    this.logFile = logFile;
    this.dir = join(tmpdir(), `rc-phone-kit-baresip-${process.pid}-${randomBytes(3).toString('hex')}`);
    /** Every ctrl_tcp event so far, and the waitForEvent calls to tell of a new one. */
    this.events = [];
    this.waiters = new Set();
    /** Commands sent, by token, waiting for their response. */
    this.pending = new Map();
    this.tokens = 0;
    this.daemon = undefined;
    this.control = undefined;
  }

  async start() {
    mkdirSync(join(this.dir, 'recordings'), { recursive: true });
    writeFileSync(join(this.dir, 'tone.wav'), toneWav(120));
    this.sipPort = await freeUdpTcpPort();
    this.ctrlPort = await freeUdpTcpPort();
    const config = [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${this.sipPort}`,
      'net_interface 127.0.0.1',
      'rtp_ports 24000-24999',
      'rtcp_mux no',
      `audio_source aufile,${join(this.dir, 'tone.wav')}`,
      // A player that needs no sound card; what was heard is recorded by sndfile.
      'audio_player aubridge,desk',
      'audio_alert aubridge,desk',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module aubridge.so',
      'module sndfile.so',
      'module ctrl_tcp.so',
      'module_tmp account.so',
      'module_app menu.so',
      `ctrl_tcp_listen 127.0.0.1:${this.ctrlPort}`,
      `snd_path ${join(this.dir, 'recordings')}`,
    ];
    writeFileSync(join(this.dir, 'config'), `${config.join('\n')}\n`);
    // Every request (REGISTER, calls) goes to the project's Kamailio over UDP.
    const proxy = `outbound="sip:127.0.0.1:${this.kamailioUdpPort};transport=udp"`;
    const params = `auth_pass=${this.password};${proxy};answermode=manual;regint=600;audio_codecs=PCMU`;
    writeFileSync(join(this.dir, 'accounts'), `<sip:${DESK_USER}@127.0.0.1>;${params}\n`);
    this.daemon = new Daemon({ name: 'baresip', command: '/usr/bin/baresip', args: ['-f', this.dir, '-s'], cwd: this.dir, logFile: this.logFile });
    await this.daemon.start(/baresip is ready/);
    await this.connectControl();
    // Registered (it may be before the control connection, so its REGISTER_OK event is missed).
    await this.daemon.waitForOutput(/\{0\/UDP\/v4\} 200 OK/);
    return this;
  }

  async connectControl() {
    const socket = connect(this.ctrlPort, '127.0.0.1');
    await once(socket, 'connect');
    socket.on(
      'data',
      netstrings((message) => {
        if (message.event) {
          this.events.push(message);
          for (const waiter of [...this.waiters]) waiter();
        } else if (message.response) {
          this.pending.get(message.token)?.(message);
          this.pending.delete(message.token);
        }
      }),
    );
    socket.on('error', () => undefined);
    this.control = socket;
  }

  /** A menu command (`dial`, `accept`, `hangup`, `sndcode`…): resolves with its text output. */
  command(command, params = '') {
    const token = String(++this.tokens);
    const json = JSON.stringify({ command, params, token });
    const reply = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`baresip did not answer ${command}`)), 5_000);
      this.pending.set(token, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    this.control.write(`${Buffer.byteLength(json)}:${json},`);
    return reply.then((message) => {
      if (!message.ok) throw new Error(`baresip ${command} failed: ${message.data}`);
      return message.data ?? '';
    });
  }

  /** Resolves with the first event of `type` (after the first `from` events) and its index. */
  waitForEvent(type, from = 0, timeout = 10_000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.events.findIndex((event, i) => i >= from && event.type === type);
        if (index < 0) return;
        done();
        resolve({ ...this.events[index], index });
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`baresip: no ${type} within ${timeout} ms (saw ${this.events.map((e) => e.type).join(', ')})`));
      }, timeout);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /**
   * The SIP requests baresip received, from its SIP trace (`-s`: each message follows a line
   * `UDP <from> -> <to>`): `[{ method, sdp }]`, oldest first.
   */
  receivedRequests() {
    const self = `127.0.0.1:${this.sipPort}`;
    const requests = [];
    for (const block of this.daemon.output.replace(/\x1b\[[0-9;]*m/g, '').split(/^(?=(?:UDP|TCP) \S+ -> \S+$)/m)) {
      const match = /^(?:UDP|TCP) \S+ -> (\S+)\r?\n([A-Z]+) \S+ SIP\/2\.0\r?\n/.exec(block);
      if (!match || match[1] !== self) continue;
      const body = block.split(/\r?\n\r?\n/)[1] ?? '';
      requests.push({ method: match[2], sdp: body.startsWith('v=0') ? body.trim() : '' });
    }
    return requests;
  }

  /** Level of the audio baresip decoded in its latest call (sndfile's recording of what it received). */
  heard() {
    const dir = join(this.dir, 'recordings');
    const [latest] = readdirSync(dir)
      .filter((name) => name.endsWith('-dec.wav'))
      .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    return latest ? wavLevel(join(dir, latest.name)) : { samples: 0, rms: 0 };
  }

  async stop() {
    this.control?.destroy();
    await this.daemon?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The rig actions of the desk-phone suite (`executeServerCommand('rig', { action: 'desk-…' })`):
 * 'desk-start' starts rtpengine, a Kamailio instance 'deskphone' with WITH_RTPENGINE and
 * baresip registered to it → `{ server, user }`; 'desk-command' runs a baresip command;
 * 'desk-wait-event' waits for a baresip event; 'desk-received' lists the SIP requests it
 * received; 'desk-heard' the level of the audio it decoded; 'desk-media' rtpengine's packet
 * counters; 'desk-stop' kills them all.
 */
export function deskphoneRig({ logDir }) {
  let parts;
  const log = (name) => (logDir ? join(logDir, `${name}.log`) : undefined);
  const stop = async () => {
    const running = parts;
    parts = undefined;
    if (!running) return;
    await running.baresip?.stop();
    await running.kamailio?.stop();
    await running.rtpengine.stop();
  };
  const start = async () => {
    if (parts) return parts;
    parts = { rtpengine: new RtpEngine({ logFile: log('rtpengine') }) };
    try {
      await parts.rtpengine.start();
      parts.kamailio = new Kamailio({
        name: 'deskphone',
        defines: ['WITH_RTPENGINE', `RTPENGINE_SOCK="${parts.rtpengine.socket}"`],
        logFile: log('kamailio-deskphone'),
      });
      await parts.kamailio.start();
      const { password } = accounts.accounts.find((account) => account.user === DESK_USER);
      parts.baresip = new Baresip({ kamailioUdpPort: parts.kamailio.udpPort, password, logFile: log('baresip') });
      await parts.baresip.start();
      return parts;
    } catch (error) {
      await stop();
      throw error;
    }
  };
  const baresip = () => {
    if (!parts?.baresip) throw new Error('The desk phone is not running: rig action desk-start first.');
    return parts.baresip;
  };
  return {
    stop,
    async command(action, payload) {
      switch (action) {
        case 'desk-start': {
          const { kamailio } = await start();
          return { server: kamailio.url, user: DESK_USER };
        }
        case 'desk-stop':
          await stop();
          return true;
        case 'desk-command':
          return baresip().command(payload.command, payload.params);
        case 'desk-wait-event': {
          const { type, param, peeruri, index } = await baresip().waitForEvent(payload.type, payload.from, payload.timeout);
          return { type, param, peeruri, index };
        }
        case 'desk-events':
          return baresip().events.length;
        case 'desk-received':
          return baresip().receivedRequests();
        case 'desk-heard':
          return baresip().heard();
        case 'desk-media':
          return parts.rtpengine.calls();
        default:
          throw new Error(`Unknown rig action ${action}`);
      }
    },
  };
}
