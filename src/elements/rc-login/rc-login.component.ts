import { localized, msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { authContext, type AuthContextValue } from '../../context/auth-context.js';
import { LateContextConsumer } from '../../controllers/late-context-consumer.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { styles } from './rc-login.styles.js';

/**
 * The sign-in button and status of a provider that needs a user sign-in
 * (`<rc-phone-provider provider="ringcentral">`): "Sign in" while signed out (with what
 * went wrong, and what to do, after a failure), "Signed in as …" and "Sign out" after,
 * and a caller ID choice when the user has more than one number. Disabled with no such provider.
 *
 * @tagname rc-login
 * @summary Sign in and out of RingCentral.
 *
 * @event {{}} rc-request-login - Before signing in starts. Cancelable.
 * @event {{}} rc-request-logout - Before signing out. Cancelable.
 *
 * @csspart base - The wrapper.
 * @csspart status - "Signed in as …", "Signing in…" or "Not signed in" (a polite live region).
 * @csspart user - The user's name and extension (text, never markup).
 * @csspart button - The sign-in and sign-out buttons.
 * @csspart login-button - Sign in.
 * @csspart logout-button - Sign out.
 * @csspart error - Why signing in failed or the session ended, and what to do.
 * @csspart caller-id - The caller ID choice.
 *
 * @cssproperty --rc-login-background - Background. Default `--rc-color-surface`.
 * @cssproperty --rc-login-gap - Space between the parts. Default `--rc-space`.
 * @cssproperty --rc-login-error-width - Widest line of the error text. Default `36ch`.
 */
@localized()
export class RcLogin extends RcPhoneElement {
  static override styles = [themeStyles, buttonStyles, styles];

  private readonly auth = new LateContextConsumer(this, { context: authContext });

  /** The sign-in state shown (undefined without a provider). */
  get value(): AuthContextValue | undefined {
    return this.auth.value;
  }

  /** Signs in, as the button does (through `rc-request-login`). Call it from a click: the sign-in popup must open within it. */
  login(): Promise<boolean> {
    const commands = this.auth.value?.commands;
    if (!commands || !this.emit('rc-request-login', {}, { cancelable: true })) return Promise.resolve(false);
    return commands.login();
  }

  /** Signs out, as the button does (through `rc-request-logout`). */
  logout(): Promise<boolean> {
    const commands = this.auth.value?.commands;
    if (!commands || !this.emit('rc-request-logout', {}, { cancelable: true })) return Promise.resolve(false);
    return commands.logout();
  }

  protected override render(): TemplateResult {
    const snapshot = this.auth.value?.snapshot;
    if (!snapshot?.provider) {
      return html`<div part="base" class="base">
        <button part="button login-button" class="btn" disabled>${msg('Sign in')}</button>
        <p part="status" class="status notice" role="status">${msg('No sign-in needed for this phone.')}</p>
      </div>`;
    }
    const { status, user, error } = snapshot;
    const busy = status === 'signing-in' || !snapshot.ready;
    return html`<div part="base" class="base">
      ${
        status === 'signed-in'
          ? html`<p part="status" class="status" role="status">
                ${msg('Signed in as')}
                <span part="user" class="user">${user ? (user.extensionNumber ? msg(str`${user.name} (ext. ${user.extensionNumber})`) : user.name) : '…'}</span>
              </p>
              ${this.renderCallerIds()}
              <button part="button logout-button" class="btn" @click=${() => void this.logout()}>${msg('Sign out')}</button>`
          : html`<button
                part="button login-button"
                class="btn primary"
                ?disabled=${busy}
                aria-busy=${busy ? 'true' : 'false'}
                @click=${() => void this.login()}
              >
                ${status === 'signing-in' ? msg('Signing in…') : msg('Sign in with RingCentral')}
              </button>
              <p part="status" class="status notice" role="status">
                ${status === 'signing-in' ? msg('Finish signing in in the RingCentral window.') : msg('Not signed in.')}
              </p>`
      }
      ${error && status !== 'signed-in' ? html`<p part="error" class="error" role="alert">${error.message} ${error.solutions[0] ?? ''}</p>` : nothing}
    </div>`;
  }

  private renderCallerIds(): TemplateResult | typeof nothing {
    const snapshot = this.auth.value?.snapshot;
    if (!snapshot || snapshot.callerIds.length < 2) return nothing;
    return html`<label part="caller-id" class="field">
      ${msg('Caller ID')}
      <select @change=${(e: Event) => void this.auth.value?.commands.setCallerId((e.target as HTMLSelectElement).value)}>
        ${snapshot.callerId ? nothing : html`<option value="" selected>${msg('Default')}</option>`}
        ${snapshot.callerIds.map((number) => html`<option value=${number} ?selected=${number === snapshot.callerId}>${number}</option>`)}
      </select>
    </label>`;
  }
}
