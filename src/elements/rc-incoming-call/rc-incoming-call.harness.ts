import { ElementHarness } from '../../internal/element-harness.js';
import type { RcIncomingCall } from './rc-incoming-call.component.js';

/** Drives an `<rc-incoming-call>`: `await harness.answer()`. */
export class IncomingCallHarness extends ElementHarness<RcIncomingCall> {
  /** A button by action ('answer', 'decline', 'voicemail', 'forward', 'reply', 'forward-now', 'reply-now'), or null. */
  button(action: string): HTMLButtonElement | null {
    return this.actionButton(action);
  }

  /** Clicks the button of `action`; fails when it is not shown, or stays disabled. */
  click(action: string): Promise<void> {
    return this.pressWhenEnabled(action, () => this.button(action));
  }

  answer(): Promise<void> {
    return this.click('answer');
  }

  decline(): Promise<void> {
    return this.click('decline');
  }

  /** Fills the open forward/reply form's field. */
  async fill(text: string): Promise<void> {
    await this.fillInput(this.required<HTMLInputElement>('#panel input', 'No panel is open'), text);
  }

  /** The caller's name as shown ('' when nothing rings). */
  get callerName(): string {
    return this.text('name');
  }

  get callerNumber(): string {
    return this.text('number');
  }

  /** What the live region announces. */
  get announcement(): string {
    return this.textOf(this.root.querySelector('[role="status"]'));
  }

  /** "Answering automatically in N s" while the call answers by itself ('' otherwise). */
  get autoAnswer(): string {
    return this.textOf(this.root.querySelector('[part~="auto-answer"] span'));
  }

  /** Cancels a pending auto-answer: the call rings on. */
  cancelAutoAnswer(): Promise<void> {
    return this.click('cancel-auto-answer');
  }

  get notice(): string {
    return this.text('notice');
  }
}
