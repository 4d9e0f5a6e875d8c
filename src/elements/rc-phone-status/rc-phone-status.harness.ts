import { ElementHarness } from '../../internal/element-harness.js';
import type { RcPhoneStatus } from './rc-phone-status.component.js';

/** Reads and drives an `<rc-phone-status>`: `harness.title`, `await harness.act()`. */
export class PhoneStatusHarness extends ElementHarness<RcPhoneStatus> {
  /** The status banner's title as shown ('' when none). */
  get title(): string {
    return this.text('status-title');
  }

  get detail(): string {
    return this.text('status-detail');
  }

  /** The status's button ('Try again', 'Sign in again', 'Allow microphone'), or null. */
  get helpButton(): HTMLButtonElement | null {
    return this.part<HTMLButtonElement>('action-button');
  }

  /** Clicks the status's button; fails when there is none. */
  act(): Promise<void> {
    return this.pressWhenEnabled('status action', () => this.helpButton);
  }

  /** The last call's outcome title as shown ("Busy", "Call declined"…; '' when none). */
  get outcome(): string {
    return this.text('outcome-title');
  }

  get outcomeDetail(): string {
    return this.text('outcome-detail');
  }

  /** The ended call's party as shown. */
  get name(): string {
    return this.text('name');
  }

  /** Clicks Call again (or Call back). */
  callAgain(): Promise<void> {
    return this.pressWhenEnabled('call-again', () => this.actionButton('call-again'));
  }

  dismiss(): Promise<void> {
    return this.pressWhenEnabled('dismiss', () => this.actionButton('dismiss'));
  }
}
