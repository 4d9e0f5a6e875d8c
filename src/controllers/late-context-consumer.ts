import { ContextConsumer, type Context, type ContextType } from '@lit/context';
import type { ReactiveControllerHost } from 'lit';

/**
 * A subscribing {@link ContextConsumer} that works in either upgrade order: when its host
 * connects before any provider can answer (the provider is not defined yet, or is added
 * later), it asks again as soon as a provider of its context announces itself with
 * `context-provider` — what `ContextRoot` does, without needing the app to install one.
 * On disconnect it forgets the value, so a moved element does not keep showing what the
 * tree it left provided; it asks again on connect.
 */
export class LateContextConsumer<C extends Context<unknown, unknown>, Host extends ReactiveControllerHost & HTMLElement> extends ContextConsumer<C, Host> {
  // The base keeps its context private; the announcement check needs it.
  private readonly wanted: C;

  constructor(host: Host, options: { context: C; callback?: (value: ContextType<C>) => void }) {
    super(host, { ...options, subscribe: true });
    this.wanted = options.context;
  }

  override hostConnected(): void {
    super.hostConnected();
    // Capture on window: an outer provider stops the announcement from bubbling further.
    window.addEventListener('context-provider', this.onProvider, true);
  }

  override hostDisconnected(): void {
    super.hostDisconnected();
    window.removeEventListener('context-provider', this.onProvider, true);
    this.value = undefined;
    this.host.requestUpdate();
  }

  private readonly onProvider = (event: Event): void => {
    if ((event as Event & { context?: unknown }).context !== this.wanted || this.value !== undefined) return;
    // Ask again; the new provider answers if it is our ancestor.
    super.hostConnected();
  };
}
