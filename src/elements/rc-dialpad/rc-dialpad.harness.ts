import type { RcDialpad } from './rc-dialpad.component.js';

/**
 * Drives an `<rc-dialpad>` the way a user would, for tests of apps that embed it:
 * `await new DialpadHarness(el).pressKeys('5551234')`. Clicks go to the real buttons.
 */
export class DialpadHarness {
  constructor(readonly element: RcDialpad) {}

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('<rc-dialpad> has not rendered');
    return root;
  }

  /** The button of `key` ('0'-'9', '*', '#'). */
  key(key: string): HTMLButtonElement {
    const button = this.root.querySelector<HTMLButtonElement>(`button[data-key="${CSS.escape(key)}"]`);
    if (!button) throw new Error(`No key ${key}`);
    return button;
  }

  get input(): HTMLInputElement {
    const input = this.root.querySelector('input');
    if (!input) throw new Error('<rc-dialpad> has no number field');
    return input;
  }

  get callButton(): HTMLButtonElement | null {
    return this.root.querySelector('[part~="call-button"]');
  }

  get backspaceButton(): HTMLButtonElement | null {
    return this.root.querySelector('[part~="backspace"]');
  }

  /** The inline error message ('' when none). */
  get message(): string {
    return this.root.querySelector('[part~="message"]')?.textContent?.trim() ?? '';
  }

  /** Why it is disabled or waiting ('' when it is ready). */
  get notice(): string {
    return this.root.querySelector('[part~="notice"]')?.textContent?.trim() ?? '';
  }

  /** Clicks one key. */
  async pressKey(key: string): Promise<void> {
    this.key(key).click();
    await this.element.updateComplete;
  }

  /** Clicks each key of `keys` in turn. */
  async pressKeys(keys: string): Promise<void> {
    for (const key of keys) await this.pressKey(key);
  }

  /** Types into the number field (as the `input` event of typing would). */
  async type(text: string): Promise<void> {
    const input = this.input;
    input.value += text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: text, inputType: 'insertText' }));
    await this.element.updateComplete;
  }

  /** Pastes `text` into the number field; resolves once it is normalised and shown. */
  async paste(text: string): Promise<void> {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const before = this.input.value;
    this.input.focus();
    this.input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true, cancelable: true }));
    const deadline = performance.now() + 5000;
    while (this.input.value === before && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.element.updateComplete;
  }

  async backspace(): Promise<void> {
    this.backspaceButton?.click();
    await this.element.updateComplete;
  }

  /** Clicks the call button. */
  async call(): Promise<void> {
    const button = this.callButton;
    if (!button) throw new Error('No call button (the dialpad is sending tones)');
    button.click();
    await this.element.updateComplete;
  }
}
