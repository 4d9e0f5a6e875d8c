import type { ResolveContact } from '../../context/phone-context.js';
import type { AutoAnswerPolicy } from '../../core/auto-answer.js';
import type { CallOptions } from '../../core/call-options.js';
import type { CommandResult, PhoneCommand } from '../../core/commands.js';
import { ErrorCode, PhoneError, toPhoneError } from '../../core/errors.js';
import type { PhoneSnapshot } from '../../core/phone.js';
import { CallDirection, CallState } from '../../core/states.js';
import { property } from 'lit/decorators.js';
import type { RcRequestDialDetail } from '../../events/rc-request-dial.js';
import { RcElement } from '../../internal/rc-element.js';
import type { PreflightOptions, PreflightReport } from '../../core/preflight/preflight.js';
import { runPreflight } from '../../core/preflight/run-preflight.js';
import { credentialsFromSettings, type CredentialSettings } from '../../providers/from-settings.js';
import { ClickToDial } from './rc-phone-provider.click-to-dial.js';
import { phoneOptionsFrom, type PhoneSettings } from './rc-phone-provider.settings.js';

/** The call commands that act on one call and answer nothing. */
type OnCall = 'answer' | 'decline' | 'hangup' | 'hold' | 'unhold' | 'mute' | 'unmute';

/**
 * The phone API of `<rc-phone-provider>` for page scripts: what a phone does, without any
 * other element, the same in every tab (a tab that follows another sends the command, as
 * plain data, to the tab that holds the phone; see `tab-sharing`).
 *
 * Unlike the elements' methods (which never reject and report to `rc-error`), these
 * resolve with a typed result or reject with a `PhoneError` (its `code`, and the SIP
 * `statusCode` when the far end refused), and fire no `rc-error` for what they reject:
 * the page that asked handles it. A call id left out means the current call (the one
 * talking, else the one being set up, else the ringing one); for `answer` and `decline`,
 * the oldest ringing incoming call.
 */
export abstract class RcPhoneScriptApi extends RcElement {
  /** The latest snapshot (the same object elements receive). */
  abstract get snapshot(): PhoneSnapshot;

  /** Carries out `command` where the phone lives; rejects with a `PhoneError`. @internal */
  protected abstract execute<C extends PhoneCommand>(command: C): Promise<CommandResult<C>>;

  /**
   * Click-to-dial: a click on a `tel:` or `sip:` link anywhere in the page (or Enter on the
   * focused link) calls it, through the cancelable `rc-request-dial` (whose listeners may
   * rewrite the target and set headers). Not for links inside editable content, clicks with
   * a modifier key, or clicks a page handler already took (`preventDefault()`). Set it on one
   * provider of the page.
   */
  @property({ type: Boolean, reflect: true, attribute: 'click-to-dial' }) clickToDial = false;

  /**
   * Caller lookup: the page's function from a call's number (or user, else its SIP URI) to
   * `{ name?, avatarUrl?, href? }` (or `undefined`), e.g. a CRM search. Every element that
   * shows the other party (`<rc-incoming-call>`, `<rc-call-controls>`, `<rc-call-list>`) shows
   * the name, picture and a link to the record. Asked once per number (answers are
   * remembered; setting another function forgets them); after 2 s without an answer the
   * number shows. Names are shown as text, pictures only from `http(s):`/`data:image/`, links
   * only to `http(s):`; a lookup that throws counts as "not found".
   */
  @property({ attribute: false }) resolveContact: ResolveContact | undefined;

  /**
   * Auto-answer (intercom, paging), opt-in: the page's function deciding, for each incoming
   * call that asks for it (`Call-Info: <…>;answer-after=N`, an intercom `Alert-Info` such as
   * `info=alert-autoanswer`, or `Answer-Mode: Auto`), whether it is answered by itself:
   * `(call, { after, header }) => boolean | Promise<boolean>`. When it says yes, the call is
   * answered after `after` seconds; meanwhile `<rc-incoming-call>` shows "Answering
   * automatically in N s" with a Cancel button and plays a short alert tone. Without a
   * policy (the default), or when it says no, throws or rejects, the call rings as usual.
   * Runs in the tab that holds the phone (see `tab-sharing`).
   */
  @property({ attribute: false }) autoAnswer: AutoAnswerPolicy | undefined;

  /**
   * Tests this computer and network with the provider's settings, before the first call:
   * microphone (permission and level), speaker (a tone), WebSocket and registration (by a
   * phone of its own, which unregisters after), ICE gathering with the configured STUN/TURN
   * servers, and, given an `echoTarget`, a short call to it that measures the audio coming
   * back. Resolves with a report of pass/warn/fail per check and what to do (docs/quality.md);
   * rejects only when the provider has no credentials to test (`invalid-configuration`).
   */
  async preflight(this: RcPhoneScriptApi & PhoneSettings & CredentialSettings, options: Omit<PreflightOptions, 'phone'> = {}): Promise<PreflightReport> {
    const credentials = credentialsFromSettings(this);
    if (credentials instanceof PhoneError) throw credentials;
    if (!credentials) throw new PhoneError(ErrorCode.InvalidConfiguration, { message: 'The provider has no credentials to test yet.' });
    return runPreflight({ ...options, phone: phoneOptionsFrom(this, credentials) });
  }

  /** Warm transfers started here: consultation call id → the call it consults about. */
  private readonly consultations = new Map<string, string>();

  /** @internal */
  protected readonly linkDialer = new ClickToDial(this, (target, href) => this.dialLink(target, href));

  /**
   * Calls `target` (a number, a user, or a `sip:` URI). `options.headers`: extra INVITE
   * headers (`Name: value`; no line breaks, none the phone writes itself, else
   * `invalid-header`); `options.dtmf`: `rfc4733` or `info` for this call. Resolves with the
   * new call's id once the INVITE is sent; how it goes is told by `rc-call-state-change`.
   */
  call(target: string, options: CallOptions = {}): Promise<string> {
    return this.send({ name: 'call', target, options: { headers: options.headers, dtmf: options.dtmf } });
  }

  /** Answers `callId` (default: the oldest ringing incoming call). */
  answer(callId?: string): Promise<void> {
    return this.onCall('answer', callId);
  }

  /** Declines `callId` (486 Busy Here; default: the oldest ringing incoming call). */
  decline(callId?: string): Promise<void> {
    return this.onCall('decline', callId);
  }

  /** Hangs up (or cancels) `callId` (default: the current call). */
  hangup(callId?: string): Promise<void> {
    return this.onCall('hangup', callId);
  }

  /** Puts `callId` on hold (default: the current call). */
  hold(callId?: string): Promise<void> {
    return this.onCall('hold', callId);
  }

  /** Takes `callId` off hold, holding any other answered call (default: the current call). */
  resume(callId?: string): Promise<void> {
    return this.onCall('unhold', callId);
  }

  /** Mutes the microphone on `callId` (default: the current call). */
  mute(callId?: string): Promise<void> {
    return this.onCall('mute', callId);
  }

  /** Unmutes the microphone on `callId` (default: the current call). */
  unmute(callId?: string): Promise<void> {
    return this.onCall('unmute', callId);
  }

  /** Sends DTMF `digits` (0-9, *, #, A-D) on `callId` (default: the current call), by the call's DTMF method. */
  async sendDtmf(digits: string, callId?: string): Promise<void> {
    await this.send({ name: 'sendDtmf', callId: this.callId(callId), tones: digits });
  }

  /** Blind transfer of `callId` (default: the current call) to `target`; the call ends once the far end accepts. */
  async transfer(target: string, callId?: string): Promise<void> {
    await this.send({ name: 'transfer', callId: this.callId(callId), target });
  }

  /**
   * Starts a warm (attended) transfer of `callId` (default: the current call): holds it and
   * calls `target`. Resolves with the consultation call's id; then `completeWarmTransfer()`
   * or `cancelWarmTransfer()`.
   */
  async startWarmTransfer(target: string, callId?: string): Promise<string> {
    const original = this.callId(callId);
    const consultId = await this.call(target);
    this.consultations.set(consultId, original);
    return consultId;
  }

  /** Connects the held party with the consultation call's party (REFER with Replaces, RFC 3891), and leaves both calls. */
  async completeWarmTransfer(consultCallId?: string): Promise<void> {
    const [consultId, original] = this.consultation(consultCallId);
    await this.send({ name: 'transfer', callId: original, target: { callId: consultId } });
    this.consultations.delete(consultId);
  }

  /** Hangs up the consultation call and resumes the held one. */
  async cancelWarmTransfer(consultCallId?: string): Promise<void> {
    const [consultId, original] = this.consultation(consultCallId);
    this.consultations.delete(consultId);
    await this.send({ name: 'hangup', callId: consultId });
    await this.send({ name: 'unhold', callId: original });
  }

  /** Registers with the SIP server (with `auto-register="false"`, or after `unregister()`). */
  async register(): Promise<void> {
    await this.send({ name: 'register' });
  }

  /** Un-REGISTERs: no calls come in; calls can still be placed. */
  async unregister(): Promise<void> {
    await this.send({ name: 'unregister' });
  }

  /**
   * Runs a provider call feature listed in `snapshot.capabilities` (RingCentral: 'record'
   * `{ on }`, 'park', 'flip' `{ target }`, 'forward' `{ target }`, 'voicemail', 'reply'
   * `{ message }`) on `callId` (default: the current call). Resolves with the provider's result.
   */
  async providerAction(action: string, args: Readonly<Record<string, unknown>> = {}, callId?: string): Promise<unknown> {
    return this.send({ name: 'providerAction', callId: this.callId(callId), action, args });
  }

  private dialLink(target: string, href: string): void {
    const detail: RcRequestDialDetail = { target, input: href };
    if (!this.emit('rc-request-dial', detail, { cancelable: true })) return;
    this.call(String(detail.target), { headers: detail.headers, dtmf: detail.dtmf }).catch((error: unknown) => {
      const problem = toPhoneError(error, ErrorCode.InvalidTarget);
      this.emit('rc-error', { code: problem.code, error: problem, callId: undefined });
    });
  }

  private async onCall(name: OnCall, callId: string | undefined): Promise<void> {
    const id = name === 'answer' || name === 'decline' ? (callId ?? this.ringingCallId()) : this.callId(callId);
    await this.send({ name, callId: id });
  }

  private async send<C extends PhoneCommand>(command: C): Promise<CommandResult<C>> {
    try {
      return await this.execute(command);
    } catch (error) {
      throw toPhoneError(error, ErrorCode.InvalidState);
    }
  }

  private callId(callId: string | undefined): string {
    const id = callId ?? this.snapshot.currentCallId;
    if (id === undefined) throw noCall('There is no call.');
    return id;
  }

  private ringingCallId(): string {
    const ringing = this.snapshot.calls.find((call) => call.direction === CallDirection.Inbound && call.state === CallState.Ringing);
    if (!ringing) throw noCall('No call is ringing.');
    return ringing.id;
  }

  /** The consultation `consultCallId` (default: the latest started here) and the call it is about. */
  private consultation(consultCallId: string | undefined): [string, string] {
    const live = new Set(this.snapshot.calls.map((call) => call.id));
    for (const [consult, original] of this.consultations) if (!live.has(consult) || !live.has(original)) this.consultations.delete(consult);
    const consultId = consultCallId ?? [...this.consultations.keys()].at(-1);
    const original = consultId === undefined ? undefined : this.consultations.get(consultId);
    if (consultId === undefined || original === undefined) throw noCall('No warm transfer is in progress.');
    return [consultId, original];
  }
}

const noCall = (message: string): PhoneError => new PhoneError(ErrorCode.InvalidState, { message });
