import { expect } from '@open-wc/testing';
import { SessionTimer, acceptedTimer, answerTimer, inviteTimerHeaders, parseSessionExpires, refreshOutcome, type RefreshOutcome } from './session-timer.js';

const SETTINGS = { expires: 1800, minExpires: 90 };

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let next = 0;
  return {
    now: () => now,
    setTimeout: (run: () => void, ms: number) => {
      const id = ++next;
      timers.push({ at: now + ms, run, id });
      return id as unknown as ReturnType<typeof setTimeout>;
    },
    clearTimeout: (id: ReturnType<typeof setTimeout> | undefined) => void (timers = timers.filter((t) => t.id !== (id as unknown as number))),
    /** Runs every timer due within `ms`, in order. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.run();
        await Promise.resolve();
        await Promise.resolve();
        await Promise.resolve();
      }
      now = end;
    },
  };
}

describe('session timers (RFC 4028)', () => {
  it('parses Session-Expires with its refresher, and refuses what is not one', () => {
    expect(parseSessionExpires('1800;refresher=uac')).to.deep.equal({ delta: 1800, refresher: 'uac' });
    expect(parseSessionExpires(' 90 ; x=y ; refresher=UAS')).to.deep.equal({ delta: 90, refresher: 'uas' });
    expect(parseSessionExpires('600')).to.deep.equal({ delta: 600 });
    for (const bad of [undefined, '', 'abc', '0', '-5', '12345678901']) expect(parseSessionExpires(bad), String(bad)).to.equal(undefined);
  });

  it('as UAS: no timer unless asked, 422 below Min-SE, the kit refreshes unless the caller chose', () => {
    expect(answerTimer({ sessionExpires: undefined, supported: 'timer' }, SETTINGS)).to.equal(undefined);
    expect(answerTimer({ sessionExpires: '30', supported: 'timer' }, SETTINGS)).to.deep.equal({ tooSmall: 90 });
    expect(answerTimer({ sessionExpires: '120', supported: 'timer, replaces' }, SETTINGS)).to.deep.equal({
      headers: ['Session-Expires: 120;refresher=uas', 'Require: timer'],
      negotiated: { interval: 120, refresher: 'local' },
    });
    expect(answerTimer({ sessionExpires: '120;refresher=uac', supported: 'timer' }, SETTINGS)).to.deep.equal({
      headers: ['Session-Expires: 120;refresher=uac', 'Require: timer'],
      negotiated: { interval: 120, refresher: 'remote' },
    });
    // A caller without timer support cannot be the refresher (RFC 4028 §9).
    expect(answerTimer({ sessionExpires: '120;refresher=uac', supported: '' }, SETTINGS)).to.deep.equal({
      headers: ['Session-Expires: 120;refresher=uas'],
      negotiated: { interval: 120, refresher: 'local' },
    });
  });

  it('as UAC: what the 2xx agreed; the INVITE’s headers', () => {
    expect(acceptedTimer('1800;refresher=uac')).to.deep.equal({ interval: 1800, refresher: 'local' });
    expect(acceptedTimer('1800;refresher=uas')).to.deep.equal({ interval: 1800, refresher: 'remote' });
    expect(acceptedTimer(undefined)).to.equal(undefined);
    expect(inviteTimerHeaders(SETTINGS)).to.deep.equal(['Session-Expires: 1800', 'Min-SE: 90']);
    expect(inviteTimerHeaders({ expires: 100, minExpires: 90 }, 120)).to.deep.equal(['Session-Expires: 120', 'Min-SE: 120']);
    expect([200, 408, 481, 491, 500].map(refreshOutcome)).to.deep.equal(['refreshed', 'fatal', 'fatal', 'failed', 'failed']);
  });

  it('as refresher: refreshes at half the interval; a failure is tried again; a session never refreshed expires at its deadline', async () => {
    const clock = manualClock();
    const refreshes: number[] = [];
    let expired: number | undefined;
    const outcomes: RefreshOutcome[] = ['refreshed', 'failed', 'failed', 'failed', 'failed'];
    const timer: SessionTimer = new SessionTimer(
      {
        refresh: () => {
          refreshes.push(clock.now());
          const outcome = outcomes.shift() ?? 'failed';
          if (outcome === 'refreshed') timer.set({ interval: 90, refresher: 'local' });
          return Promise.resolve(outcome);
        },
        expire: () => (expired = clock.now()),
      },
      clock,
    );
    timer.set({ interval: 90, refresher: 'local' });
    await clock.advance(200_000);
    // 45 s: refreshed, so the deadline is 45 + 90 − 30 = 105 s; 90 s: fails; then retried halfway
    // to the deadline while that is a second or more away.
    expect(refreshes).to.deep.equal([45_000, 90_000, 97_500, 101_250, 103_125]);
    expect(expired).to.equal(105_000);
  });

  it('as non-refresher: expires at the interval minus min(32 s, interval/3) unless refreshed; a fatal refresh ends at once', async () => {
    const clock = manualClock();
    let expired: number | undefined;
    const timer = new SessionTimer({ refresh: () => Promise.resolve('refreshed'), expire: () => (expired = clock.now()) }, clock);
    timer.set({ interval: 90, refresher: 'remote' });
    await clock.advance(50_000);
    timer.set({ interval: 90, refresher: 'remote' });
    await clock.advance(100_000);
    expect(expired).to.equal(50_000 + 60_000);

    const fatal = manualClock();
    let ended: number | undefined;
    new SessionTimer({ refresh: () => Promise.resolve('fatal'), expire: () => (ended = fatal.now()) }, fatal).set({ interval: 1800, refresher: 'local' });
    await fatal.advance(2_000_000);
    expect(ended).to.equal(900_000);
  });
});
