import { ElementHarness } from '../../internal/element-harness.js';
import type { DeviceKind } from '../../services/device-preferences.js';
import type { RcDevicePicker } from './rc-device-picker.component.js';

/** Drives an `<rc-device-picker>`: `await harness.selectDevice('microphone', id)`. */
export class DevicePickerHarness extends ElementHarness<RcDevicePicker> {
  /** The select of `kind`, or null when not offered (or not supported). */
  select(kind: DeviceKind): HTMLSelectElement | null {
    return this.root.querySelector<HTMLSelectElement>(`select[data-kind="${kind}"]`);
  }

  /** The options of `kind`: value and label, the system default first. */
  options(kind: DeviceKind): { value: string; label: string }[] {
    return [...(this.select(kind)?.options ?? [])].map((option) => ({ value: option.value, label: this.textOf(option) }));
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
    await this.press(this.required<HTMLButtonElement>(`button[data-action="test-${kind}"]`, `No ${kind} test button`));
  }

  /** The message shown after a device was unplugged ('' when none). */
  get message(): string {
    return this.text('message');
  }

  /** All notices shown (no phone, unsupported browser…). */
  get notices(): string[] {
    return this.parts('notice').map((node) => this.textOf(node));
  }
}
