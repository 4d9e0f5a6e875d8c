import type { DeviceKind } from '../../services/device-preferences.js';
import type { RcDevicePicker } from './rc-device-picker.component.js';

/** Drives an `<rc-device-picker>`: `await harness.selectDevice('microphone', id)`. */
export class DevicePickerHarness {
  constructor(readonly element: RcDevicePicker) {}

  private get root(): ShadowRoot {
    const root = this.element.shadowRoot;
    if (!root) throw new Error('<rc-device-picker> has not rendered');
    return root;
  }

  /** The select of `kind`, or null when not offered (or not supported). */
  select(kind: DeviceKind): HTMLSelectElement | null {
    return this.root.querySelector<HTMLSelectElement>(`select[data-kind="${kind}"]`);
  }

  /** The options of `kind`: value and label, the system default first. */
  options(kind: DeviceKind): { value: string; label: string }[] {
    return [...(this.select(kind)?.options ?? [])].map((option) => ({ value: option.value, label: option.textContent?.trim() ?? '' }));
  }

  /** Picks `deviceId` in the `kind` select as a user would (fires the select's `change`); resolves once applied. */
  async selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    const select = this.select(kind);
    if (!select) throw new Error(`No ${kind} select`);
    if (![...select.options].some((option) => option.value === deviceId)) throw new Error(`No ${kind} device ${deviceId}`);
    const changed = new Promise<void>((resolve) => this.element.addEventListener('change', () => resolve(), { once: true }));
    select.value = deviceId;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await changed;
    await this.element.updateComplete;
  }

  /** Clicks the test button of `speaker` or `ringer`. */
  async test(kind: 'speaker' | 'ringer' = 'speaker'): Promise<void> {
    const button = this.root.querySelector<HTMLButtonElement>(`button[data-action="test-${kind}"]`);
    if (!button) throw new Error(`No ${kind} test button`);
    button.click();
    await this.element.updateComplete;
  }

  /** The message shown after a device was unplugged ('' when none). */
  get message(): string {
    return this.root.querySelector('[part~="message"]')?.textContent?.trim() ?? '';
  }

  /** All notices shown (no phone, unsupported browser…). */
  get notices(): string[] {
    return [...this.root.querySelectorAll('[part~="notice"]')].map((node) => node.textContent?.trim() ?? '');
  }
}
