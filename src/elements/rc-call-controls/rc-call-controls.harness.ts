import type { RcCallAction } from '../../events/rc-request-call-action.js';
import { DialpadHarness } from '../rc-dialpad/rc-dialpad.harness.js';
import type { RcDialpad } from '../rc-dialpad/rc-dialpad.component.js';
import type { RcCallControls } from './rc-call-controls.component.js';

/** Toggles are found by either of their two actions. */
const TOGGLES: Partial<Record<string, readonly string[]>> = {
  mute: ['mute', 'unmute'],
  hold: ['hold', 'unhold'],
  record: ['record', 'stop-record'],
};

/** Names of the buttons: every action, the panels, and the panels' submit buttons. */
export type CallControlsButton = RcCallAction | 'keypad' | 'transfer-now' | 'flip-now' | 'forward-now' | 'reply-now';

/**
 * Drives an `<rc-call-controls>` for tests of apps that embed it:
 * `await harness.click('hold')`, `await harness.transfer('carol', 'warm')`.
 */
export class CallControlsHarness {
  constructor(readonly element: RcCallControls) {}

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('<rc-call-controls> has not rendered');
    return root;
  }

  /** The button for `name` ('mute' finds Mute whether it is on or off), or null when not shown. */
  button(name: CallControlsButton): HTMLButtonElement | null {
    const names = TOGGLES[name] ?? [name];
    return this.root.querySelector<HTMLButtonElement>(names.map((n) => `button[data-action="${n}"]`).join(', '));
  }

  /**
   * Clicks the button for `name`; fails when it is not shown, or stays disabled (buttons
   * are disabled for a moment while the previous action runs).
   */
  async click(name: CallControlsButton): Promise<void> {
    await this.element.updateComplete;
    const button = this.button(name);
    if (!button) throw new Error(`No ${name} button`);
    await whenEnabled(button, name);
    button.click();
    await this.element.updateComplete;
  }

  /** Names of the buttons shown, in order. */
  get actions(): string[] {
    return [...this.root.querySelectorAll<HTMLButtonElement>('button[data-action]')].map((button) => button.dataset['action'] ?? '');
  }

  get name(): string {
    return this.root.querySelector('[part~="name"]')?.textContent ?? '';
  }

  get number(): string {
    return this.root.querySelector('[part~="number"]')?.textContent ?? '';
  }

  /** The live-region text ('Connected · Muted'…). */
  get status(): string {
    return this.root.querySelector('[part~="status"]')?.textContent?.trim() ?? '';
  }

  get timer(): string {
    return this.root.querySelector('[part~="timer"]')?.textContent?.trim() ?? '';
  }

  get notice(): string {
    return this.root.querySelector('[part~="notice"]')?.textContent?.trim() ?? '';
  }

  /** The error shown in the transfer/flip/forward/reply form ('' when none). */
  get panelProblem(): string {
    return this.root.querySelector('#panel-problem')?.textContent?.trim() ?? '';
  }

  /** The keypad panel's dialpad (opens the panel first). */
  async keypad(): Promise<DialpadHarness> {
    if (!this.root.querySelector('rc-dialpad')) await this.click('keypad');
    const dialpad = this.root.querySelector<RcDialpad>('rc-dialpad');
    if (!dialpad) throw new Error('The keypad did not open');
    await dialpad.updateComplete;
    return new DialpadHarness(dialpad);
  }

  /** Fills the open panel's field (target or message). */
  async fill(text: string): Promise<void> {
    const input = this.root.querySelector<HTMLInputElement>('#panel input');
    if (!input) throw new Error('No panel is open');
    input.value = text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await this.element.updateComplete;
  }

  /** Opens the transfer panel, fills `target` and transfers now (`blind`) or calls first (`warm`). */
  async transfer(target: string, kind: 'blind' | 'warm' = 'blind'): Promise<void> {
    if (!this.root.querySelector('#panel input')) await this.click('transfer');
    await this.fill(target);
    await this.click(kind === 'blind' ? 'transfer-now' : 'consult');
  }
}

/** Resolves once `button` is enabled; rejects after `timeout` ms. */
export async function whenEnabled(button: HTMLButtonElement, name: string, timeout = 2000): Promise<void> {
  const deadline = performance.now() + timeout;
  while (button.disabled) {
    if (performance.now() > deadline) throw new Error(`The ${name} button stays disabled`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
