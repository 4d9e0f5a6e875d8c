import { expect } from '@open-wc/testing';
import { MICROPHONE_WAIT_MS, MicrophoneWait, type PageVisibility } from './microphone-wait.js';
import type { Clock } from './reconnect.js';

/** A page the test hides and shows, as the user switching tabs. */
class FakePage extends EventTarget implements PageVisibility {
  visibilityState: DocumentVisibilityState = 'hidden';
  set(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

/** Timers that fire only when the test moves time on. */
class FakeClock implements Clock {
  time = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private next = 0;
  setTimeout(callback: () => void, ms: number): unknown {
    this.timers.set(++this.next, { at: this.time + ms, callback });
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    this.time += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at > this.time) continue;
      this.timers.delete(id);
      timer.callback();
    }
  }
  get pending(): number {
    return this.timers.size;
  }
}

/** A microphone request the test settles. */
function opening(): { promise: Promise<MediaStream>; open: () => Promise<void>; fail: () => Promise<void> } {
  let resolve: (stream: MediaStream) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<MediaStream>((ok, no) => ((resolve = ok), (reject = no)));
  promise.catch(() => undefined);
  // Settled, then a turn for the watcher's own `then` to run.
  const settle = (how: () => void) => async (): Promise<void> => (how(), await promise.catch(() => undefined), await Promise.resolve());
  return { promise, open: settle(() => resolve(new MediaStream())), fail: settle(() => reject(new DOMException('denied', 'NotAllowedError'))) };
}

function watcher(visibility: DocumentVisibilityState = 'hidden') {
  const page = new FakePage();
  page.visibilityState = visibility;
  const clock = new FakeClock();
  const changes: boolean[] = [];
  const wait = new MicrophoneWait((waiting) => changes.push(waiting), page, clock);
  return { page, clock, changes, wait };
}

describe('MicrophoneWait: a call’s microphone held back while its tab is hidden', () => {
  it('raises once the microphone has been opening for the bound in a hidden page, and clears when it opens', async () => {
    const { clock, changes, wait } = watcher();
    const mic = opening();
    wait.watch(mic.promise);
    clock.advance(MICROPHONE_WAIT_MS - 1);
    expect(wait.waiting, 'not before the bound').to.equal(false);
    clock.advance(1);
    expect(wait.waiting).to.equal(true);
    await mic.open();
    expect(wait.waiting).to.equal(false);
    expect(changes).to.deep.equal([true, false]);
  });

  it('stays quiet when the microphone opens within the bound (Chromium opens it in a hidden tab at once)', async () => {
    const { clock, changes, wait } = watcher();
    const mic = opening();
    wait.watch(mic.promise);
    clock.advance(50);
    await mic.open();
    clock.advance(MICROPHONE_WAIT_MS * 2);
    expect(changes).to.deep.equal([]);
    expect(clock.pending, 'no timer left').to.equal(0);
  });

  it('stays quiet in a page the user sees (a permission prompt there is theirs to answer)', () => {
    const { clock, changes, wait } = watcher('visible');
    wait.watch(opening().promise);
    clock.advance(MICROPHONE_WAIT_MS * 5);
    expect(changes).to.deep.equal([]);
  });

  it('clears when the user selects the tab, and is raised again when the tab goes to the background still waiting', () => {
    const { page, clock, changes, wait } = watcher();
    wait.watch(opening().promise);
    clock.advance(MICROPHONE_WAIT_MS);
    page.set('visible');
    expect(wait.waiting).to.equal(false);
    page.set('hidden');
    clock.advance(MICROPHONE_WAIT_MS);
    expect(changes).to.deep.equal([true, false, true]);
  });

  it('clears when the microphone fails, and a visible page watched later raises nothing', async () => {
    const { page, clock, changes, wait } = watcher();
    const mic = opening();
    wait.watch(mic.promise);
    clock.advance(MICROPHONE_WAIT_MS);
    await mic.fail();
    expect(changes).to.deep.equal([true, false]);
    // No longer listening: the page's changes do nothing.
    page.set('visible');
    page.set('hidden');
    clock.advance(MICROPHONE_WAIT_MS);
    expect(changes).to.deep.equal([true, false]);
  });

  it('stop(true) clears without telling (the call ended), and leaves no timer', () => {
    const { clock, changes, wait } = watcher();
    wait.watch(opening().promise);
    clock.advance(MICROPHONE_WAIT_MS);
    wait.stop(true);
    expect(wait.waiting).to.equal(false);
    expect(changes).to.deep.equal([true]);
    wait.watch(opening().promise);
    wait.stop(true);
    expect(clock.pending).to.equal(0);
  });
});
