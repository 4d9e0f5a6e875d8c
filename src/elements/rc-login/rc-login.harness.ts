import type { RcLogin } from './rc-login.component.js';

/**
 * Drives an `<rc-login>` for tests of apps that embed it: `await harness.login()`,
 * `harness.status`, `harness.error`.
 */
export class LoginHarness {
  constructor(readonly element: RcLogin) {}

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('<rc-login> has not rendered');
    return root;
  }

  private text(part: string): string {
    return this.root.querySelector(`[part~="${part}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  }

  /** The sign-in button, or null while signed in. */
  get loginButton(): HTMLButtonElement | null {
    return this.root.querySelector<HTMLButtonElement>('[part~="login-button"]');
  }

  /** The sign-out button, or null while signed out. */
  get logoutButton(): HTMLButtonElement | null {
    return this.root.querySelector<HTMLButtonElement>('[part~="logout-button"]');
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

  /** Clicks "Sign in"; fails when it is not shown or is disabled. */
  async login(): Promise<void> {
    await this.press(this.loginButton, 'sign-in');
  }

  /** Clicks "Sign out"; fails when it is not shown. */
  async logout(): Promise<void> {
    await this.press(this.logoutButton, 'sign-out');
  }

  async chooseCallerId(number: string): Promise<void> {
    const select = this.root.querySelector<HTMLSelectElement>('[part~="caller-id"] select');
    if (!select) throw new Error('No caller ID choice');
    select.value = number;
    select.dispatchEvent(new Event('change'));
    await this.element.updateComplete;
  }

  private async press(button: HTMLButtonElement | null, name: string): Promise<void> {
    await this.element.updateComplete;
    if (!button || button.disabled) throw new Error(`No enabled ${name} button`);
    button.click();
    await this.element.updateComplete;
  }
}
