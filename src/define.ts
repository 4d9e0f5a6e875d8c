// Registers every element of the kit.
import './elements/rc-phone-provider/rc-phone-provider.js';
import './elements/rc-login/rc-login.js';
import './elements/rc-dialpad/rc-dialpad.js';
import './elements/rc-call-controls/rc-call-controls.js';
import './elements/rc-device-picker/rc-device-picker.js';
import './elements/rc-incoming-call/rc-incoming-call.js';
import './elements/rc-call-list/rc-call-list.js';
import './elements/rc-phone-status/rc-phone-status.js';
import './elements/rc-call-quality/rc-call-quality.js';
import './elements/rc-preflight/rc-preflight.js';
import './elements/rc-phone/rc-phone.js';
