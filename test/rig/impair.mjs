// A user-space network impairment for tests (this kernel has no netem): a UDP relay on
// 127.0.0.1 that forwards every datagram to a target port (the rig's TURN server) and back,
// adding one-way delay, random jitter and random loss, or dropping everything. A client
// pointed at it instead of the target gets real RTP (and STUN/TURN) through a bad network.
// Started on request by the test runner (rig actions 'impair-*', test/rig/wtr-plugin.mjs).
// Node only.
import { createSocket } from 'node:dgram';

const bind = (socket) => new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));

export class UdpImpairer {
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.settings = { delay: 0, jitter: 0, loss: 0 };
    this.counts = { forwarded: 0, dropped: 0 };
    /** One socket towards the target per client address, so replies find their client. */
    this.upstreams = new Map();
    this.timers = new Set();
  }

  async start() {
    this.socket = createSocket('udp4');
    this.socket.on('message', (message, client) => void this.fromClient(message, client));
    await bind(this.socket);
    this.port = this.socket.address().port;
    return this;
  }

  /** `delay` and `jitter` (ms) apply to each direction; `loss` is 0…1 per datagram. */
  set({ delay = 0, jitter = 0, loss = 0 } = {}) {
    this.settings = { delay, jitter, loss };
  }

  async fromClient(message, client) {
    const key = `${client.address}:${client.port}`;
    let upstream = this.upstreams.get(key);
    if (!upstream) {
      upstream = createSocket('udp4');
      upstream.on('message', (reply) => this.forward(() => this.socket.send(reply, client.port, client.address)));
      this.upstreams.set(key, upstream);
      upstream.ready = bind(upstream);
    }
    await upstream.ready;
    this.forward(() => upstream.send(message, this.targetPort, '127.0.0.1'));
  }

  forward(send) {
    const { delay, jitter, loss } = this.settings;
    if (Math.random() < loss) {
      this.counts.dropped++;
      return;
    }
    this.counts.forwarded++;
    const wait = Math.max(0, delay + (Math.random() * 2 - 1) * jitter);
    if (wait === 0) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, wait);
    this.timers.add(timer);
  }

  async stop() {
    for (const timer of this.timers) clearTimeout(timer);
    for (const upstream of this.upstreams.values()) upstream.close();
    this.upstreams.clear();
    await new Promise((resolve) => (this.socket ? this.socket.close(resolve) : resolve()));
    this.socket = undefined;
  }
}

/** The rig actions: 'impair-start' `{ targetPort }` → `{ port }`; 'impair-set' `{ delay, jitter, loss }` → counts so far; 'impair-stop'. */
export function impairRig() {
  let relay;
  const stop = async () => {
    const instance = relay;
    relay = undefined;
    await instance?.stop();
  };
  return {
    stop,
    async command(action, payload) {
      switch (action) {
        case 'impair-start':
          await stop();
          relay = await new UdpImpairer(payload.targetPort).start();
          return { port: relay.port };
        case 'impair-set':
          if (!relay) throw new Error('No impairing relay: rig action impair-start first.');
          relay.set(payload);
          return { ...relay.counts };
        case 'impair-stop':
          await stop();
          return true;
        default:
          throw new Error(`Unknown rig action ${action}`);
      }
    },
  };
}
