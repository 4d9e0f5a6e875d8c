import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSnapshot } from '../core/call.js';
import type { PhoneSnapshot } from '../core/phone.js';
import { ConnectionState } from '../core/states.js';
import { phoneContext, type PhoneCommands, type PhoneContextValue } from '../context/phone-context.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Gives an element the phone of the nearest `<rc-phone-provider>` (or any provider of
 * {@link phoneContext}) and re-renders it on every snapshot. Elements only read what this
 * exposes, so a scripted fake context drives them just as well as a real phone.
 *
 * Works in either upgrade order: when the element connects before any provider can
 * answer (its provider is not defined yet, or is added later), it asks again as soon as a
 * provider announces itself with `context-provider` — what `ContextRoot` does, without
 * needing the app to install one.
 */
export class PhoneController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof phoneContext, Host>;
  private listening = false;

  constructor(
    host: Host,
    private readonly onChange?: (value: PhoneContextValue | undefined, previous: PhoneContextValue | undefined) => void,
  ) {
    let previous: PhoneContextValue | undefined;
    this.consumer = new ContextConsumer(host, {
      context: phoneContext,
      subscribe: true,
      callback: (value) => {
        this.onChange?.(value, previous);
        previous = value;
      },
    });
    host.addController(this);
  }

  /** The context value, or undefined while no provider answered. */
  get value(): PhoneContextValue | undefined {
    return this.consumer.value;
  }

  /** True once a provider answered. */
  get present(): boolean {
    return this.consumer.value !== undefined;
  }

  get snapshot(): PhoneSnapshot | undefined {
    return this.consumer.value?.snapshot;
  }

  get commands(): PhoneCommands | undefined {
    return this.consumer.value?.commands;
  }

  /** The provider's phone is connected to its server (calls can be placed). */
  get connected(): boolean {
    return this.snapshot?.connection === ConnectionState.Connected;
  }

  /** `id`'s call, or the snapshot's current call when `id` is empty. */
  call(id?: string): CallSnapshot | undefined {
    const snapshot = this.snapshot;
    if (!snapshot) return undefined;
    const wanted = id || snapshot.currentCallId;
    return wanted === undefined ? undefined : snapshot.calls.find((call) => call.id === wanted);
  }

  /** Whether the provider offers a provider-specific action ('record', 'park'…). */
  can(capability: string): boolean {
    return this.snapshot?.capabilities.includes(capability) ?? false;
  }

  hostConnected(): void {
    // Capture on window: an outer provider stops the announcement from bubbling further.
    if (!this.listening) window.addEventListener('context-provider', this.onProvider, true);
    this.listening = true;
  }

  hostDisconnected(): void {
    window.removeEventListener('context-provider', this.onProvider, true);
    this.listening = false;
    // A moved element must not keep showing the phone of the tree it left; it asks again on connect.
    this.consumer.value = undefined;
    this.onChange?.(undefined, undefined);
  }

  private readonly onProvider = (event: Event): void => {
    if ((event as Event & { context?: unknown }).context !== phoneContext || this.present) return;
    // Ask again; the new provider answers if it is our ancestor.
    this.consumer.hostConnected();
  };
}
