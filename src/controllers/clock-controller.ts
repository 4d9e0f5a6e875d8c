import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host once a second while `running` is true (call timers), and not at all
 * otherwise. The clock is injectable so tests and stories can pin the time.
 */
export class ClockController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;
  private wanted = false;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly now: () => number = Date.now,
  ) {
    host.addController(this);
  }

  /** Ticks while true. Set it from the host's `willUpdate`. */
  set running(value: boolean) {
    this.wanted = value;
    this.sync();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.sync();
  }

  private sync(): void {
    const tick = this.wanted && this.connected;
    if (tick && this.timer === undefined) this.timer = setInterval(() => this.host.requestUpdate(), 1000);
    if (!tick && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

/** "m:ss", or "h:mm:ss" from an hour on: the usual call timer. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
