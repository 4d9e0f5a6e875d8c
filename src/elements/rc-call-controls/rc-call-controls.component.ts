import { localized, msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { CallActionsController } from '../../controllers/call-actions-controller.js';
import { ClockController, formatDuration } from '../../controllers/clock-controller.js';
import type { CallSnapshot } from '../../core/call.js';
import { ErrorCode } from '../../core/errors.js';
import { CallDirection, CallState } from '../../core/states.js';
import type { RcCallAction } from '../../events/rc-request-call-action.js';
import { icons } from '../../themes/icons.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { ActionPanels } from '../../internal/call-action-panel.js';
import { partyAvatar, partyName, partyOf } from '../../internal/party.js';
import { styles } from './rc-call-controls.styles.js';

/**
 * Controls for one call: answer or decline it while it rings; hang up, hold, mute, send
 * keypad tones and transfer it (blind, or warm: consult first, then complete or cancel)
 * once connected. Provider-specific actions (record, park, flip, forward, to voicemail,
 * reply with a message) appear only when the provider's capabilities include them.
 * Shows a live call timer; state changes are announced in an ARIA live region.
 *
 * @tagname rc-call-controls
 * @summary Answer, hang up, hold, mute, keypad and transfer for the current call.
 *
 * @event {{ callId: string, action: RcCallAction, target?: string, message?: string, consultCallId?: string }} rc-request-call-action - Before an action reaches the phone. Cancelable; `target` and `message` may be rewritten.
 * @event {{ callId: string, tones: string }} rc-dtmf - Keypad tones were sent (from the keypad panel).
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - A transfer target or other input is not valid (`invalid-target`).
 *
 * @csspart base - The wrapper of everything.
 * @csspart notice - Shown instead of the controls when there is no phone or no call.
 * @csspart header - Name, number, state and timer.
 * @csspart name - The other party's name (text, never markup).
 * @csspart avatar - The contact's picture, when the provider's `resolveContact` gave one.
 * @csspart contact-link - The name as a link to the contact's record, when `resolveContact` gave one.
 * @csspart number - Their number or address.
 * @csspart status - The state line; an ARIA live region.
 * @csspart timer - The call duration.
 * @csspart actions - The row of buttons.
 * @csspart button - Every action button.
 * @csspart answer-button - Answer.
 * @csspart decline-button - Decline.
 * @csspart hangup-button - Hang up.
 * @csspart panel - The keypad, or the form asking for a transfer target or message.
 * @csspart transfer-bar - Complete or cancel a warm transfer.
 * @csspart icon - The icons.
 * @csspart dialpad__base - The keypad panel's dialpad; its `key`, `keys` and `input` parts are forwarded as `dialpad__key`, `dialpad__keys`, `dialpad__input`.
 *
 * @cssproperty --rc-call-controls-gap - Space between buttons. Default 0.5rem.
 * @cssproperty --rc-call-controls-name-size - Size of the name. Default `--rc-font-size-large`.
 * @cssproperty --rc-call-controls-background - Background. Default `--rc-color-surface`.
 */
@localized()
export class RcCallControls extends RcPhoneElement {
  static override styles = [themeStyles, buttonStyles, styles];

  /** The call to control; default the phone's current call. */
  @property({ attribute: 'call-id' }) callId = '';

  /** ISO 3166 country for national transfer targets (see `<rc-dialpad>`). */
  @property({ attribute: 'default-country' }) defaultCountry = '';

  /** Read-only: present while there is a call to control (a style hook: `rc-call-controls[active]`). */
  @property({ type: Boolean, reflect: true }) active = false;

  /** Read-only: present while the call shown is an incoming call still ringing. */
  @property({ type: Boolean, reflect: true }) incoming = false;

  private readonly clock = new ClockController(this);
  private readonly actions = new CallActionsController(this, {
    phone: this.phone,
    defaultCountry: () => this.defaultCountry,
    requestAction: (detail) => this.emit('rc-request-call-action', detail, { cancelable: true }),
    invalidInput: (message, callId) => this.reportError(ErrorCode.InvalidTarget, message, callId),
  });
  /** The keypad, or a form asking for a transfer/flip/forward target or a reply; the keypad keeps the focus on its keys. */
  private readonly panels = new ActionPanels<'keypad'>(this, this.actions, (panel) => panel !== 'keypad');
  private shownCall: string | undefined;

  /** The call these controls act on. */
  get call(): CallSnapshot | undefined {
    return this.phone.call(this.callId);
  }

  /**
   * Asks for `action` on the call: fires the cancelable `rc-request-call-action`, then
   * tells the phone. `target` is needed by transfer, consult, flip and forward, `message`
   * by reply. Resolves true when the phone did it. Never rejects.
   */
  async request(action: RcCallAction, options: { target?: string; message?: string } = {}): Promise<boolean> {
    const call = this.call;
    return call ? this.actions.request(call, action, options) : false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const call = this.call;
    this.active = call !== undefined;
    this.incoming = call?.direction === CallDirection.Inbound && call.state === CallState.Ringing;
    this.clock.running = call?.state === CallState.Established;
    // Panels, problems and notes belong to the call they were opened for.
    if (call?.id !== this.shownCall) {
      this.shownCall = call?.id;
      this.panels.close();
      this.actions.reset();
    }
  }

  private stateText(call: CallSnapshot): string {
    switch (call.state) {
      case CallState.Dialing:
        return msg('Calling…');
      case CallState.Ringing:
        return call.direction === CallDirection.Inbound ? msg('Incoming call') : msg('Ringing…');
      case CallState.Answering:
        return msg('Connecting…');
      case CallState.Established: {
        const parts = [call.held ? msg('On hold') : msg('Connected')];
        if (call.muted) parts.push(msg('Muted'));
        if (this.actions.isRecording(call.id)) parts.push(msg('Recording'));
        return parts.join(' · ');
      }
      case CallState.Ended:
        return msg('Call ended');
    }
  }

  /** A button that asks for `action` at once. */
  private button(
    call: CallSnapshot,
    action: RcCallAction,
    label: string,
    icon: TemplateResult,
    options: { variant?: 'success' | 'danger'; pressed?: boolean; part?: string } = {},
  ): TemplateResult {
    return html`<button
      part=${options.part ? `button ${options.part}` : 'button'}
      class=${options.variant ? `btn ${options.variant}` : 'btn'}
      type="button"
      data-action=${action}
      aria-pressed=${options.pressed === undefined ? nothing : String(options.pressed)}
      ?disabled=${this.actions.pending}
      @click=${() => void this.actions.request(call, action)}
    >
      ${icon}<span>${label}</span>
    </button>`;
  }

  private ringingActions(call: CallSnapshot): TemplateResult {
    return html`
      ${this.button(call, 'answer', msg('Answer'), icons.phone, { variant: 'success', part: 'answer-button' })}
      ${this.button(call, 'decline', msg('Decline'), icons.hangup, { variant: 'danger', part: 'decline-button' })}
      ${this.phone.can('voicemail') ? this.button(call, 'voicemail', msg('To voicemail'), icons.voicemail) : nothing}
      ${this.phone.can('forward') ? this.panels.button('forward', msg('Forward'), icons.forward) : nothing}
      ${this.phone.can('reply') ? this.panels.button('reply', msg('Reply'), icons.message) : nothing}
    `;
  }

  private talkingActions(call: CallSnapshot): TemplateResult {
    const recording = this.actions.isRecording(call.id);
    return html`
      ${this.button(call, call.muted ? 'unmute' : 'mute', msg('Mute'), call.muted ? icons.micOff : icons.mic, { pressed: call.muted })}
      ${this.button(call, call.held ? 'unhold' : 'hold', msg('Hold'), call.held ? icons.play : icons.pause, { pressed: call.held })}
      ${this.panels.button('keypad', msg('Keypad'), icons.keypad, call.held)}
      ${this.actions.consultation ? nothing : this.panels.button('transfer', msg('Transfer'), icons.transfer)}
      ${this.phone.can('record') ? this.button(call, recording ? 'stop-record' : 'record', msg('Record'), icons.record, { pressed: recording }) : nothing}
      ${this.phone.can('park') ? this.button(call, 'park', msg('Park'), icons.park) : nothing}
      ${this.phone.can('flip') ? this.panels.button('flip', msg('Flip'), icons.flip) : nothing}
    `;
  }

  private renderPanel(call: CallSnapshot): unknown {
    if (this.panels.open !== 'keypad') return this.panels.form(call);
    return html`<div id="panel" part="panel" class="panel">
      <rc-dialpad mode="dtmf" call-id=${call.id} exportparts="base:dialpad__base, key:dialpad__key, keys:dialpad__keys, input:dialpad__input"></rc-dialpad>
    </div>`;
  }

  private renderTransferBar(): unknown {
    const consultation = this.actions.consultation;
    const calls = this.phone.snapshot?.calls ?? [];
    const original = calls.find((c) => c.id === consultation?.originalId);
    const consult = calls.find((c) => c.id === consultation?.consultId);
    if (!original || !consult) return nothing;
    return html`<div part="transfer-bar" class="transfer-bar" role="group" aria-label=${msg('Warm transfer')}>
      <p class="notice">
        ${msg(str`Transferring ${partyOf(original, this.phone.value?.contacts).name} to ${partyOf(consult, this.phone.value?.contacts).name}`)}
      </p>
      <div class="panel-actions">
        <button
          part="button"
          class="btn primary"
          type="button"
          data-action="complete-transfer"
          ?disabled=${this.actions.pending || consult.state !== CallState.Established}
          @click=${() => void this.actions.request(original, 'complete-transfer')}
        >
          ${icons.transfer}<span>${msg('Complete transfer')}</span>
        </button>
        <button
          part="button"
          class="btn"
          type="button"
          data-action="cancel-transfer"
          ?disabled=${this.actions.pending}
          @click=${() => void this.actions.request(original, 'cancel-transfer')}
        >
          <span>${msg('Cancel transfer')}</span>
        </button>
      </div>
    </div>`;
  }

  protected override render(): unknown {
    const call = this.call;
    if (!this.phone.present || !call) {
      return html`<div part="base" class="base">
        <p part="notice" class="notice" role="status">${this.phone.present ? msg('No call in progress.') : msg('Not connected to a phone.')}</p>
      </div>`;
    }
    const inboundRinging = call.direction === CallDirection.Inbound && call.state === CallState.Ringing;
    const talking = call.state === CallState.Established;
    const party = partyOf(call, this.phone.value?.contacts);
    const number = party.number;
    const elapsed = talking && call.startedAt !== undefined ? formatDuration(this.clock.now() - call.startedAt) : '';
    return html`<section part="base" class="base" aria-label=${msg('Call controls')}>
      <header part="header" class="header">
        ${partyAvatar(party)}<span part="name" class="name">${partyName(party)}</span>
        ${number ? html`<span part="number" class="number">${number}</span>` : nothing}
        <p part="status" class="status" role="status">${[this.stateText(call), this.actions.note].filter(Boolean).join(' — ')}</p>
        ${elapsed ? html`<span part="timer" class="timer" role="timer" aria-label=${msg(str`Duration ${elapsed}`)}>${elapsed}</span>` : nothing}
      </header>
      ${this.renderTransferBar()}
      <div part="actions" class="actions">
        ${inboundRinging ? this.ringingActions(call) : nothing} ${talking ? this.talkingActions(call) : nothing}
        ${inboundRinging ? nothing : this.button(call, 'hangup', msg('Hang up'), icons.hangup, { variant: 'danger', part: 'hangup-button' })}
      </div>
      ${this.renderPanel(call)}
    </section>`;
  }
}
