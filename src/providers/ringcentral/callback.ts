/**
 * The script of the page at `redirect-uri`, where RingCentral sends the browser back after
 * sign-in with `?code=…&state=…` (or `?error=…`). It never touches the code itself:
 *
 * - Popup sign-in: it hands the answer to the page that opened it, by `postMessage` to
 *   that page's origin only (the SDK's `{ RCAuthorizationResponse }` shape), and closes.
 * - Full-page redirect: it keeps the answer for this tab's sign-in in sessionStorage and
 *   goes back to the page that started it, which checks `state` and finishes signing in.
 *
 * ```html
 * <script type="module">
 *   import { handleRingCentralCallback } from 'rc-phone-kit/ringcentral-callback.js';
 *   handleRingCentralCallback();
 * </script>
 * ```
 * Tiny on purpose: it does not load the SDK.
 */
import { LOGIN_RESPONSE_KEY, readPendingLogin, responseState, sessionStore } from './login-state.js';

export type CallbackOutcome = 'popup' | 'redirect' | 'none';

export function handleRingCentralCallback(win: Window = window): CallbackOutcome {
  const response = win.location.search || win.location.hash;
  if (!/[?#&](code|error)=/.test(response)) return 'none';
  const storage = sessionStore(win);
  const pending = readPendingLogin(storage);
  const opener = win.opener as Window | null;
  // A redirect sign-in of this tab is waiting for exactly this answer.
  const isRedirect = pending !== undefined && (responseState(response) === pending.state || !opener);
  if (!isRedirect && opener && opener !== win) {
    // The target origin makes the browser drop the message unless the opener is our own origin.
    opener.postMessage({ RCAuthorizationResponse: response }, win.location.origin);
    win.close();
    return 'popup';
  }
  if (!pending || !storage) return 'none';
  storage.setItem(LOGIN_RESPONSE_KEY, response);
  // Only ever back to a page of this origin, whatever the stored record says.
  const back = new URL(pending.returnTo, win.location.href);
  // replace(): Back must not land on this page again with a code that is already used.
  win.location.replace(back.origin === win.location.origin ? back.href : win.location.origin);
  return 'redirect';
}
