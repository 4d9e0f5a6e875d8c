import { CallControlsHarness } from '../rc-call-controls/rc-call-controls.harness.js';
import { CallListHarness } from '../rc-call-list/rc-call-list.harness.js';
import { DevicePickerHarness } from '../rc-device-picker/rc-device-picker.harness.js';
import { DialpadHarness } from '../rc-dialpad/rc-dialpad.harness.js';
import { IncomingCallHarness } from '../rc-incoming-call/rc-incoming-call.harness.js';
import type { PhoneView, RcPhone } from './rc-phone.component.js';

/** Drives an `<rc-phone>` through its parts: `harness.dialpad`, `harness.callControls`… */
export class PhoneHarness {
  constructor(readonly element: RcPhone) {}

  private part<T extends HTMLElement>(tag: string): T {
    const found = this.element.shadowRoot?.querySelector<T>(tag);
    if (!found) throw new Error(`<rc-phone> has no ${tag}`);
    return found;
  }

  get dialpad(): DialpadHarness {
    return new DialpadHarness(this.part('rc-dialpad'));
  }

  get callControls(): CallControlsHarness {
    return new CallControlsHarness(this.part('rc-call-controls'));
  }

  get incomingCall(): IncomingCallHarness {
    return new IncomingCallHarness(this.part('rc-incoming-call'));
  }

  get callList(): CallListHarness {
    return new CallListHarness(this.part('rc-call-list'));
  }

  get devicePicker(): DevicePickerHarness {
    return new DevicePickerHarness(this.part('rc-device-picker'));
  }

  /** The view switcher's button for `view`. */
  navButton(view: PhoneView): HTMLButtonElement {
    return this.part<HTMLButtonElement>(`button[data-view="${view}"]`);
  }

  /** Clicks the view switcher. */
  async show(view: PhoneView): Promise<void> {
    this.navButton(view).click();
    await this.element.updateComplete;
  }
}
