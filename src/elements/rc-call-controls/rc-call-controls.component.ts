import { localized, msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { CallActionsController } from '../../controllers/call-actions-controller.js';
import { ClockController, formatDuration } from '../../controllers/clock-controller.js';
import { DevicePreferencesController } from '../../controllers/device-preferences-controller.js';
import type { CallSnapshot } from '../../core/call.js';
import { ErrorCode, PhoneError } from '../../core/errors.js';
import { ringbackCadence, type RingbackSetting } from '../../services/ringback.js';
import { tonePlayer, type RingbackCadence, type TonePlayer } from '../../services/tone-player.js';
import { CallDirection, CallState, ConnectionState } from '../../core/states.js';
import type { RcCallAction } from '../../events/rc-request-call-action.js';
import { icons } from '../../themes/icons.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { ActionPanels } from '../../internal/call-action-panel.js';
import { avatarStyles, partyName, partyOf, renderAvatar } from '../../internal/party.js';
import { styles } from './rc-call-controls.styles.js';

/**
 * Controls for one call: answer or decline it while it rings; hang up, hold, mute, send
 * keypad tones and transfer it (blind, or warm: consult first, then complete or cancel)
 * once connected. Provider-specific actions (record, park, flip, forward, to voicemail,
 * reply with a message) appear only when the provider's capabilities include them.
 * Shows a live call timer; state changes are announced in an ARIA live region. While an
 * outgoing call rings ("Ringing…") and the far end sends no audio of its own (no early
 * media), plays the ringback tone of the user's country on the chosen speaker (`ringback`).
 *
 * @tagname rc-call-controls
 * @summary Answer, hang up, hold, mute, keypad and transfer for the current call.
 *
 * @event {{ callId: string, action: RcCallAction, target?: string, message?: string, consultCallId?: string }} rc-request-call-action - Before an action reaches the phone. Cancelable; `target` and `message` may be rewritten.
 * @event {{ callId: string, tones: string }} rc-dtmf - Keypad tones were sent (from the keypad panel).
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - A transfer target or other input is not valid (`invalid-target`), or the browser blocked the ringback tone (`audio-playback-blocked`).
 *
 * @csspart base - The wrapper of everything.
 * @csspart notice - Shown instead of the controls when there is no phone or no call.
 * @csspart header - Name, number, state and timer.
 * @csspart avatar - The other party's picture: the contact's from `resolveContact`, else initials, else a person icon.
 * @csspart name - The other party's name (text, never markup).
 * @csspart contact-link - The name as a link to the contact's record, when `resolveContact` gave one.
 * @csspart number - Their number or address.
 * @csspart status - The state line; an ARIA live region.
 * @csspart timer - The call duration.
 * @csspart actions - The grid of buttons.
 * @csspart button - Every action button: a round icon (`.disc`) over its label; a toggle's label says what it does (Hold ⇄ Resume, Mute ⇄ Unmute).
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
 * @cssproperty --rc-call-controls-button-size - Diameter of the round buttons. Default 3.5rem.
 * @cssproperty --rc-call-controls-avatar-size - Size of the other party's picture. Default 4.5rem.
 */
@localized()
export class RcCallControls extends RcPhoneElement {
  static override styles = [themeStyles, buttonStyles, avatarStyles, styles];

  /** The call to control; default the phone's current call. */
  @property({ attribute: 'call-id' }) callId = '';

  /** ISO 3166 country for national transfer targets (see `<rc-dialpad>`). */
  @property({ attribute: 'default-country' }) defaultCountry = '';

  /** Read-only: present while there is a call to control (a style hook: `rc-call-controls[active]`). */
  @property({ type: Boolean, reflect: true }) active = false;

  /** Read-only: present while the call shown is an incoming call still ringing. */
  @property({ type: Boolean, reflect: true }) incoming = false;

  /**
   * The ringback tone played while an outgoing call rings without early media: `auto`
   * (default: the tone of `default-country`, else of the browser language's country — North
   * America's 440 + 480 Hz 2 s/4 s in +1 countries, ETSI's 425 Hz 1 s/4 s elsewhere),
   * `north-america`, `etsi`, or `off`.
   */
  @property() ringback: RingbackSetting = 'auto';

  /** Where the ringback plays (default: the page's shared player). */
  @property({ attribute: false }) tonePlayer: TonePlayer | undefined;

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
  /** A new speaker choice moves a ringback in progress. */
  private readonly preferences = new DevicePreferencesController(this, () => this.requestUpdate());
  private ringbackPlayer: TonePlayer | undefined;
  /** The call whose blocked ringback was already reported (once per call is enough). */
  private ringbackBlockedFor: string | undefined;

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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopRingback();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const call = this.call;
    const ringing = call?.direction === CallDirection.Outbound && call.state === CallState.Ringing && !call.earlyMedia && this.isConnected;
    const cadence = ringing ? ringbackCadence(this.ringback, this.defaultCountry, navigator.language) : undefined;
    if (call && cadence) this.startRingback(call.id, cadence);
    else this.stopRingback();
  }

  private startRingback(callId: string, cadence: RingbackCadence): void {
    const player = this.tonePlayer ?? tonePlayer();
    if (this.ringbackPlayer && this.ringbackPlayer !== player) this.stopRingback();
    this.ringbackPlayer = player;
    player.startRingback(this.preferences.choices.speaker, cadence, this).catch((error: unknown) => {
      if (this.ringbackBlockedFor === callId) return;
      this.ringbackBlockedFor = callId;
      const problem = error instanceof PhoneError ? error : new PhoneError(ErrorCode.AudioPlaybackBlocked, { cause: error });
      this.emit('rc-error', { code: problem.code, error: problem, callId });
    });
  }

  private stopRingback(): void {
    this.ringbackPlayer?.stopRingback(this);
    this.ringbackPlayer = undefined;
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
        const reconnecting = this.phone.snapshot?.connection === ConnectionState.Reconnecting;
        const parts = [call.held ? msg('On hold') : call.remoteHeld ? msg('Held by the other side') : reconnecting ? msg('Reconnecting…') : msg('Connected')];
        if (call.muted) parts.push(msg('Muted'));
        if (call.recording) parts.push(msg('Recording'));
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
    options: { variant?: 'success' | 'danger'; on?: boolean; part?: string } = {},
  ): TemplateResult {
    // A toggle says what pressing it does (Hold ⇄ Resume), so it is not also aria-pressed (WAI-ARIA APG, Button).
    return html`<button
      part=${options.part ? `button ${options.part}` : 'button'}
      class=${['btn tile', options.variant, options.on ? 'on' : ''].filter(Boolean).join(' ')}
      type="button"
      data-action=${action}
      ?disabled=${this.actions.pending}
      @click=${() => void this.actions.request(call, action)}
    >
      <span class="disc">${icon}</span><span class="label">${label}</span>
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
    const recording = call.recording;
    // The keypad replaces the grid while open, so the phone does not grow.
    if (this.panels.open === 'keypad') return this.panels.button('keypad', msg('Hide keypad'), icons.keypad);
    return html`
      ${this.button(call, call.muted ? 'unmute' : 'mute', call.muted ? msg('Unmute') : msg('Mute'), call.muted ? icons.micOff : icons.mic, { on: call.muted })}
      ${this.button(call, call.held ? 'unhold' : 'hold', call.held ? msg('Resume') : msg('Hold'), call.held ? icons.play : icons.pause, { on: call.held })}
      ${this.panels.button('keypad', msg('Keypad'), icons.keypad, call.held)}
      ${this.actions.consultation ? nothing : this.panels.button('transfer', msg('Transfer'), icons.transfer)}
      ${this.phone.can('record') ? this.button(call, recording ? 'stop-record' : 'record', recording ? msg('Stop recording') : msg('Record'), icons.record, { on: recording }) : nothing}
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
        ${msg(str`Transferring ${partyOf(original.remote, this.phone.value?.contacts).name} to ${partyOf(consult.remote, this.phone.value?.contacts).name}`)}
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
    const party = partyOf(call.remote, this.phone.value?.contacts);
    const elapsed = talking && call.startedAt !== undefined ? formatDuration(this.clock.now() - call.startedAt) : '';
    return html`<section part="base" class="base" aria-label=${msg('Call controls')}>
      <header part="header" class="header">
        ${renderAvatar(party)}
        <span part="name" class="name">${partyName(party)}</span>
        ${party.number ? html`<span part="number" class="number">${party.number}</span>` : nothing}
        <p part="status" class="status" role="status">${[this.stateText(call), this.actions.note].filter(Boolean).join(' — ')}</p>
        ${elapsed ? html`<span part="timer" class="timer" role="timer" aria-label=${msg(str`Duration ${elapsed}`)}>${elapsed}</span>` : nothing}
      </header>
      ${this.renderTransferBar()}
      <div part="actions" class=${this.panels.open === 'keypad' ? 'actions keypad-open' : 'actions'}>
        ${inboundRinging ? this.ringingActions(call) : nothing} ${talking ? this.talkingActions(call) : nothing}
        ${inboundRinging ? nothing : this.button(call, 'hangup', msg('Hang up'), icons.hangup, { variant: 'danger', part: 'hangup-button' })}
      </div>
      ${this.renderPanel(call)}
    </section>`;
  }
}
