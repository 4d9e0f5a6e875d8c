type EventMap<M> = { [K in keyof M]: Event };
type DetailOf<E> = E extends CustomEvent<infer D> ? D : never;

/**
 * EventTarget with a typed event map, so `phone.addEventListener('call-ended', e => e.detail.reason)`
 * type-checks and a misspelt event name does not compile. The overloads are merged in
 * through this interface; the untyped ones stay for `EventTarget` compatibility.
 */
export interface TypedEventTarget<M extends EventMap<M>> {
  addEventListener<K extends keyof M & string>(type: K, listener: (event: M[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof M & string>(type: K, listener: (event: M[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- typed overloads, see the interface
export class TypedEventTarget<M extends EventMap<M>> extends EventTarget {
  /** Dispatches a typed `CustomEvent`. */
  protected fire<K extends keyof M & string>(type: K, detail: DetailOf<M[K]>): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
