// Registers every element of the kit.
import './elements/rc-phone-provider/rc-phone-provider.js';
import './elements/rc-login/rc-login.js';
