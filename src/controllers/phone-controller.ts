import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSnapshot } from '../core/call.js';
import type { PhoneSnapshot } from '../core/phone.js';
import { ConnectionState } from '../core/states.js';
import { phoneContext, type PhoneCommands, type PhoneContextValue } from '../context/phone-context.js';
import { LateContextConsumer } from './late-context-consumer.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Gives an element the phone of the nearest `<rc-phone-provider>` (or any provider of
 * {@link phoneContext}) and re-renders it on every snapshot. Elements only read what this
 * exposes, so a scripted fake context drives them just as well as a real phone. Works in
 * either upgrade order (see {@link LateContextConsumer}).
 */
export class PhoneController implements ReactiveController {
  private readonly consumer: LateContextConsumer<typeof phoneContext, Host>;

  constructor(
    host: Host,
    private readonly onChange?: (value: PhoneContextValue | undefined, previous: PhoneContextValue | undefined) => void,
  ) {
    let previous: PhoneContextValue | undefined;
    this.consumer = new LateContextConsumer(host, {
      context: phoneContext,
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

  hostDisconnected(): void {
    // The consumer (a controller added before this one) has forgotten the value by now.
    this.onChange?.(undefined, undefined);
  }
}
