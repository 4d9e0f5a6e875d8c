import { localized, msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { authContext } from '../../context/auth-context.js';
import { LateContextConsumer } from '../../controllers/late-context-consumer.js';
import { ClockController, formatDuration } from '../../controllers/clock-controller.js';
import type { CallSnapshot } from '../../core/call.js';
import type { PhoneSnapshot } from '../../core/phone.js';
import { CallDirection, CallEndReason, CallState, ConnectionState } from '../../core/states.js';
import { icons } from '../../themes/icons.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { avatarStyles, partyOf, renderAvatar } from '../../internal/party.js';
import { actionLabel, callOutcome, phoneStatus, type PhoneStatus } from '../../internal/phone-status.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { styles } from './rc-phone-status.styles.js';
import type { RcRequestDialDetail } from '../../events/rc-request-dial.js';

const TONE_ICONS = { busy: icons.retry, warning: icons.warning, error: icons.warning } as const;

/**
 * Tells the user what the phone is doing when it is not simply ready: connecting, signing
 * in, offline or reconnecting (counting down to the next attempt, "Reconnecting in 5 s…",
 * with Retry now), and the phone's last problem (wrong password, server
 * unreachable, microphone blocked) with the button that helps — Try again, Sign in again,
 * Allow microphone. After a call ends it shows for a few seconds how it ended (busy,
 * declined, not found, no answer, failed and why, answered elsewhere, transferred, or the
 * duration of an answered call), with Call again where that makes sense. Renders nothing
 * while all is well. `<rc-phone>` uses it; composed phones place it where users look.
 *
 * @tagname rc-phone-status
 * @summary The phone's state, its last problem and the last call's outcome, with what to do.
 *
 * @event {{ target: string, input: string, headers?: string[], dtmf?: 'rfc4733' | 'info' }} rc-request-dial - Before "Call again" or "Call back" places a call. Cancelable; `target` may be rewritten, `headers` and `dtmf` set.
 *
 * @csspart base - The wrapper.
 * @csspart status - The status banner (connection, registration, problem); `role="alert"` for problems.
 * @csspart status-title - What is going on ("Wrong user name or password").
 * @csspart status-detail - What it means and what to do.
 * @csspart action-button - The button that helps (Try again, Retry now, Sign in again, Allow microphone).
 * @csspart outcome - How the last call ended; a live region.
 * @csspart avatar - The other party's initials (or a person icon).
 * @csspart name - The other party's name (text, never markup).
 * @csspart outcome-title - "Busy", "Call declined", "Call ended"…
 * @csspart outcome-detail - Why, and the duration of an answered call.
 * @csspart button - Every button.
 * @csspart icon - The icons.
 *
 * @cssproperty --rc-phone-status-error-color - Accent of problems. Default `--rc-color-danger`.
 * @cssproperty --rc-phone-status-warning-color - Accent of offline and reconnecting. Default `--rc-color-warning`.
 * @cssproperty --rc-phone-status-background - Banner background. Default `--rc-color-surface-raised`.
 * @cssproperty --rc-phone-status-avatar-size - Size of the picture in the outcome. Default 4rem.
 */
@localized()
export class RcPhoneStatus extends RcPhoneElement {
  static override styles = [themeStyles, buttonStyles, avatarStyles, styles];

  /** How long a call's outcome stays, in ms; 0 shows none. */
  @property({ type: Number, attribute: 'outcome-duration' }) outcomeDuration = 5000;

  /** Read-only: the status shown (`registration-rejected`, `server-unreachable`, `offline`, `reconnecting`…), '' when none. */
  @property({ reflect: true }) status = '';

  /** Read-only: present while a call's outcome shows (a style hook: `rc-phone-status[outcome]`). */
  @property({ type: Boolean, reflect: true }) outcome = false;

  @state() private ended: CallSnapshot | undefined;
  @state() private acting = false;
  private readonly auth = new LateContextConsumer(this, { context: authContext });
  private outcomeTimer: ReturnType<typeof setTimeout> | undefined;
  private release: (() => void) | undefined;
  private readonly seenEnded = new Set<string>();
  /** Counts down to the next reconnection attempt. */
  private readonly clock = new ClockController(this);

  /** The status shown, if any. */
  get current(): PhoneStatus | undefined {
    return phoneStatus(this.phone.snapshot, this.phone.value?.problem, this.clock.now());
  }

  /** The ended call whose outcome shows, if any. */
  get endedCall(): CallSnapshot | undefined {
    return this.ended;
  }

  /** Hides the outcome now. */
  dismissOutcome(): void {
    clearTimeout(this.outcomeTimer);
    this.ended = undefined;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.release?.();
    this.release = undefined;
    this.dismissOutcome();
  }

  protected override phoneChanged(snapshot: PhoneSnapshot | undefined): void {
    // Tell the provider (again: it may be a new one) that its problems are shown here.
    this.release?.();
    this.release = this.phone.value?.problems?.show();
    if (!snapshot) return;
    // The snapshot holds an ended call once, as it ends (then it is gone).
    const ended = snapshot.calls.find((call) => call.state === CallState.Ended && !this.seenEnded.has(call.id));
    if (ended) this.seenEnded.add(ended.id);
    // With a call up (another one, or a new one), the user looks at that one.
    if (snapshot.calls.some((call) => call.state !== CallState.Ended)) this.dismissOutcome();
    else if (ended && this.outcomeDuration > 0) this.showOutcome(ended);
  }

  private showOutcome(call: CallSnapshot): void {
    clearTimeout(this.outcomeTimer);
    this.ended = call;
    this.outcomeTimer = setTimeout(() => this.dismissOutcome(), this.outcomeDuration);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const snapshot = this.phone.snapshot;
    this.clock.running = snapshot?.connection === ConnectionState.Reconnecting && snapshot.reconnectAt !== undefined;
    this.status = this.current?.kind ?? '';
    this.outcome = this.ended !== undefined;
  }

  /** Runs the status's action: connect or register again, sign in again, or ask for the microphone. */
  async act(): Promise<boolean> {
    const status = this.current;
    const commands = this.phone.commands;
    if (!status?.action || !commands || this.acting) return false;
    this.acting = true;
    try {
      switch (status.action) {
        case 'retry':
          return status.kind === 'server-unreachable' || status.kind === 'offline' ? commands.start() : commands.register();
        case 'reconnect':
          // A started phone that waits to reconnect tries at once (Phone.start).
          return commands.start();
        case 'sign-in':
          return this.auth.value ? this.auth.value.commands.login() : commands.register();
        case 'microphone':
          return await this.allowMicrophone();
      }
    } finally {
      this.acting = false;
    }
  }

  /** Asks the browser for the microphone (it prompts unless the user blocked it); solved when it opens. */
  private async allowMicrophone(): Promise<boolean> {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.getTracks().forEach((track) => track.stop());
      this.phone.value?.problems?.dismiss();
      return true;
    } catch {
      return false;
    }
  }

  /** Calls the ended call's party again (through `rc-request-dial`). Resolves with the new call's id. */
  async callAgain(): Promise<string | undefined> {
    const call = this.ended;
    const commands = this.phone.commands;
    if (!call || !commands) return undefined;
    const detail: RcRequestDialDetail = { target: call.remote.uri, input: call.remote.uri };
    if (!this.emit('rc-request-dial', detail, { cancelable: true })) return undefined;
    this.dismissOutcome();
    return typeof detail.target === 'string' && detail.target ? commands.call(detail.target, { headers: detail.headers, dtmf: detail.dtmf }) : undefined;
  }

  private renderStatus(status: PhoneStatus | undefined): unknown {
    if (!status) return nothing;
    const problem = status.tone === 'error';
    return html`<div part="status" class=${`status ${status.tone}`} role=${problem ? 'alert' : 'status'} data-status=${status.kind}>
      ${TONE_ICONS[status.tone]}
      <div class="text">
        <p part="status-title" class="title" aria-hidden=${status.spoken === undefined ? nothing : 'true'}>${status.title}</p>
        ${status.spoken === undefined ? nothing : html`<p class="visually-hidden">${status.spoken}</p>`}
        ${status.detail ? html`<p part="status-detail" class="detail">${status.detail}</p>` : nothing}
      </div>
      ${
        status.action
          ? html`<button
              part="button action-button"
              class="btn small"
              type="button"
              data-action=${status.action}
              ?disabled=${this.acting || !this.phone.commands}
              @click=${() => void this.act()}
            >
              ${actionLabel(status.action)}
            </button>`
          : nothing
      }
    </div>`;
  }

  private renderOutcome(call: CallSnapshot | undefined): TemplateResult | typeof nothing {
    if (!call) return nothing;
    const party = partyOf(call.remote, this.phone.value?.contacts);
    const outcome = callOutcome(call);
    const answered = call.startedAt !== undefined && call.endedAt !== undefined;
    const duration = answered ? formatDuration(call.endedAt - call.startedAt) : '';
    const detail = [outcome.detail, duration ? msg(str`Duration ${duration}`) : ''].filter(Boolean).join(' ');
    const missed = call.direction === CallDirection.Inbound && outcome.kind === CallEndReason.Cancelled;
    return html`<section part="outcome" class=${`outcome ${outcome.kind}`} aria-label=${msg('Last call')} data-outcome=${outcome.kind}>
      ${renderAvatar(party)}
      <p part="name" class="name">${party.name}</p>
      <p part="outcome-title" class="outcome-title">${outcome.title}</p>
      ${detail ? html`<p part="outcome-detail" class="detail">${detail}</p>` : nothing}
      <div class="actions">
        ${
          outcome.retry || missed
            ? html`<button
                part="button"
                class="btn success"
                type="button"
                data-action="call-again"
                ?disabled=${!this.phone.connected}
                @click=${() => void this.callAgain()}
              >
                ${icons.phone}<span>${missed ? msg('Call back') : msg('Call again')}</span>
              </button>`
            : nothing
        }
        <button part="button" class="btn" type="button" data-action="dismiss" @click=${() => this.dismissOutcome()}>${msg('Close')}</button>
      </div>
    </section>`;
  }

  protected override render(): unknown {
    if (!this.phone.present) return nothing;
    const status = this.current;
    // The live region is always there, so screen readers notice when it fills.
    return html`<div part="base" class="base">
      ${this.renderStatus(status)}
      <div role="status" class="outcome-region">${this.renderOutcome(this.ended)}</div>
    </div>`;
  }
}
