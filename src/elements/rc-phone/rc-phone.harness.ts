import { ElementHarness } from '../../internal/element-harness.js';
import { CallControlsHarness } from '../rc-call-controls/rc-call-controls.harness.js';
import { CallListHarness } from '../rc-call-list/rc-call-list.harness.js';
import { DevicePickerHarness } from '../rc-device-picker/rc-device-picker.harness.js';
import { DialpadHarness } from '../rc-dialpad/rc-dialpad.harness.js';
import { IncomingCallHarness } from '../rc-incoming-call/rc-incoming-call.harness.js';
import { PhoneStatusHarness } from '../rc-phone-status/rc-phone-status.harness.js';
import type { PhoneView, RcPhone } from './rc-phone.component.js';

/** Drives an `<rc-phone>` through its parts: `harness.dialpad`, `harness.callControls`… */
export class PhoneHarness extends ElementHarness<RcPhone> {
  get dialpad(): DialpadHarness {
    return new DialpadHarness(this.required('rc-dialpad'));
  }

  get callControls(): CallControlsHarness {
    return new CallControlsHarness(this.required('rc-call-controls'));
  }

  get incomingCall(): IncomingCallHarness {
    return new IncomingCallHarness(this.required('rc-incoming-call'));
  }

  get callList(): CallListHarness {
    return new CallListHarness(this.required('rc-call-list'));
  }

  /** The status banner and the last call's outcome. */
  get status(): PhoneStatusHarness {
    return new PhoneStatusHarness(this.required('rc-phone-status'));
  }

  /** The screen of the phone view: the incoming call, the call, the last call's outcome, else the dialpad. */
  get screen(): 'incoming' | 'in-call' | 'after-call' | 'idle' {
    if (this.root.querySelector('rc-incoming-call[ringing]')) return 'incoming';
    if (this.root.querySelector('rc-call-controls[active]')) return 'in-call';
    if (this.root.querySelector('rc-phone-status[outcome]')) return 'after-call';
    return 'idle';
  }

  get devicePicker(): DevicePickerHarness {
    return new DevicePickerHarness(this.required('rc-device-picker'));
  }

  /** The view switcher's button for `view`. */
  navButton(view: PhoneView): HTMLButtonElement {
    return this.required<HTMLButtonElement>(`button[data-view="${view}"]`);
  }

  /** Clicks the view switcher. */
  async show(view: PhoneView): Promise<void> {
    await this.press(this.navButton(view));
  }
}
