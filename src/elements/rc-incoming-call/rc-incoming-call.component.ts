import { localized, msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { CallActionsController } from '../../controllers/call-actions-controller.js';
import { ClockController } from '../../controllers/clock-controller.js';
import { DevicePreferencesController } from '../../controllers/device-preferences-controller.js';
import { tonePlayer, type TonePlayer } from '../../services/tone-player.js';
import type { CallSnapshot } from '../../core/call.js';
import { ErrorCode, PhoneError } from '../../core/errors.js';
import { CallDirection, CallState } from '../../core/states.js';
import type { RcCallAction } from '../../events/rc-request-call-action.js';
import { icons } from '../../themes/icons.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { ActionPanels } from '../../internal/call-action-panel.js';
import { avatarStyles, partyName, partyOf, renderAvatar } from '../../internal/party.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { secondsUntil } from '../../internal/phone-status.js';
import { styles } from './rc-incoming-call.styles.js';

/**
 * Announces a ringing call: who calls (name and number), Answer and Decline, and — when the
 * provider offers them — To voicemail, Forward and Reply with a message. Plays the ringtone
 * on the ringer device chosen in `<rc-device-picker>` until the call is answered (here or
 * on another device), declined or cancelled; of the browser's tabs that show the call, one
 * rings: the one the user looks at, else the first. A call that answers by itself (the
 * provider's `autoAnswer` allowed an intercom call) does not ring: it plays a short alert
 * and says "Answering automatically in N s", with a Cancel button that lets it ring on.
 * Renders nothing while nothing rings.
 *
 * @tagname rc-incoming-call
 * @summary The ringing-call banner with answer and decline.
 *
 * @event {{ callId: string, action: RcCallAction, target?: string, message?: string }} rc-request-call-action - Before answer, decline, voicemail, forward, reply or cancel-auto-answer reaches the phone. Cancelable.
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - A forward target is not valid, or the browser blocked the ringtone or the auto-answer alert (`audio-playback-blocked`).
 *
 * @csspart base - The banner.
 * @csspart notice - Shown instead when there is no phone.
 * @csspart label - "Incoming call".
 * @csspart avatar - The caller's picture: the contact's from `resolveContact`, else initials, else a person icon.
 * @csspart name - The caller's name (text, never markup).
 * @csspart contact-link - The name as a link to the contact's record, when `resolveContact` gave one.
 * @csspart number - The caller's number or address.
 * @csspart more - How many other calls are ringing.
 * @csspart auto-answer - "Answering automatically in N s" (auto-answer), with its Cancel button.
 * @csspart cancel-auto-answer-button - Cancel: the call rings on instead of answering by itself.
 * @csspart waiting - Call waiting: the call already in progress, which answering puts on hold.
 * @csspart actions - The row of buttons.
 * @csspart button - Every button.
 * @csspart answer-button - Answer.
 * @csspart decline-button - Decline.
 * @csspart panel - The forward or reply form.
 * @csspart icon - The icons.
 *
 * @cssproperty --rc-incoming-call-background - Banner background. Default `--rc-color-surface-raised`.
 * @cssproperty --rc-incoming-call-accent - The stripe marking the banner. Default `--rc-color-success`.
 * @cssproperty --rc-incoming-call-name-size - Size of the caller's name. Default `--rc-font-size-large`.
 * @cssproperty --rc-incoming-call-avatar-size - Size of the caller's picture. Default 4rem.
 * @cssproperty --rc-incoming-call-button-size - Diameter of the round buttons. Default 3.5rem.
 */
@localized()
export class RcIncomingCall extends RcPhoneElement {
  static override styles = [themeStyles, buttonStyles, avatarStyles, styles];

  /** Which call to show; default the oldest ringing incoming call. */
  @property({ attribute: 'call-id' }) callId = '';

  /** No ringtone (the banner still shows). */
  @property({ type: Boolean, reflect: true }) silent = false;

  /** ISO 3166 country for national forward targets. */
  @property({ attribute: 'default-country' }) defaultCountry = '';

  /** Read-only: present while a call rings (a style hook: `rc-incoming-call[ringing]`). */
  @property({ type: Boolean, reflect: true }) ringing = false;

  /** Where the ringtone plays (default: the page's shared player). */
  @property({ attribute: false }) tonePlayer: TonePlayer | undefined;

  private readonly actions = new CallActionsController(this, {
    phone: this.phone,
    defaultCountry: () => this.defaultCountry,
    requestAction: (detail) => this.emit('rc-request-call-action', detail, { cancelable: true }),
    invalidInput: (message, callId) => this.reportError(ErrorCode.InvalidTarget, message, callId),
  });
  /** The forward or reply form. */
  private readonly panels = new ActionPanels(this, this.actions);
  /** A new ringer choice moves a ringing tone at once. */
  private readonly preferences = new DevicePreferencesController(this, () => {
    if (this.ringer) this.startRinging();
  });
  /** Counts down an auto-answer. */
  private readonly clock = new ClockController(this);
  /** The call whose auto-answer alert sounded (once per call). */
  private alertedFor: string | undefined;
  private shownCall: string | undefined;
  /** The call whose blocked ringtone was already reported (once per call is enough). */
  private blockedFor: string | undefined;
  private ringer: TonePlayer | undefined;

  /** The ringing calls, oldest first. */
  get ringingCalls(): readonly CallSnapshot[] {
    return (this.phone.snapshot?.calls ?? []).filter((call) => call.direction === CallDirection.Inbound && call.state === CallState.Ringing);
  }

  /** The call shown. */
  get call(): CallSnapshot | undefined {
    const calls = this.ringingCalls;
    return this.callId ? calls.find((call) => call.id === this.callId) : calls[0];
  }

  /** Answers the call shown (through `rc-request-call-action`). */
  answer(): Promise<boolean> {
    return this.act('answer');
  }

  /** Declines the call shown (through `rc-request-call-action`). */
  decline(): Promise<boolean> {
    return this.act('decline');
  }

  private act(action: RcCallAction): Promise<boolean> {
    const call = this.call;
    return call ? this.actions.request(call, action) : Promise.resolve(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopRinging();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const call = this.call;
    this.ringing = call !== undefined;
    this.clock.running = call?.autoAnswerAt !== undefined;
    if (call?.id !== this.shownCall) {
      this.shownCall = call?.id;
      this.panels.close();
      this.actions.reset();
    }
  }

  protected override updated(): void {
    const call = this.call;
    // Intercom: the alert instead of the ringtone, then the call answers (or, cancelled, rings).
    const autoAnswering = call?.autoAnswerAt !== undefined;
    if (this.ringing && !this.silent && this.isConnected && !autoAnswering) this.startRinging();
    else this.stopRinging();
    if (call && autoAnswering && !this.silent && this.alertedFor !== call.id) this.playAlert(call.id);
  }

  private playAlert(callId: string): void {
    this.alertedFor = callId;
    (this.tonePlayer ?? tonePlayer()).autoAnswerAlert(this.preferences.choices.ringer).catch((error: unknown) => {
      // The alert is the user's warning that the microphone is about to open: unheard where the
      // user is looking, the call must not answer by itself; it rings on, to be answered by hand.
      // A hidden tab's failure (another tab of the device, never clicked) is not the user's view.
      if (document.visibilityState === 'visible') void this.phone.commands?.cancelAutoAnswer(callId);
      const problem = new PhoneError(ErrorCode.AudioPlaybackBlocked, { cause: error });
      this.emit('rc-error', { code: problem.code, error: problem, callId });
    });
  }

  /** "Answering automatically in N s" and its Cancel button, while the call answers by itself. */
  private autoAnswer(call: CallSnapshot): TemplateResult | typeof nothing {
    if (call.autoAnswerAt === undefined) return nothing;
    const left = secondsUntil(call.autoAnswerAt, this.clock.now());
    return html`<p part="auto-answer" class="notice auto-answer">
      <span>${msg(str`Answering automatically in ${left} s`)}</span>
      <button
        part="button cancel-auto-answer-button"
        class="btn"
        type="button"
        data-action="cancel-auto-answer"
        ?disabled=${this.actions.pending}
        @click=${() => void this.actions.request(call, 'cancel-auto-answer')}
      >
        ${msg('Cancel')}
      </button>
    </p>`;
  }

  private startRinging(): void {
    const player = this.tonePlayer ?? tonePlayer();
    if (this.ringer && this.ringer !== player) this.stopRinging();
    this.ringer = player;
    const callId = this.call?.id;
    player.startRingtone(this.preferences.choices.ringer, this).catch((error: unknown) => {
      if (callId === undefined || this.blockedFor === callId) return;
      this.blockedFor = callId;
      const problem = error instanceof PhoneError ? error : new PhoneError(ErrorCode.AudioPlaybackBlocked, { cause: error });
      this.emit('rc-error', { code: problem.code, error: problem, callId });
    });
  }

  private stopRinging(): void {
    this.ringer?.stopRingtone(this);
    this.ringer = undefined;
  }

  private button(call: CallSnapshot, action: RcCallAction, label: string, icon: TemplateResult, variant?: 'success' | 'danger'): TemplateResult {
    const part = action === 'answer' ? 'button answer-button' : action === 'decline' ? 'button decline-button' : 'button';
    return html`<button
      part=${part}
      class=${variant ? `btn tile ${variant}` : 'btn tile'}
      type="button"
      data-action=${action}
      ?disabled=${this.actions.pending}
      @click=${() => void this.actions.request(call, action)}
    >
      <span class="disc">${icon}</span><span class="label">${label}</span>
    </button>`;
  }

  protected override render(): unknown {
    if (!this.phone.present) {
      return html`<p part="notice" class="notice" role="status">${msg('Not connected to a phone.')}</p>`;
    }
    const call = this.call;
    const party = call ? partyOf(call.remote, this.phone.value?.contacts) : undefined;
    const name = party?.name ?? '';
    // The live region is always there, so screen readers notice when it fills.
    const announcement = html`<p class="visually-hidden" role="status">${call ? msg(str`Incoming call from ${name}`) : ''}</p>`;
    if (!call || !party) return announcement;
    const others = this.ringingCalls.length - 1;
    // Call waiting: the call already up stays, on hold once this one is answered.
    const talking = (this.phone.snapshot?.calls ?? []).find((other) => other.state === CallState.Established);
    return html`${announcement}
      <section part="base" class="base" aria-label=${msg('Incoming call')}>
        <p part="label" class="label">${icons.phone}<span>${msg('Incoming call')}</span></p>
        ${renderAvatar(party)}
        <p part="name" class="name">${partyName(party)}</p>
        ${party.number ? html`<p part="number" class="number">${party.number}</p>` : nothing}
        ${
          talking
            ? html`<p part="waiting" class="notice">
                ${msg(str`On a call with ${partyOf(talking.remote, this.phone.value?.contacts).name}. Answering puts it on hold.`)}
              </p>`
            : nothing
        }
        ${this.autoAnswer(call)}
        ${others > 0 ? html`<p part="more" class="notice">${others === 1 ? msg('1 more call is ringing.') : msg(str`${others} more calls are ringing.`)}</p>` : nothing}
        <div part="actions" class="actions">
          ${this.button(call, 'answer', msg('Answer'), icons.phone, 'success')} ${this.button(call, 'decline', msg('Decline'), icons.hangup, 'danger')}
          ${this.phone.can('voicemail') ? this.button(call, 'voicemail', msg('To voicemail'), icons.voicemail) : nothing}
          ${this.phone.can('forward') ? this.panels.button('forward', msg('Forward'), icons.forward) : nothing}
          ${this.phone.can('reply') ? this.panels.button('reply', msg('Reply'), icons.message) : nothing}
        </div>
        ${this.panels.form(call)}
      </section>`;
  }
}
