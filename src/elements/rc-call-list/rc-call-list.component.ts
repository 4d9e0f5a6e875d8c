import { localized, msg } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { CallActionsController } from '../../controllers/call-actions-controller.js';
import { ClockController, formatDuration } from '../../controllers/clock-controller.js';
import { clearRecentCalls, isMissed, recentCalls, recentFromSnapshot, type RecentCall, type RecentCalls } from '../../services/recent-calls.js';
import type { CallSnapshot } from '../../core/call.js';
import { ErrorCode } from '../../core/errors.js';
import type { PhoneSnapshot } from '../../core/phone.js';
import { CallDirection, CallEndReason, CallState } from '../../core/states.js';
import type { RcLogoutEvent } from '../../events/rc-logout.js';
import type { RcCallAction } from '../../events/rc-request-call-action.js';
import type { RcRequestDialDetail } from '../../events/rc-request-dial.js';
import { getLocale } from '../../i18n/localization.js';
import { icons } from '../../themes/icons.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { partyName, partyOf } from '../../internal/party.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { styles } from './rc-call-list.styles.js';

/**
 * Every live call of the phone — ringing, being set up, connected, on hold — with the
 * actions that fit each (answer, decline, hold, switch to, hang up; calls are never
 * merged), and a log of recent calls kept in the browser per account. The log records
 * calls that end while a list is on the page, and is deleted on `rc-logout`.
 *
 * @tagname rc-call-list
 * @summary Active calls with switch/hold/hang-up, and the recent-calls log.
 *
 * @event {{ callId: string, action: RcCallAction }} rc-request-call-action - Before answer, decline, hold, resume or hang up reaches the phone. Cancelable.
 * @event {{ target: string, input: string, headers?: string[], dtmf?: 'rfc4733' | 'info' }} rc-request-dial - Before "Call back" places a call. Cancelable; `target` may be rewritten, `headers` and `dtmf` set.
 *
 * @csspart base - The wrapper.
 * @csspart notice - Shown when there is no phone.
 * @csspart heading - The section headings.
 * @csspart active-list - The list of live calls.
 * @csspart call - One live call.
 * @csspart name - A caller's name (text, never markup).
 * @csspart contact-link - The name as a link to the contact's record, when the provider's `resolveContact` gave one.
 * @csspart number - A caller's number or address.
 * @csspart state - A call's state ("On hold"…).
 * @csspart timer - A connected call's duration.
 * @csspart button - Every button.
 * @csspart recent-list - The recent-calls log.
 * @csspart recent-item - One logged call.
 * @csspart clear-button - Deletes the log.
 * @csspart empty - "No recent calls."
 * @csspart icon - The icons.
 *
 * @cssproperty --rc-call-list-row-gap - Space between rows. Default 0.25rem.
 * @cssproperty --rc-call-list-current-background - Background of the call being talked on. Default `--rc-color-surface-raised`.
 * @cssproperty --rc-call-list-missed-color - Colour of missed, declined and failed calls (each also has its own icon and word). Default `--rc-color-danger`.
 */
@localized()
export class RcCallList extends RcPhoneElement {
  static override styles = [themeStyles, buttonStyles, styles];

  /** How many recent calls to show. */
  @property({ type: Number, attribute: 'max-recent' }) maxRecent = 20;

  /** Hides the recent-calls log (live calls only). */
  @property({ type: Boolean, attribute: 'hide-recent', reflect: true }) hideRecent = false;

  private readonly clock = new ClockController(this);
  private readonly actions = new CallActionsController(this, {
    phone: this.phone,
    defaultCountry: () => '',
    requestAction: (detail) => this.emit('rc-request-call-action', detail, { cancelable: true }),
    invalidInput: (message, callId) => this.reportError(ErrorCode.InvalidTarget, message, callId),
  });
  /** The live calls of the last snapshot, to see which ended. */
  private known = new Map<string, CallSnapshot>();
  private account: string | undefined;
  private log: RecentCalls | undefined;

  /** The recent-calls log shown (newest first). */
  get recent(): readonly RecentCall[] {
    return this.log?.list().slice(0, Math.max(0, this.maxRecent)) ?? [];
  }

  /** Deletes this account's recent-calls log. */
  clearRecent(): void {
    this.log?.clear();
  }

  /** Asks for `action` on the live call `callId` (through `rc-request-call-action`). */
  request(callId: string, action: RcCallAction): Promise<boolean> {
    const call = this.phone.snapshot?.calls.find((c) => c.id === callId);
    return call ? this.actions.request(call, action) : Promise.resolve(false);
  }

  /** Calls a logged call's party back (through `rc-request-dial`). Resolves with the new call's id. */
  async callBack(entry: RecentCall): Promise<string | undefined> {
    const commands = this.phone.commands;
    if (!commands) return undefined;
    const detail: RcRequestDialDetail = { target: entry.uri, input: entry.uri };
    if (!this.emit('rc-request-dial', detail, { cancelable: true })) return undefined;
    return typeof detail.target === 'string' && detail.target ? commands.call(detail.target, { headers: detail.headers, dtmf: detail.dtmf }) : undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('rc-logout', this.onLogout);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('rc-logout', this.onLogout);
    this.follow(undefined);
  }

  protected override phoneChanged(snapshot: PhoneSnapshot | undefined): void {
    if (!snapshot) {
      // Disconnected from the page (not the calls ending): forget, log nothing.
      this.known = new Map();
      return;
    }
    const account = snapshot.uri ?? this.account;
    const live = new Map(snapshot.calls.map((call) => [call.id, call]));
    if (account) {
      const log = recentCalls(account);
      const now = Date.now();
      for (const [id, call] of this.known) if (!live.has(id)) log.add(recentFromSnapshot(call, now));
    }
    this.known = live;
    if (snapshot.uri) this.follow(snapshot.uri);
  }

  /** Shows (and listens to) `account`'s log. */
  private follow(account: string | undefined): void {
    if (account === this.account) return;
    this.log?.removeEventListener('change', this.onLogChange);
    this.account = account;
    this.log = account ? recentCalls(account) : undefined;
    this.log?.addEventListener('change', this.onLogChange);
    this.requestUpdate();
  }

  private readonly onLogChange = (): void => this.requestUpdate();

  private readonly onLogout = (event: RcLogoutEvent): void => {
    clearRecentCalls(event.detail?.uri);
  };

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.clock.running = (this.phone.snapshot?.calls ?? []).some((call) => call.state === CallState.Established);
  }

  private stateText(call: CallSnapshot): string {
    switch (call.state) {
      case CallState.Dialing:
        return msg('Calling…');
      case CallState.Ringing:
        return call.direction === CallDirection.Inbound ? msg('Ringing') : msg('Ringing…');
      case CallState.Answering:
        return msg('Connecting…');
      case CallState.Established:
        return call.held ? msg('On hold') : msg('Connected');
      case CallState.Ended:
        return msg('Call ended');
    }
  }

  private button(call: CallSnapshot, action: RcCallAction, label: string, variant?: 'success' | 'danger'): TemplateResult {
    return html`<button
      part="button"
      class=${variant ? `btn small ${variant}` : 'btn small'}
      type="button"
      data-action=${action}
      aria-describedby=${`name-${call.id}`}
      ?disabled=${this.actions.pending}
      @click=${() => void this.actions.request(call, action)}
    >
      ${label}
    </button>`;
  }

  private callActions(call: CallSnapshot): TemplateResult {
    if (call.direction === CallDirection.Inbound && call.state === CallState.Ringing) {
      return html`${this.button(call, 'answer', msg('Answer'), 'success')} ${this.button(call, 'decline', msg('Decline'), 'danger')}`;
    }
    const toggle =
      call.state !== CallState.Established ? nothing : call.held ? this.button(call, 'unhold', msg('Switch to')) : this.button(call, 'hold', msg('Hold'));
    return html`${toggle} ${this.button(call, 'hangup', msg('Hang up'), 'danger')}`;
  }

  private renderCall(call: CallSnapshot, current: boolean): TemplateResult {
    const party = partyOf(call.remote, this.phone.value?.contacts);
    const number = party.number;
    const elapsed = call.state === CallState.Established && call.startedAt !== undefined ? formatDuration(this.clock.now() - call.startedAt) : '';
    return html`<li part="call" class=${current ? 'call current' : 'call'} aria-current=${current ? 'true' : nothing} data-call-id=${call.id}>
      <div class="who">
        <span part="name" class="name" id=${`name-${call.id}`}>${partyName(party)}</span>
        ${number ? html`<span part="number" class="number">${number}</span>` : nothing}
      </div>
      <span part="state" class="state">${this.stateText(call)}</span>
      ${elapsed ? html`<span part="timer" class="timer" role="timer">${elapsed}</span>` : nothing}
      <div class="row-actions">${this.callActions(call)}</div>
    </li>`;
  }

  private when(time: number): string {
    const date = new Date(time);
    const today = new Date().toDateString() === date.toDateString();
    try {
      return new Intl.DateTimeFormat(getLocale(), today ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    } catch {
      return date.toLocaleString();
    }
  }

  private renderRecent(entry: RecentCall): TemplateResult {
    const { kind, label, icon } = recentKind(entry);
    const { name, number } = partyOf(entry, this.phone.value?.contacts);
    const duration = entry.startedAt === undefined ? '' : formatDuration(entry.endedAt - entry.startedAt);
    const id = `recent-${entry.id}`;
    return html`<li part="recent-item" class=${`recent ${kind}`} data-call-id=${entry.id} data-kind=${kind}>
      <span class="kind">${icon}<span>${label}</span></span>
      <div class="who">
        <span part="name" class="name" id=${id}>${name}</span>
        ${number ? html`<span part="number" class="number">${number}</span>` : nothing}
      </div>
      <span class="when">${this.when(entry.createdAt)}${duration ? html` · <span>${duration}</span>` : nothing}</span>
      <button
        part="button"
        class="btn small"
        type="button"
        data-action="call-back"
        aria-describedby=${id}
        ?disabled=${!this.phone.connected}
        @click=${() => void this.callBack(entry)}
      >
        ${icons.phone}<span>${msg('Call back')}</span>
      </button>
    </li>`;
  }

  protected override render(): unknown {
    if (!this.phone.present) {
      return html`<div part="base" class="base"><p part="notice" class="notice" role="status">${msg('Not connected to a phone.')}</p></div>`;
    }
    const snapshot = this.phone.snapshot;
    const calls = snapshot?.calls ?? [];
    const recent = this.hideRecent ? [] : this.recent;
    return html`<div part="base" class="base">
      <section aria-labelledby="active-heading">
        <h2 part="heading" id="active-heading" class="heading">${msg('Calls')}</h2>
        ${
          calls.length === 0
            ? html`<p part="empty" class="notice">${msg('No calls in progress.')}</p>`
            : html`<ul part="active-list" class="list">
                ${calls.map((call) => this.renderCall(call, call.id === snapshot?.currentCallId))}
              </ul>`
        }
      </section>
      ${
        this.hideRecent
          ? nothing
          : html`<section aria-labelledby="recent-heading">
              <div class="section-head">
                <h2 part="heading" id="recent-heading" class="heading">${msg('Recent calls')}</h2>
                ${
                  recent.length
                    ? html`<button part="button clear-button" class="btn small" type="button" data-action="clear-recent" @click=${() => this.clearRecent()}>
                        ${msg('Clear')}
                      </button>`
                    : nothing
                }
              </div>
              ${
                recent.length === 0
                  ? html`<p part="empty" class="notice">${msg('No recent calls.')}</p>`
                  : html`<ul part="recent-list" class="list">
                      ${recent.map((entry) => this.renderRecent(entry))}
                    </ul>`
              }
            </section>`
      }
    </div>`;
  }
}

/**
 * How a logged call is marked: an icon and a word, never colour alone (WCAG 1.4.1). Missed,
 * declined and failed calls stand apart from the calls that were answered.
 */
function recentKind(entry: RecentCall): { kind: 'missed' | 'declined' | 'failed' | 'answered' | 'cancelled'; label: string; icon: TemplateResult } {
  const inbound = entry.direction === CallDirection.Inbound;
  if (isMissed(entry)) return { kind: 'missed', label: msg('Missed'), icon: icons.missed };
  if (entry.startedAt !== undefined || entry.endReason === CallEndReason.AnsweredElsewhere) {
    const label = entry.endReason === CallEndReason.AnsweredElsewhere ? msg('Answered elsewhere') : inbound ? msg('Incoming') : msg('Outgoing');
    return { kind: 'answered', label, icon: inbound ? icons.incoming : icons.outgoing };
  }
  switch (entry.endReason) {
    case CallEndReason.Declined:
    case CallEndReason.RemoteDeclined:
      return { kind: 'declined', label: msg('Declined'), icon: icons.declined };
    case CallEndReason.Busy:
      return { kind: 'declined', label: msg('Busy'), icon: icons.declined };
    case CallEndReason.NotFound:
      return { kind: 'failed', label: msg('Not found'), icon: icons.failed };
    case CallEndReason.Timeout:
      return { kind: 'failed', label: msg('No answer'), icon: icons.failed };
    case CallEndReason.Failed:
      return { kind: 'failed', label: msg('Failed'), icon: icons.failed };
    default:
      return { kind: 'cancelled', label: msg('Cancelled'), icon: icons.outgoing };
  }
}
