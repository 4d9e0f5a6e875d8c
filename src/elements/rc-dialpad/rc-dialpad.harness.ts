import { ElementHarness } from '../../internal/element-harness.js';
import type { RcDialpad } from './rc-dialpad.component.js';

/**
 * Drives an `<rc-dialpad>` the way a user would, for tests of apps that embed it:
 * `await new DialpadHarness(el).pressKeys('5551234')`. Clicks go to the real buttons.
 */
export class DialpadHarness extends ElementHarness<RcDialpad> {
  /** The button of `key` ('0'-'9', '*', '#'). */
  key(key: string): HTMLButtonElement {
    return this.required<HTMLButtonElement>(`button[data-key="${CSS.escape(key)}"]`, `No key ${key}`);
  }

  get input(): HTMLInputElement {
    return this.required<HTMLInputElement>('input', '<rc-dialpad> has no number field');
  }

  get callButton(): HTMLButtonElement | null {
    return this.part('call-button');
  }

  get backspaceButton(): HTMLButtonElement | null {
    return this.part('backspace');
  }

  /** The inline error message ('' when none). */
  get message(): string {
    return this.text('message');
  }

  /** Why it is disabled or waiting ('' when it is ready). */
  get notice(): string {
    return this.text('notice');
  }

  /** Clicks one key. */
  async pressKey(key: string): Promise<void> {
    await this.press(this.key(key));
  }

  /** Clicks each key of `keys` in turn. */
  async pressKeys(keys: string): Promise<void> {
    for (const key of keys) await this.pressKey(key);
  }

  /** Types into the number field (as the `input` event of typing would). */
  async type(text: string): Promise<void> {
    const input = this.input;
    await this.fillInput(input, input.value + text, { data: text, inputType: 'insertText' });
  }

  /** Pastes `text` into the number field; resolves once it is normalised and shown. */
  async paste(text: string): Promise<void> {
    const before = this.input.value;
    this.input.focus();
    // Firefox gives the event a copy of the init dictionary's DataTransfer, made before any data
    // is on it: the text goes on the event's own clipboardData.
    const event = new ClipboardEvent('paste', { clipboardData: new DataTransfer(), bubbles: true, composed: true, cancelable: true });
    event.clipboardData?.setData('text/plain', text);
    this.input.dispatchEvent(event);
    const deadline = performance.now() + 5000;
    while (this.input.value === before && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.element.updateComplete;
  }

  async backspace(): Promise<void> {
    await this.press(this.backspaceButton);
  }

  /** Clicks the call button. */
  async call(): Promise<void> {
    const button = this.callButton;
    if (!button) throw new Error('No call button (the dialpad is sending tones)');
    await this.press(button);
  }
}
