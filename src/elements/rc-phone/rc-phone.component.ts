import { localized, msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { CredentialSource, SipCredentials } from '../../core/credentials.js';
import type { PhoneOptions } from '../../core/phone.js';
import type { RcRequestCallActionEvent } from '../../events/rc-request-call-action.js';
import { icons } from '../../themes/icons.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { RcElement } from '../../internal/rc-element.js';
import type { RcPhoneProvider } from '../rc-phone-provider/rc-phone-provider.component.js';
import { styles } from './rc-phone.styles.js';

/** The three screens of the phone. */
export type PhoneView = 'phone' | 'calls' | 'settings';

const autoRegisterConverter = {
  fromAttribute: (value: string | null): boolean => value !== 'false',
  toAttribute: (value: boolean): string => String(value),
};

/**
 * A whole phone in one tag, made only of the kit's public elements: the phone's status and
 * the last call's outcome, the incoming call, the dialpad and call controls, the call list
 * with recent calls, and the device settings. Put it inside an `<rc-phone-provider>`, or give
 * it `server` and `uri` (and the `password` property, or `credentials`) and it brings its own
 * provider.
 *
 * One screen at a time, following the state the inner elements reflect: idle (the dialpad),
 * incoming (`rc-incoming-call[ringing]`, full height), in call (`rc-call-controls[active]`)
 * and after the call (`rc-phone-status[outcome]`, for a few seconds). A status banner
 * (connecting, offline, wrong password, microphone blocked…) sits above every screen. The
 * height is fixed (`--rc-phone-height`), so the page around it never jumps.
 *
 * @tagname rc-phone
 * @summary An embeddable phone: dialpad, call controls, incoming call, calls and settings.
 *
 * @event {{ state: RegistrationState }} rc-registration-change - From its own provider (when it has one).
 * @event {{ callId: string, call: CallSnapshot }} rc-call-incoming - From its own provider.
 * @event {{ callId: string, reason: CallEndReason, call: CallSnapshot, error?: PhoneError }} rc-call-ended - From its own provider.
 * @event {{ target: string, input: string }} rc-request-dial - From the dialpad or the call list. Cancelable.
 * @event {{ callId: string, action: RcCallAction, target?: string, message?: string }} rc-request-call-action - From the call controls, the banner or the call list. Cancelable.
 * @event {{ callId: string, tones: string }} rc-dtmf - Keypad tones were sent.
 * @event change - A device was chosen in the settings.
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - Anything that failed.
 *
 * @csspart base - The wrapper.
 * @csspart nav - The view switcher.
 * @csspart nav-button - Each view button.
 * @csspart status - The `<rc-phone-status>`: the status banner and the last call's outcome.
 * @csspart incoming-call - The `<rc-incoming-call>` screen.
 * @csspart call-controls - The `<rc-call-controls>`.
 * @csspart call-quality - The `<rc-call-quality>` bars and hints of the call in progress.
 * @csspart dialpad - The `<rc-dialpad>`.
 * @csspart call-list - The `<rc-call-list>`.
 * @csspart device-picker - The `<rc-device-picker>`.
 *
 * @cssproperty --rc-phone-width - Width of the phone. Default 22rem.
 * @cssproperty --rc-phone-height - Height of the phone, the same on every screen so the page never jumps. Default 40rem.
 * @cssproperty --rc-phone-border - Border around the phone. Default 1px solid `--rc-color-border`.
 */
@localized()
export class RcPhone extends RcElement {
  static override styles = [themeStyles, buttonStyles, styles];

  /** Pins the colour theme (`light` or `dark`) of the phone and everything in it; unset follows the page. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  /** The screen shown. */
  @property({ reflect: true }) view: PhoneView = 'phone';

  /** ISO 3166 country for national numbers typed in the dialpad or a transfer. */
  @property({ attribute: 'default-country' }) defaultCountry = '';

  /** Own provider: `ws://` or `wss://` URL of the SIP server (with `uri`). */
  @property() server = '';

  /** Own provider: address of record, e.g. `sip:alice@example.com`. */
  @property() uri = '';

  /** Own provider: digest user name when it differs from the user part of `uri`. */
  @property({ attribute: 'authorization-username' }) authorizationUsername = '';

  /** Own provider: the name other people see. */
  @property({ attribute: 'display-name' }) displayName = '';

  /** Own provider: register once connected; `auto-register="false"` turns it off. */
  @property({ attribute: 'auto-register', converter: autoRegisterConverter }) autoRegister = true;

  /** Own provider: RFC 5626 instance id. */
  @property({ attribute: 'instance-id' }) instanceId = '';

  /** Own provider: the SIP password (a property only, never an attribute). */
  @property({ attribute: false }) password = '';

  /** Own provider: credentials or a credential source; enough on its own to bring a provider. */
  @property({ attribute: false }) credentials: SipCredentials | CredentialSource | undefined;

  /** Own provider: STUN/TURN servers. */
  @property({ attribute: false }) iceServers: readonly RTCIceServer[] = [];

  /** Own provider: further options of the core `Phone`. */
  @property({ attribute: false }) phoneOptions: Partial<Omit<PhoneOptions, 'credentials'>> = {};

  /** The phone's own provider, when it has one (configured through its attributes). */
  get provider(): RcPhoneProvider | undefined {
    return this.renderRoot.querySelector('rc-phone-provider') ?? undefined;
  }

  private get ownsProvider(): boolean {
    return this.credentials !== undefined || (this.server !== '' && this.uri !== '');
  }

  /** Answering or calling back elsewhere brings the call controls into view. */
  private readonly onRequestAction = (event: RcRequestCallActionEvent): void => {
    if (event.detail.action === 'answer' || event.detail.action === 'unhold') void this.show('phone', event);
  };

  private readonly onRequestDial = (event: Event): void => {
    void this.show('phone', event);
  };

  private async show(view: PhoneView, event: Event): Promise<void> {
    // Only when nobody vetoed: listeners on the page run after this one.
    await Promise.resolve();
    if (!event.defaultPrevented) this.view = view;
  }

  private navButton(view: PhoneView, label: TemplateResult | string, icon: TemplateResult): TemplateResult {
    const current = this.view === view;
    return html`<button
      part="nav-button"
      class="nav-button"
      type="button"
      data-view=${view}
      aria-current=${current ? 'page' : nothing}
      @click=${() => (this.view = view)}
    >
      ${icon}<span>${label}</span>
    </button>`;
  }

  private body(): TemplateResult {
    const country = this.defaultCountry || nothing;
    // The first tab is the call while there is one (styles pick the label: the state is in the inner elements).
    const phoneLabel = html`<span class="idle-only">${msg('Keypad')}</span><span class="call-only">${msg('Call')}</span>`;
    return html`<div part="base" class="base" @rc-request-call-action=${this.onRequestAction} @rc-request-dial=${this.onRequestDial}>
      <nav part="nav" class="nav" aria-label=${msg('Phone')}>
        ${this.navButton('phone', phoneLabel, icons.keypad)} ${this.navButton('calls', msg('Calls'), icons.history)}
        ${this.navButton('settings', msg('Settings'), icons.settings)}
      </nav>
      <rc-phone-status part="status"></rc-phone-status>
      <div class="view phone-view" ?hidden=${this.view !== 'phone'}>
        <rc-incoming-call part="incoming-call" default-country=${country}></rc-incoming-call>
        <rc-call-quality part="call-quality"></rc-call-quality>
        <rc-call-controls part="call-controls" default-country=${country}></rc-call-controls>
        <rc-dialpad part="dialpad" mode="dial" default-country=${country}></rc-dialpad>
      </div>
      <div class="view" ?hidden=${this.view !== 'calls'}>
        <rc-call-list part="call-list"></rc-call-list>
      </div>
      <div class="view" ?hidden=${this.view !== 'settings'}>
        <rc-device-picker part="device-picker"></rc-device-picker>
      </div>
    </div>`;
  }

  protected override render(): unknown {
    if (!this.ownsProvider) return this.body();
    return html`<rc-phone-provider
      .server=${this.server}
      .uri=${this.uri}
      .authorizationUsername=${this.authorizationUsername}
      .displayName=${this.displayName}
      .autoRegister=${this.autoRegister}
      .instanceId=${this.instanceId}
      .password=${this.password}
      .credentials=${this.credentials}
      .iceServers=${this.iceServers}
      .phoneOptions=${this.phoneOptions}
      >${this.body()}</rc-phone-provider
    >`;
  }
}
