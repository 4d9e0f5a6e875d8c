import { RcLogin } from './rc-login.component.js';

RcLogin.define('rc-login');

declare global {
  interface HTMLElementTagNameMap {
    'rc-login': RcLogin;
  }
}
