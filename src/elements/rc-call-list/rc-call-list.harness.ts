import { ElementHarness } from '../../internal/element-harness.js';
import type { RcCallList } from './rc-call-list.component.js';

/** Drives an `<rc-call-list>`: `await harness.click(callId, 'unhold')`. */
export class CallListHarness extends ElementHarness<RcCallList> {
  /** The rows of live calls. */
  get activeItems(): HTMLElement[] {
    return this.parts('call');
  }

  /** The rows of the recent-calls log, newest first. */
  get recentItems(): HTMLElement[] {
    return this.parts('recent-item');
  }

  /** The row of a live or logged call. */
  item(callId: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`li[data-call-id="${CSS.escape(callId)}"]`);
  }

  /** A row's button ('answer', 'decline', 'hold', 'unhold', 'hangup', 'call-back'). */
  button(callId: string, action: string): HTMLButtonElement | null {
    const item = this.item(callId);
    return item && this.actionButton(action, item);
  }

  /** Clicks a row's button; fails when it is not shown, or stays disabled. */
  click(callId: string, action: string): Promise<void> {
    return this.pressWhenEnabled(`${action} (${callId})`, () => this.button(callId, action));
  }

  /** The caller names shown in a list, in order. */
  names(items: HTMLElement[]): string[] {
    return items.map((item) => this.text('name', item));
  }

  async clearRecent(): Promise<void> {
    await this.press(this.actionButton('clear-recent'));
  }

  get notice(): string {
    return this.text('notice');
  }
}
