import '../rc-phone-provider/rc-phone-provider.js';
import '../rc-dialpad/rc-dialpad.js';
import '../rc-call-controls/rc-call-controls.js';
import '../rc-call-quality/rc-call-quality.js';
import '../rc-incoming-call/rc-incoming-call.js';
import '../rc-call-list/rc-call-list.js';
import '../rc-device-picker/rc-device-picker.js';
import '../rc-phone-status/rc-phone-status.js';
import { RcPhone } from './rc-phone.component.js';

RcPhone.define('rc-phone');

declare global {
  interface HTMLElementTagNameMap {
    'rc-phone': RcPhone;
  }
}
