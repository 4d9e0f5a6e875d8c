import { whenEnabled } from '../rc-call-controls/rc-call-controls.harness.js';
import type { RcCallList } from './rc-call-list.component.js';

/** Drives an `<rc-call-list>`: `await harness.click(callId, 'unhold')`. */
export class CallListHarness {
  constructor(readonly element: RcCallList) {}

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('<rc-call-list> has not rendered');
    return root;
  }

  /** The rows of live calls. */
  get activeItems(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part~="call"]')];
  }

  /** The rows of the recent-calls log, newest first. */
  get recentItems(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part~="recent-item"]')];
  }

  /** The row of a live or logged call. */
  item(callId: string): HTMLElement | null {
    return this.root.querySelector<HTMLElement>(`li[data-call-id="${CSS.escape(callId)}"]`);
  }

  /** A row's button ('answer', 'decline', 'hold', 'unhold', 'hangup', 'call-back'). */
  button(callId: string, action: string): HTMLButtonElement | null {
    return this.item(callId)?.querySelector<HTMLButtonElement>(`button[data-action="${CSS.escape(action)}"]`) ?? null;
  }

  async click(callId: string, action: string): Promise<void> {
    await this.element.updateComplete;
    const button = this.button(callId, action);
    if (!button) throw new Error(`No ${action} button for ${callId}`);
    await whenEnabled(button, action);
    button.click();
    await this.element.updateComplete;
  }

  /** The caller names shown in a list, in order. */
  names(items: HTMLElement[]): string[] {
    return items.map((item) => item.querySelector('[part~="name"]')?.textContent ?? '');
  }

  async clearRecent(): Promise<void> {
    this.root.querySelector<HTMLButtonElement>('button[data-action="clear-recent"]')?.click();
    await this.element.updateComplete;
  }

  get notice(): string {
    return this.root.querySelector('[part~="notice"]')?.textContent?.trim() ?? '';
  }
}
