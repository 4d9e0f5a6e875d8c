/**
 * A call's microphone that the browser holds back while the page is hidden. Firefox answers
 * a background tab's `getUserMedia` only once the user selects that tab ("to avoid granting
 * permissions automatically to background tabs", Firefox's WebRTCParent): with tab sharing
 * the leader tab, often in the background, answers the calls the user takes in another tab,
 * and the caller hears nothing until the user opens the leader tab. Chromium opens the
 * microphone in a hidden tab at once. So this watches the behaviour, not the browser: a
 * microphone still opening {@link MICROPHONE_WAIT_MS} after it was asked for while the page
 * is hidden raises the call's `microphone-waiting` warning.
 */

import { systemClock, type Clock } from './reconnect.js';

/** Longer than a microphone takes to open (10–500 ms, see microphone.ts) while the page is seen. */
export const MICROPHONE_WAIT_MS = 1_500;

/** The page's visibility (Page Visibility API); `document` in browsers. */
export interface PageVisibility {
  readonly visibilityState: DocumentVisibilityState;
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
}

/**
 * Watches one call's microphone while it opens. {@link MicrophoneWait.waiting} is true from
 * {@link MICROPHONE_WAIT_MS} of hidden page with the microphone still opening until the
 * microphone opens or fails, the page is shown (a prompt there is the user's to answer), or
 * {@link MicrophoneWait.stop}; `changed` is told each time it flips.
 */
export class MicrophoneWait {
  private opening: Promise<unknown> | undefined;
  private timer: unknown;
  private active = false;
  private readonly onVisibility = (): void => this.arm();

  constructor(
    private readonly changed: (waiting: boolean) => void,
    private readonly page: PageVisibility | undefined = globalThis.document,
    private readonly clock: Clock = systemClock,
    private readonly waitMs = MICROPHONE_WAIT_MS,
  ) {}

  get waiting(): boolean {
    return this.active;
  }

  /** Watches `microphone` until it settles; it replaces one watched before. */
  watch(microphone: Promise<unknown>): void {
    if (!this.page) return;
    if (!this.opening) this.page.addEventListener('visibilitychange', this.onVisibility);
    this.opening = microphone;
    this.arm();
    const settled = (): void => {
      if (this.opening === microphone) this.stop();
    };
    microphone.then(settled, settled);
  }

  /** Stops watching and clears the warning (the call ended: its `call-ended` says the rest). */
  stop(silently = false): void {
    this.page?.removeEventListener('visibilitychange', this.onVisibility);
    this.opening = undefined;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.set(false, silently);
  }

  /** Hidden: the warning comes after the bound. Shown: it goes at once. */
  private arm(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.page?.visibilityState !== 'hidden') {
      this.set(false);
      return;
    }
    if (!this.active) this.timer = this.clock.setTimeout(() => this.set(true), this.waitMs);
  }

  private set(waiting: boolean, silently = false): void {
    if (this.active === waiting) return;
    this.active = waiting;
    if (!silently) this.changed(waiting);
  }
}
