import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface CloseProtectionOptions {
  /** True while closing the page would cut off a call (one is ringing, being set up or talking). */
  guard(): boolean;
  /** The page is being unloaded or put into the back/forward cache. */
  hidden(): void;
  /** The page came back from the back/forward cache. */
  shown(): void;
  /** Where the page lifecycle events come from (default `window`). */
  target?: EventTarget;
}

/**
 * Keeps a phone from vanishing silently with its page:
 * - `beforeunload` while {@link CloseProtectionOptions.guard} holds asks the browser to
 *   confirm leaving (HTML "unloading documents": a cancelled event shows the browser's own
 *   dialog; `returnValue` for engines that predate that).
 * - `pagehide`: the page is going (or freezing into the back/forward cache), so the phone
 *   un-REGISTERs now; otherwise the registrar keeps routing calls to it until the binding
 *   expires. `pageshow` with `persisted`: the page is back, so the phone reconnects.
 */
export class CloseProtectionController implements ReactiveController {
  private readonly target: EventTarget;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: CloseProtectionOptions,
  ) {
    this.target = options.target ?? window;
    host.addController(this);
  }

  hostConnected(): void {
    this.target.addEventListener('beforeunload', this.onBeforeUnload);
    this.target.addEventListener('pagehide', this.onPageHide);
    this.target.addEventListener('pageshow', this.onPageShow);
  }

  hostDisconnected(): void {
    this.target.removeEventListener('beforeunload', this.onBeforeUnload);
    this.target.removeEventListener('pagehide', this.onPageHide);
    this.target.removeEventListener('pageshow', this.onPageShow);
  }

  private readonly onBeforeUnload = (event: Event): void => {
    if (!this.options.guard()) return;
    event.preventDefault();
    // Browsers show their own text; older ones need any non-empty returnValue to ask at all.
    (event as BeforeUnloadEvent).returnValue = 'A call is in progress.';
  };

  private readonly onPageHide = (): void => this.options.hidden();

  private readonly onPageShow = (event: Event): void => {
    if ((event as PageTransitionEvent).persisted) this.options.shown();
  };
}
