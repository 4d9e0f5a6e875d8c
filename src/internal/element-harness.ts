import type { ReactiveElement } from 'lit';

/**
 * Base of the per-element test harnesses (as Material Web's `Harness<E>`): finding things
 * in the shadow root, reading text as shown, and clicking and typing the way a user does,
 * each waiting for the element to re-render. Its helpers are protected, and named apart
 * from the verbs harnesses publish (`click`, `fill`, `button`), because those verbs take
 * each element's own arguments: a harness's API is only what it declares itself.
 */
export class ElementHarness<E extends ReactiveElement> {
  constructor(readonly element: E) {}

  /** The element's shadow root; throws while it has not rendered. */
  protected get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error(`<${this.element.localName}> has not rendered`);
    return root;
  }

  /** What `selector` finds; throws `problem` when nothing matches. */
  protected required<T extends Element = HTMLElement>(selector: string, problem = `<${this.element.localName}> has no ${selector}`): T {
    const found = this.root.querySelector<T>(selector);
    if (!found) throw new Error(problem);
    return found;
  }

  /** The first element with the `::part` `name`, or null. */
  protected part<T extends Element = HTMLElement>(name: string, within: ParentNode = this.root): T | null {
    return within.querySelector<T>(`[part~="${CSS.escape(name)}"]`);
  }

  /** Every element with the `::part` `name`, in document order. */
  protected parts<T extends Element = HTMLElement>(name: string): T[] {
    return [...this.root.querySelectorAll<T>(`[part~="${CSS.escape(name)}"]`)];
  }

  /** The text of the `::part` `name` as a reader sees it (whitespace collapsed), or '' when absent. */
  protected text(part: string, within: ParentNode = this.root): string {
    return this.textOf(this.part(part, within));
  }

  /** The text of `node` as a reader sees it, or '' for none. */
  protected textOf(node: Node | null | undefined): string {
    return node?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  /** The button with `data-action="action"`, or null when not shown. */
  protected actionButton(action: string, within: ParentNode = this.root): HTMLButtonElement | null {
    return within.querySelector<HTMLButtonElement>(`button[data-action="${CSS.escape(action)}"]`);
  }

  /** Clicks `target` (nothing when there is none) and waits for the element to re-render. */
  protected async press(target: HTMLElement | null | undefined): Promise<void> {
    target?.click();
    await this.element.updateComplete;
  }

  /**
   * Clicks the button `find` returns once the element has rendered; fails when it is not
   * shown, or stays disabled (buttons are disabled for a moment while the previous action runs).
   */
  protected async pressWhenEnabled(name: string, find: () => HTMLButtonElement | null): Promise<void> {
    await this.element.updateComplete;
    const button = find();
    if (!button) throw new Error(`No ${name} button`);
    await this.whenEnabled(button, name);
    await this.press(button);
  }

  /** Sets `input`'s value to `text` and fires the `input` event typing would; resolves once re-rendered. */
  protected async fillInput(input: HTMLInputElement, text: string, typed: Pick<InputEventInit, 'data' | 'inputType'> = {}): Promise<void> {
    input.value = text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, ...typed }));
    await this.element.updateComplete;
  }

  /** Resolves once `button` is enabled; rejects after `timeout` ms. */
  protected async whenEnabled(button: HTMLButtonElement, name: string, timeout = 2000): Promise<void> {
    const deadline = performance.now() + timeout;
    while (button.disabled) {
      if (performance.now() > deadline) throw new Error(`The ${name} button stays disabled`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
