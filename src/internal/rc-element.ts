import { LitElement } from 'lit';

export type DetailOf<K extends keyof HTMLElementEventMap> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Base of every kit element: a typed `emit()` and a duplicate-safe `define()`. */
export class RcElement extends LitElement {
  /**
   * Dispatches a bubbling, composed event (so it crosses shadow roots).
   * @returns false when a listener called `preventDefault()` on a cancelable event.
   */
  protected emit<K extends keyof HTMLElementEventMap>(type: K, detail: DetailOf<K>, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
  }

  /**
   * Registers `tag` unless it already is. A different class under the same tag means two
   * copies of the kit on one page: the first one wins, and we say so instead of throwing.
   */
  static define(tag: string, ctor: CustomElementConstructor = this): void {
    const existing = customElements.get(tag);
    if (!existing) customElements.define(tag, ctor);
    else if (existing !== ctor) console.warn(`[rc-phone-kit] <${tag}> is already defined by another copy of rc-phone-kit; keeping the first.`);
  }
}
