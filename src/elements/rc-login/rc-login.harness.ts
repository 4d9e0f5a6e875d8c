import { ElementHarness } from '../../internal/element-harness.js';
import type { RcLogin } from './rc-login.component.js';

/**
 * Drives an `<rc-login>` for tests of apps that embed it: `await harness.login()`,
 * `harness.status`, `harness.error`.
 */
export class LoginHarness extends ElementHarness<RcLogin> {
  /** The sign-in button, or null while signed in. */
  get loginButton(): HTMLButtonElement | null {
    return this.part('login-button');
  }

  /** The sign-out button, or null while signed out. */
  get logoutButton(): HTMLButtonElement | null {
    return this.part('logout-button');
  }

  get status(): string {
    return this.text('status');
  }

  get user(): string {
    return this.text('user');
  }

  /** What went wrong and what to do, or '' . */
  get error(): string {
    return this.text('error');
  }

  /** The caller IDs offered, or [] when there is no choice. */
  get callerIds(): string[] {
    return [...this.root.querySelectorAll<HTMLOptionElement>('[part~="caller-id"] option')].map((option) => option.value).filter(Boolean);
  }

  /** Clicks "Sign in"; fails when it is not shown, or stays disabled. */
  login(): Promise<void> {
    return this.pressWhenEnabled('sign-in', () => this.loginButton);
  }

  /** Clicks "Sign out"; fails when it is not shown. */
  logout(): Promise<void> {
    return this.pressWhenEnabled('sign-out', () => this.logoutButton);
  }

  async chooseCallerId(number: string): Promise<void> {
    const select = this.required<HTMLSelectElement>('[part~="caller-id"] select', 'No caller ID choice');
    select.value = number;
    select.dispatchEvent(new Event('change'));
    await this.element.updateComplete;
  }
}
