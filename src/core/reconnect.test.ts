import { expect } from '@open-wc/testing';
import { backoffDelay, checkServer, ConnectionSupervisor, parseServers, type Clock, type ConnectionHost, type ReconnectOptions } from './reconnect.js';
import { PhoneError } from './errors.js';

/** Timers that run only when the test advances time. */
class FakeClock implements Clock {
  time = 0;
  /** Every delay asked for, in order. */
  readonly delays: number[] = [];
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    this.delays.push(ms);
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  now(): number {
    return this.time;
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Runs every timer due within `ms`, in order, letting the promises each one starts settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = [...this.timers].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
    await settle();
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const refused = (statusCode: number): Error => Object.assign(new Error(`${statusCode}`), { statusCode });

/** A scripted phone: which servers answer, what their registrar says, whether a call is live. */
function rig(servers: string[], options: ReconnectOptions = {}) {
  const clock = new FakeClock();
  const network = new EventTarget();
  const world = {
    up: new Set(servers),
    registrar: new Map<string, number>(),
    calls: 0,
    current: undefined as string | undefined,
    log: [] as string[],
    states: [] as string[],
    reports: [] as unknown[],
    /** When each `changed` said the next attempt starts. */
    retryAts: [] as (number | undefined)[],
  };
  const host: ConnectionHost = {
    connect: async (server) => {
      world.log.push(`connect ${server}`);
      world.current = undefined;
      if (!world.up.has(server)) throw new Error('refused');
      world.current = server;
    },
    ping: async () => {
      world.log.push('ping');
    },
    register: () =>
      supervisor.register(async () => {
        world.log.push(`register ${world.current}`);
        const status = world.registrar.get(world.current ?? '');
        if (status) throw refused(status);
      }),
    busy: () => world.calls > 0,
    reachable: async (server) => world.up.has(server),
    changed: (state, attempt, retryAt) => {
      // The states as the phone publishes them (a change of retryAt alone is no new state).
      if (world.states.at(-1) !== `${state} ${attempt}`) world.states.push(`${state} ${attempt}`);
      world.retryAts.push(retryAt);
    },
    recovered: (after) => world.log.push(`recovered ${after}`),
    report: (error) => world.reports.push(error),
  };
  const supervisor = new ConnectionSupervisor(servers, host, {
    initialDelay: 1_000,
    maxDelay: 8_000,
    failoverAfter: 2,
    keepAliveInterval: 0,
    failbackInterval: 10_000,
    clock,
    random: () => 1,
    network,
    ...options,
  });
  return { clock, network, world, supervisor };
}

describe('backoffDelay', () => {
  it('doubles from initialDelay up to maxDelay, with jitter between half and all of each step', () => {
    const options = { initialDelay: 500, maxDelay: 4_000 };
    const longest = [0, 1, 2, 3, 4, 5].map((failures) => backoffDelay(failures, options, () => 1));
    const shortest = [0, 1, 2, 3, 4, 5].map((failures) => backoffDelay(failures, options, () => 0));
    expect(longest).to.deep.equal([500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(shortest).to.deep.equal([250, 500, 1_000, 2_000, 2_000, 2_000]);
    expect(backoffDelay(2, options, () => 0.5)).to.equal(1_500);
    expect(backoffDelay(1_000, options, () => 1)).to.equal(4_000);
  });
});

describe('parseServers and checkServer', () => {
  it('reads a list separated by spaces or commas, in order, without repeats', () => {
    expect(parseServers(' wss://a/ws,wss://b/ws  wss://a/ws ,, ')).to.deep.equal(['wss://a/ws', 'wss://b/ws']);
    expect(parseServers('')).to.deep.equal([]);
  });

  it('requires wss:// except for this computer or when insecure is allowed', () => {
    for (const ok of ['wss://pbx.example.com/ws', 'ws://localhost:8080', 'ws://127.0.0.1:5066/ws', 'ws://[::1]:80', 'ws://app.localhost'])
      expect(() => checkServer(ok, false), ok).not.to.throw();
    const error = (() => {
      try {
        checkServer('ws://pbx.example.com/ws', false);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).to.be.instanceOf(PhoneError);
    expect((error as PhoneError).code).to.equal('insecure-server');
    expect(() => checkServer('ws://pbx.example.com/ws', true)).not.to.throw();
    expect(() => checkServer('https://pbx.example.com', true)).to.throw(PhoneError, /wss:\/\//);
  });
});

describe('ConnectionSupervisor', () => {
  it('says when the next attempt starts, and retryNow() tries at once', async () => {
    const { clock, world, supervisor } = rig(['wss://a']);
    await supervisor.start();
    world.up.delete('wss://a');
    supervisor.lost();
    // random 1: the whole first step, 1 s, then 2 s, on the phone's clock (not the page's).
    expect(world.states.at(-1)).to.equal('reconnecting 1');
    expect(world.retryAts.at(-1)).to.equal(clock.time + 1_000);
    await clock.advance(1_000);
    expect(world.states.at(-1)).to.equal('reconnecting 2');
    expect(world.retryAts.at(-1)).to.equal(clock.time + 2_000);
    // Retry now while the server is still down: the attempt under way has no time to count
    // down to; the next one has.
    await supervisor.retryNow();
    expect(world.states.slice(-2)).to.deep.equal(['reconnecting 2', 'reconnecting 3']);
    expect(world.retryAts.at(-2)).to.equal(undefined);
    expect(world.retryAts.at(-1)).to.be.a('number');
    world.up.add('wss://a');
    world.log.length = 0;
    await supervisor.retryNow();
    expect(world.log).to.deep.equal(['connect wss://a', 'register wss://a', 'recovered reconnected']);
    expect(world.states.at(-1)).to.equal('connected 3');
    expect(world.retryAts.at(-1)).to.equal(undefined);
    // The waiting attempt was dropped: nothing more happens when its time comes.
    await clock.advance(5_000);
    expect(world.log).to.deep.equal(['connect wss://a', 'register wss://a', 'recovered reconnected']);
  });

  it('starts on the first server that answers, in order', async () => {
    const { world, supervisor } = rig(['wss://a', 'wss://b']);
    world.up.delete('wss://a');
    await supervisor.start();
    expect(supervisor.server).to.equal('wss://b');
    expect(world.log).to.deep.equal(['connect wss://a', 'connect wss://b']);
    expect(world.states).to.deep.equal(['connected 0']);
  });

  it('rejects start when no server answers', async () => {
    const { world, supervisor } = rig(['wss://a', 'wss://b']);
    world.up.clear();
    let failed = false;
    await supervisor.start().catch(() => (failed = true));
    expect(failed).to.equal(true);
  });

  it('reconnects with growing pauses, re-registers, counts attempts and recovers once', async () => {
    const { clock, world, supervisor } = rig(['wss://a']);
    await supervisor.start();
    world.up.clear();
    clock.delays.length = 0;
    supervisor.lost();
    supervisor.lost(); // a second report of the same loss starts no second loop
    await clock.advance(1_000 + 2_000 + 4_000);
    expect(world.states.slice(1)).to.deep.equal(['reconnecting 1', 'reconnecting 2', 'reconnecting 3', 'reconnecting 4']);
    expect(clock.delays).to.deep.equal([1_000, 2_000, 4_000, 8_000]);
    world.up.add('wss://a');
    world.log.length = 0;
    await clock.advance(8_000);
    expect(world.log).to.deep.equal(['connect wss://a', 'register wss://a', 'recovered reconnected']);
    expect(world.states.at(-1)).to.equal('connected 4');
    expect(clock.pending).to.equal(0);
  });

  it('moves to the next server after failoverAfter failed attempts', async () => {
    const { clock, world, supervisor } = rig(['wss://a', 'wss://b']);
    await supervisor.start();
    world.up.delete('wss://a');
    supervisor.lost();
    await clock.advance(1_000 + 2_000 + 4_000);
    expect(world.log.filter((line) => line.startsWith('connect')).slice(1)).to.deep.equal(['connect wss://a', 'connect wss://a', 'connect wss://b']);
    expect(supervisor.server).to.equal('wss://b');
    expect(world.states.at(-1)).to.equal('connected 3');
  });

  it('moves on at once when the REGISTER is answered with a failover code', async () => {
    const { world, supervisor } = rig(['wss://a', 'wss://b']);
    world.registrar.set('wss://a', 503);
    await supervisor.start();
    await supervisor.register(async () => {
      const status = world.registrar.get(world.current ?? '');
      if (status) throw refused(status);
    });
    expect(supervisor.server).to.equal('wss://b');
    expect(world.log).to.deep.equal(['connect wss://a', 'connect wss://b']);
  });

  it('stays connected and reports a refusal that another server would share (403)', async () => {
    const { clock, world, supervisor } = rig(['wss://a', 'wss://b']);
    await supervisor.start();
    world.registrar.set('wss://a', 403);
    supervisor.lost();
    await clock.advance(1_000);
    expect(world.states.at(-1)).to.equal('connected 1');
    expect(world.reports).to.have.length(1);
    expect(supervisor.server).to.equal('wss://a');
  });

  it('goes back to the first server when it answers again, only while no call is live', async () => {
    const { clock, world, supervisor } = rig(['wss://a', 'wss://b']);
    world.up.delete('wss://a');
    await supervisor.start();
    expect(supervisor.server).to.equal('wss://b');
    world.up.add('wss://a');
    world.calls = 1;
    await clock.advance(30_000);
    expect(supervisor.server).to.equal('wss://b');
    world.calls = 0;
    world.log.length = 0;
    // random() = 1: each check comes failbackInterval and half again after the last.
    await clock.advance(15_000);
    expect(supervisor.server).to.equal('wss://a');
    expect(world.log).to.deep.equal(['connect wss://a', 'register wss://a']);
    // A deliberate move: the connection never showed as lost.
    expect(world.states).to.deep.equal(['connected 0']);
  });

  it('stays on the backup for failbackInterval at least, plus up to half again as jitter', async () => {
    for (const [random, wait] of [
      [0, 10_000],
      [0.5, 12_500],
      [1, 15_000],
    ] as const) {
      const { clock, world, supervisor } = rig(['wss://a', 'wss://b'], { random: () => random });
      world.up.delete('wss://a');
      await supervisor.start();
      world.up.add('wss://a');
      await clock.advance(wait - 1);
      expect(supervisor.server, `random ${random}`).to.equal('wss://b');
      await clock.advance(1);
      expect(supervisor.server, `random ${random}`).to.equal('wss://a');
    }
  });

  it('tries at once when the browser comes back online, and checks a live connection', async () => {
    const { clock, network, world, supervisor } = rig(['wss://a']);
    await supervisor.start();
    network.dispatchEvent(new Event('online'));
    await clock.advance(0);
    expect(world.log).to.deep.equal(['connect wss://a', 'ping', 'recovered network']);
    world.up.clear();
    supervisor.lost();
    await clock.advance(1_000 + 2_000);
    world.up.add('wss://a');
    network.dispatchEvent(new Event('online'));
    await clock.advance(0);
    expect(world.states.at(-1)).to.equal('connected 3');
  });

  it('never reconnects after stop()', async () => {
    const { clock, network, world, supervisor } = rig(['wss://a'], { keepAliveInterval: 1_000 });
    await supervisor.start();
    await clock.advance(1_000);
    expect(world.log.filter((line) => line === 'ping')).to.have.length(1);
    supervisor.stop();
    supervisor.lost();
    network.dispatchEvent(new Event('online'));
    await clock.advance(60_000);
    expect(world.states).to.deep.equal(['connected 0']);
    expect(world.log.filter((line) => line === 'ping')).to.have.length(1);
    expect(clock.pending).to.equal(0);
  });
});
