import type { PhoneError } from '../../core/errors.js';
import type { PhoneEventMap, PhoneSnapshot } from '../../core/phone.js';
import type { SharedPhone } from '../../core/tabs/shared-phone.js';
import type { DetailOf } from '../../internal/rc-element.js';

/** What the provider does with its phone's events. */
export interface EventSink {
  /** Publishes a new snapshot to the elements. */
  publish(snapshot: PhoneSnapshot): void;
  /** Fires a DOM event on the provider. */
  emit<K extends keyof HTMLElementEventMap>(type: K, detail: DetailOf<K>): void;
  /** Fires `rc-error`. */
  reportError(error: PhoneError, callId: string | undefined): void;
}

/** Passes one core event on. */
export type Relay<K extends keyof PhoneEventMap> = (detail: PhoneEventMap[K]['detail']) => void;

/**
 * What each core phone event becomes on the page: a DOM event, or the elements' snapshot.
 * Exhaustive, so a new core event cannot be forgotten.
 */
export const relays = (to: EventSink): { readonly [K in keyof PhoneEventMap]: Relay<K> | undefined } => ({
  change: ({ snapshot }) => to.publish(snapshot),
  'connection-change': ({ state, attempt }) => to.emit('rc-connection-change', { state, attempt: attempt ?? 0 }),
  'registration-change': ({ state }) => to.emit('rc-registration-change', { state }),
  'call-incoming': ({ call }) => to.emit('rc-call-incoming', { callId: call.id, call }),
  'call-state-change': ({ call, previous }) => to.emit('rc-call-state-change', { callId: call.id, state: call.state, previous, call }),
  'call-update': ({ call }) => to.emit('rc-call-update', { callId: call.id, call }),
  'call-ended': ({ call, reason, error }) => to.emit('rc-call-ended', { callId: call.id, reason, call, error }),
  'call-quality': (detail) => to.emit('rc-call-quality', detail),
  'call-warning': (detail) => to.emit('rc-call-warning', detail),
  'call-warning-cleared': (detail) => to.emit('rc-call-warning-cleared', detail),
  'dtmf-received': ({ callId, tone }) => to.emit('rc-dtmf-received', { callId, tone }),
  'credentials-expiring': ({ expiresAt }) => to.emit('rc-credentials-expiring', { expiresAt }),
  error: ({ error, callId }) => to.reportError(error, callId),
});

/** Passes every event of `phone` on to `to` while `current()` holds (the phone is the provider's, not replaced). */
export function relayEvents(phone: SharedPhone, to: EventSink, current: () => boolean): void {
  const table = relays(to);
  const relay = <K extends keyof PhoneEventMap>(name: K): void => {
    const pass = table[name];
    if (pass) phone.addEventListener(name, (event) => current() && pass(event.detail));
  };
  for (const name of Object.keys(table) as (keyof PhoneEventMap)[]) relay(name);
}
