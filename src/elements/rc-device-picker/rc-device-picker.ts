import { RcDevicePicker } from './rc-device-picker.component.js';

RcDevicePicker.define('rc-device-picker');

declare global {
  interface HTMLElementTagNameMap {
    'rc-device-picker': RcDevicePicker;
  }
}
