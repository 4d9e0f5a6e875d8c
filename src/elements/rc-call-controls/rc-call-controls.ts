import '../rc-dialpad/rc-dialpad.js';
import { RcCallControls } from './rc-call-controls.component.js';

RcCallControls.define('rc-call-controls');

declare global {
  interface HTMLElementTagNameMap {
    'rc-call-controls': RcCallControls;
  }
}
