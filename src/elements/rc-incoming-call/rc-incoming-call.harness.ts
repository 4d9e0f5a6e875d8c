import { whenEnabled } from '../rc-call-controls/rc-call-controls.harness.js';
import type { RcIncomingCall } from './rc-incoming-call.component.js';

/** Drives an `<rc-incoming-call>`: `await harness.answer()`. */
export class IncomingCallHarness {
  constructor(readonly element: RcIncomingCall) {}

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('<rc-incoming-call> has not rendered');
    return root;
  }

  /** A button by action ('answer', 'decline', 'voicemail', 'forward', 'reply', 'forward-now', 'reply-now'), or null. */
  button(action: string): HTMLButtonElement | null {
    return this.root.querySelector<HTMLButtonElement>(`button[data-action="${CSS.escape(action)}"]`);
  }

  async click(action: string): Promise<void> {
    await this.element.updateComplete;
    const button = this.button(action);
    if (!button) throw new Error(`No ${action} button`);
    await whenEnabled(button, action);
    button.click();
    await this.element.updateComplete;
  }

  answer(): Promise<void> {
    return this.click('answer');
  }

  decline(): Promise<void> {
    return this.click('decline');
  }

  /** Fills the open forward/reply form's field. */
  async fill(text: string): Promise<void> {
    const input = this.root.querySelector<HTMLInputElement>('#panel input');
    if (!input) throw new Error('No panel is open');
    input.value = text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await this.element.updateComplete;
  }

  /** The caller's name as shown ('' when nothing rings). */
  get callerName(): string {
    return this.root.querySelector('[part~="name"]')?.textContent ?? '';
  }

  get callerNumber(): string {
    return this.root.querySelector('[part~="number"]')?.textContent ?? '';
  }

  /** What the live region announces. */
  get announcement(): string {
    return this.root.querySelector('[role="status"]')?.textContent?.trim() ?? '';
  }

  get notice(): string {
    return this.root.querySelector('[part~="notice"]')?.textContent?.trim() ?? '';
  }
}
