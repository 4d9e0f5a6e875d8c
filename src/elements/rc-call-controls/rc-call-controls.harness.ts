import type { RcCallAction } from '../../events/rc-request-call-action.js';
import { ElementHarness } from '../../internal/element-harness.js';
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
export class CallControlsHarness extends ElementHarness<RcCallControls> {
  /** The button for `name` ('mute' finds Mute whether it is on or off), or null when not shown. */
  button(name: CallControlsButton): HTMLButtonElement | null {
    const names = TOGGLES[name] ?? [name];
    return this.root.querySelector<HTMLButtonElement>(names.map((n) => `button[data-action="${n}"]`).join(', '));
  }

  /**
   * Clicks the button for `name`; fails when it is not shown, or stays disabled (buttons
   * are disabled for a moment while the previous action runs).
   */
  click(name: CallControlsButton): Promise<void> {
    return this.pressWhenEnabled(name, () => this.button(name));
  }

  /** Names of the buttons shown, in order. */
  get actions(): string[] {
    return [...this.root.querySelectorAll<HTMLButtonElement>('button[data-action]')].map((button) => button.dataset['action'] ?? '');
  }

  get name(): string {
    return this.text('name');
  }

  get number(): string {
    return this.text('number');
  }

  /** The live-region text ('Connected · Muted'…). */
  get status(): string {
    return this.text('status');
  }

  get timer(): string {
    return this.text('timer');
  }

  get notice(): string {
    return this.text('notice');
  }

  /** The error shown in the transfer/flip/forward/reply form ('' when none). */
  get panelProblem(): string {
    return this.textOf(this.root.querySelector('#panel-problem'));
  }

  /** The keypad panel's dialpad (opens the panel first). */
  async keypad(): Promise<DialpadHarness> {
    if (!this.root.querySelector('rc-dialpad')) await this.click('keypad');
    const dialpad = this.required<RcDialpad>('rc-dialpad', 'The keypad did not open');
    await dialpad.updateComplete;
    return new DialpadHarness(dialpad);
  }

  /** Fills the open panel's field (target or message). */
  async fill(text: string): Promise<void> {
    await this.fillInput(this.required<HTMLInputElement>('#panel input', 'No panel is open'), text);
  }

  /** Opens the transfer panel, fills `target` and transfers now (`blind`) or calls first (`warm`). */
  async transfer(target: string, kind: 'blind' | 'warm' = 'blind'): Promise<void> {
    if (!this.root.querySelector('#panel input')) await this.click('transfer');
    await this.fill(target);
    await this.click(kind === 'blind' ? 'transfer-now' : 'consult');
  }
}
