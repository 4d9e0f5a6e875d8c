import { expect } from '@open-wc/testing';
import { CredentialRefresh } from './credential-refresh.js';
import type { SipCredentials } from './credentials.js';
import { ErrorCode, PhoneError } from './errors.js';
import type { WallClock } from './refresh-timing.js';

/** A wall clock that moves only when the test advances it. */
class FakeClock implements WallClock {
  private time = 1_000_000;
  private readonly timers = new Set<{ at: number; fire: () => void }>();

  now(): number {
    return this.time;
  }

  at(time: number, fire: () => void): () => void {
    const timer = { at: time, fire };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Runs every timer due within `ms`, in order, letting the promises each one starts settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await settle();
      const due = [...this.timers].filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers.delete(due);
      this.time = Math.max(this.time, due.at);
      due.fire();
    }
    this.time = end;
    await settle();
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const SERVER = 'wss://pbx.example.com/ws';
const URI = 'sip:alice@example.com';

type Answer = SipCredentials | Error | Promise<SipCredentials>;

/** A refresh over a scripted credential source: each load takes the next of `answers`. */
function rig() {
  const clock = new FakeClock();
  const lifetime = new AbortController();
  const answers: Answer[] = [];
  const world = {
    loads: 0,
    current: undefined as SipCredentials | undefined,
    used: [] as SipCredentials[],
    reregistered: 0,
    expiring: [] as number[],
    reports: [] as PhoneError[],
    logs: [] as string[],
  };
  const refresh = new CredentialRefresh(
    {
      load: () => {
        world.loads++;
        const answer = answers.shift();
        if (answer === undefined) return Promise.reject(new Error('no answer scripted'));
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      },
      current: () => world.current,
      use: (credentials) => {
        world.current = credentials;
        world.used.push(credentials);
      },
      reregister: () => {
        world.reregistered++;
        return Promise.resolve();
      },
      expiring: (expiresAt) => world.expiring.push(expiresAt),
      report: (error) => world.reports.push(error),
      log: (level, message) => world.logs.push(`${level}: ${message}`),
    },
    lifetime.signal,
    clock,
  );
  /** Credentials that expire `lifetime` ms from now. */
  const token = (lifetime: number, password = 'p'): SipCredentials => ({ server: SERVER, uri: URI, password, expiresAt: clock.now() + lifetime });
  /** Puts `credentials` in use and plans their renewal, as the phone does once connected. */
  const begin = (credentials: SipCredentials): void => {
    world.current = credentials;
    refresh.schedule(credentials);
  };
  return { clock, lifetime, answers, world, refresh, token, begin };
}

const fetchFailed = (): PhoneError => new PhoneError(ErrorCode.TokenFetchFailed);
const codes = (errors: readonly PhoneError[]): string[] => errors.map((error) => error.code);

describe('CredentialRefresh', () => {
  it('retries a failed first token fetch with backoff, reporting each failure, until it works', async () => {
    const { clock, answers, world, refresh } = rig();
    answers.push(fetchFailed(), fetchFailed(), { server: SERVER, uri: URI });
    const loaded = refresh.loadFirst();
    await clock.advance(0);
    expect(world.loads).to.equal(1);
    expect(codes(world.reports)).to.deep.equal(['token-fetch-failed']);
    expect(world.reports[0]?.message).to.match(/Trying again in 1 s\.$/);
    // Backoff with jitter: at most 1 s, then at most 2 s.
    await clock.advance(1_000);
    expect(world.loads).to.equal(2);
    await clock.advance(2_000);
    expect((await loaded).uri).to.equal(URI);
    expect(world.loads).to.equal(3);
  });

  it('gives up the first load at once on any other failure, and once the phone is disposed', async () => {
    const refused = rig();
    refused.answers.push(new PhoneError(ErrorCode.CredentialsFailed));
    expect(((await refused.refresh.loadFirst().catch((error: unknown) => error)) as PhoneError).code).to.equal('credentials-failed');

    const waiting = rig();
    waiting.answers.push(fetchFailed());
    const loaded = waiting.refresh.loadFirst().catch((error: unknown) => error);
    await waiting.clock.advance(0);
    waiting.lifetime.abort();
    expect(((await loaded) as PhoneError).code).to.equal('disposed');
    expect(waiting.world.loads).to.equal(1);
  });

  it('renews at 80 % of the credentials’ life: says so, uses the new ones, re-registers and plans the next renewal', async () => {
    const { clock, answers, world, token, begin } = rig();
    const first = token(600_000);
    begin(first);
    // Fetched at 480 s, the next token lives 1 000 s from then.
    answers.push(token(480_000 + 1_000_000, 'renewed'));
    await clock.advance(479_000);
    expect(world.loads).to.equal(0);
    await clock.advance(1_000);
    expect(world.expiring).to.deep.equal([first.expiresAt]);
    expect(world.used.map((credentials) => credentials.password)).to.deep.equal(['renewed']);
    expect(world.reregistered).to.equal(1);
    expect(world.logs.at(-1)).to.match(/^log: credentials renewed \(valid until /);
    answers.push(token(1_000_000, 'again'));
    await clock.advance(799_000);
    expect(world.loads).to.equal(1);
    await clock.advance(1_000);
    expect(world.loads).to.equal(2);
    expect(world.reports).to.deep.equal([]);
  });

  it('keeps the server and address of record of the running phone, warning when renewed ones differ', async () => {
    const { clock, answers, world, token, begin } = rig();
    begin(token(10_000));
    answers.push({ ...token(10_000), server: 'wss://other.example.com/ws', uri: 'sip:bob@example.com' });
    await clock.advance(5_000);
    expect(world.used).to.have.length(1);
    expect(world.used[0]).to.include({ server: SERVER, uri: URI });
    expect(world.logs[0]).to.match(/^warn: Renewed credentials name another server or address/);
  });

  it('retries a failed renewal with backoff, without saying again that the credentials expire', async () => {
    const { clock, answers, world, token, begin } = rig();
    const first = token(10_000);
    begin(first);
    answers.push(fetchFailed(), fetchFailed());
    // The renewal at 5 s fails; the retries come at most 1 s, then 2 s later.
    await clock.advance(5_000);
    expect(codes(world.reports)).to.deep.equal(['token-fetch-failed']);
    await clock.advance(1_000);
    expect(codes(world.reports)).to.deep.equal(['token-fetch-failed', 'token-fetch-failed']);
    answers.push(token(60_000, 'late'));
    await clock.advance(2_000);
    expect(world.loads).to.equal(3);
    expect(world.expiring).to.deep.equal([first.expiresAt]);
    expect(world.used.map((credentials) => credentials.password)).to.deep.equal(['late']);
    expect(world.reregistered).to.equal(1);
  });

  it('reports credentials that expire before a renewal arrives', async () => {
    const { clock, answers, world, token, begin } = rig();
    begin(token(10_000));
    answers.push(new Promise<SipCredentials>(() => undefined));
    await clock.advance(9_000);
    expect(world.reports).to.deep.equal([]);
    await clock.advance(1_000);
    expect(codes(world.reports)).to.deep.equal(['token-expired']);
  });

  it('fetches again soon when asked to retry (the registrar said the token expired)', async () => {
    const { clock, answers, world, token, begin, refresh } = rig();
    begin(token(600_000));
    answers.push(token(600_000, 'fresh'));
    expect(refresh.retry()).to.be.within(500, 1_000);
    await clock.advance(1_000);
    expect(world.used.map((credentials) => credentials.password)).to.deep.equal(['fresh']);
  });

  it('drops a renewal under way when stopped, and plans nothing more', async () => {
    const { clock, answers, world, token, begin, refresh } = rig();
    begin(token(10_000));
    let answer: (credentials: SipCredentials) => void = () => undefined;
    answers.push(new Promise<SipCredentials>((resolve) => (answer = resolve)));
    await clock.advance(5_000);
    expect(world.loads).to.equal(1);
    refresh.stop();
    answer(token(10_000, 'stale'));
    await clock.advance(60_000);
    expect(world.used).to.deep.equal([]);
    expect(world.reregistered).to.equal(0);
    expect(world.reports).to.deep.equal([]);
    expect(world.loads).to.equal(1);
  });

  it('a 1-hour outage of the token endpoint leaves the listeners on the phone’s lifetime flat', async () => {
    const { clock, lifetime, answers, world, refresh } = rig();
    let listening = 0;
    const { signal } = lifetime;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => (listening++, add(...args));
    signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => (listening--, remove(...args));
    answers.push(...Array.from({ length: 1000 }, fetchFailed));
    const loaded = refresh.loadFirst().catch((error: unknown) => error);
    await clock.advance(3_600_000);
    expect(world.loads).to.be.above(60);
    expect(listening).to.be.at.most(1);
    lifetime.abort();
    expect(((await loaded) as PhoneError).code).to.equal('disposed');
  });
});
