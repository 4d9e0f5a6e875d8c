/**
 * Helpers for the elements' end-to-end suites: real mouse clicks and key presses (through
 * the browser's input pipeline, not `element.click()`), and harnesses for the phones.
 */
import { sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { devicePreferences } from '../../src/services/device-preferences.js';
import { clearRecentCalls } from '../../src/services/recent-calls.js';
import type { RcPhone } from '../../src/elements/rc-phone/rc-phone.component.js';
import { PhoneHarness } from '../../src/elements/rc-phone/rc-phone.harness.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import '../../src/elements/rc-phone/rc-phone.js';
import { waitFor } from '../rig/phone-rig.js';

/** Room for three phones side by side. */
export async function wideViewport(): Promise<void> {
  await setViewport({ width: 1500, height: 1000 });
}

/** Forgets the device choices and recent-calls logs the elements keep in localStorage. */
export function forgetBrowserState(): void {
  devicePreferences().clear();
  clearRecentCalls();
}

/** Clicks the middle of `element` with the mouse, once it is enabled and visible. */
export async function click(element: HTMLElement | null, what = 'element'): Promise<void> {
  if (!element) throw new Error(`Nothing to click: ${what}`);
  await waitFor(() => !(element as HTMLButtonElement).disabled && element.getClientRects().length > 0, `${what} is clickable`);
  element.scrollIntoView({ block: 'center', inline: 'center' });
  const rect = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)] });
}

/** Types `text` on the keyboard into whatever has focus. */
export async function type(text: string): Promise<void> {
  await sendKeys({ type: text });
}

export async function press(key: string): Promise<void> {
  await sendKeys({ press: key });
}

/**
 * Moves a `<select>`'s choice `steps` options down with the arrow key, as a keyboard user
 * does once the select has focus: each step is a `change`. Not by clicking it open: Firefox
 * draws an open dropdown in its parent process, which a page's key events never reach.
 */
export async function chooseWithKeys(select: HTMLSelectElement | null, steps: number, what = 'select'): Promise<void> {
  if (!select) throw new Error(`No ${what}`);
  await waitFor(() => !select.disabled, `${what} is enabled`);
  select.focus();
  for (let i = 0; i < steps; i++) await press('ArrowDown');
}

/** The harness of the `<rc-phone>` inside `provider`. */
export async function phoneIn(provider: RcPhoneProvider): Promise<PhoneHarness> {
  const phone = provider.querySelector<RcPhone>('rc-phone');
  if (!phone) throw new Error('No <rc-phone> in this provider');
  await phone.updateComplete;
  return new PhoneHarness(phone);
}

/** Every shadow root under `root`, for checks that must see inside all elements. */
export function shadowRoots(root: Element | ShadowRoot): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (node: Element | ShadowRoot): void => {
    for (const el of node.querySelectorAll('*')) {
      if (el.shadowRoot) {
        found.push(el.shadowRoot);
        visit(el.shadowRoot);
      }
    }
  };
  if (root instanceof Element && root.shadowRoot) {
    found.push(root.shadowRoot);
    visit(root.shadowRoot);
  }
  visit(root);
  return found;
}
