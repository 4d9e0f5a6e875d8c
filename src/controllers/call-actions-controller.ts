import { msg, str } from '@lit/localize';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CallSnapshot } from '../core/call.js';
import type { RcCallAction, RcRequestCallActionDetail } from '../events/rc-request-call-action.js';
import { normaliseDialString } from '../services/dial-string.js';
import type { PhoneController } from './phone-controller.js';

/** A warm transfer in progress: `originalId` waits on hold while the user talks on `consultId`. */
export interface Consultation {
  readonly originalId: string;
  readonly consultId: string;
}

/** The capability each provider-specific action needs. */
export const PROVIDER_ACTIONS: Partial<Record<RcCallAction, string>> = {
  record: 'record',
  'stop-record': 'record',
  park: 'park',
  flip: 'flip',
  forward: 'forward',
  voicemail: 'voicemail',
  reply: 'reply',
};

export interface CallActionsHost {
  readonly phone: PhoneController;
  /** ISO 3166 country for national targets. */
  defaultCountry(): string;
  /** Fires the cancelable `rc-request-call-action`; false when a listener vetoed. */
  requestAction(detail: RcRequestCallActionDetail): boolean;
  /** Reports bad input (an invalid target) as `rc-error`. */
  invalidInput(message: string, callId: string): void;
}

/**
 * What a user can do to a call, shared by the call controls, the incoming-call banner and
 * the call list: validate the input an action needs, fire the cancelable
 * `rc-request-call-action`, run the phone command, and keep the little state the phone
 * does not (a warm transfer in progress, the last outcome note).
 */
export class CallActionsController implements ReactiveController {
  /** An action is running; buttons are disabled meanwhile. */
  pending = false;
  /** Why the last input was refused ('' when it was not). */
  problem = '';
  /** What the last provider action did ("Parked at 813."), for the live region. */
  note = '';
  consultation: Consultation | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly actions: CallActionsHost,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    // A consultation ends with either of its calls.
    const consultation = this.consultation;
    if (!consultation) return;
    const calls = this.actions.phone.snapshot?.calls ?? [];
    if (!calls.some((c) => c.id === consultation.originalId) || !calls.some((c) => c.id === consultation.consultId)) this.consultation = undefined;
  }

  /** Clears the input problem and the outcome note (another call is shown). */
  reset(): void {
    this.problem = '';
    this.note = '';
  }

  /**
   * Asks for `action` on `call`. `target` is needed by transfer, consult, flip and forward,
   * `message` by reply. Resolves true when the phone did it; never rejects.
   */
  async request(call: CallSnapshot, action: RcCallAction, options: { target?: string; message?: string } = {}): Promise<boolean> {
    const { phone } = this.actions;
    if (!phone.commands || this.pending) return false;
    this.problem = '';
    const inputs = await this.inputs(call, action, options);
    if (!inputs) {
      this.host.requestUpdate();
      return false;
    }
    const detail: RcRequestCallActionDetail = { callId: call.id, action, ...inputs };
    if (!this.actions.requestAction(detail)) return false;
    this.pending = true;
    this.host.requestUpdate();
    try {
      return await this.perform(call, detail);
    } finally {
      this.pending = false;
      this.host.requestUpdate();
    }
  }

  /** Validates what an action needs; undefined when the input is refused (see `problem`). */
  private async inputs(
    call: CallSnapshot,
    action: RcCallAction,
    options: { target?: string; message?: string },
  ): Promise<Partial<RcRequestCallActionDetail> | undefined> {
    switch (action) {
      case 'transfer':
      case 'consult':
      case 'flip':
      case 'forward': {
        const result = await normaliseDialString(options.target ?? '', this.actions.defaultCountry() || undefined);
        if (result.ok) return { target: result.target };
        this.problem = result.problem === 'empty' ? msg('Enter a number or address.') : msg('That is not a number or address that can be called.');
        this.actions.invalidInput(this.problem, call.id);
        return undefined;
      }
      case 'reply': {
        const message = (options.message ?? '').trim();
        if (message) return { message };
        this.problem = msg('Write a message to send.');
        return undefined;
      }
      case 'complete-transfer':
      case 'cancel-transfer':
        return this.consultation ? { consultCallId: this.consultation.consultId } : undefined;
      default:
        return {};
    }
  }

  private async perform(call: CallSnapshot, detail: RcRequestCallActionDetail): Promise<boolean> {
    const commands = this.actions.phone.commands;
    if (!commands) return false;
    const id = call.id;
    // A listener may have rewritten the target; only a string is usable.
    const target = typeof detail.target === 'string' ? detail.target : '';
    switch (detail.action) {
      case 'answer':
        return commands.answer(id);
      case 'decline':
        return commands.decline(id);
      case 'hangup':
        return commands.hangup(id);
      case 'hold':
        return commands.hold(id);
      case 'unhold':
        return commands.unhold(id);
      case 'mute':
        return commands.mute(id);
      case 'unmute':
        return commands.unmute(id);
      case 'cancel-auto-answer':
        return commands.cancelAutoAnswer(id);
      case 'transfer':
        return commands.transfer(id, target);
      case 'consult': {
        // The phone puts this call on hold before the new one goes out.
        const consultId = await commands.call(target);
        if (consultId === undefined) return false;
        this.consultation = { originalId: id, consultId };
        return true;
      }
      case 'complete-transfer': {
        const consultation = this.consultation;
        if (!consultation) return false;
        const ok = await commands.transfer(consultation.originalId, { callId: consultation.consultId });
        if (ok) this.consultation = undefined;
        return ok;
      }
      case 'cancel-transfer': {
        const consultation = this.consultation;
        if (!consultation) return false;
        this.consultation = undefined;
        await commands.hangup(consultation.consultId);
        return commands.unhold(consultation.originalId);
      }
      default:
        return this.providerAction(call, detail);
    }
  }

  private async providerAction(call: CallSnapshot, detail: RcRequestCallActionDetail): Promise<boolean> {
    const { phone } = this.actions;
    const capability = PROVIDER_ACTIONS[detail.action];
    if (!phone.commands || !capability || !phone.can(capability)) return false;
    const args: Record<string, unknown> = {};
    if (detail.action === 'record' || detail.action === 'stop-record') args['on'] = detail.action === 'record';
    if (detail.target !== undefined) args['target'] = detail.target;
    if (detail.message !== undefined) args['message'] = detail.message;
    const outcome = await phone.commands.providerAction(call.id, capability, args);
    if (!outcome) return false;
    this.note = outcomeNote(detail.action, outcome.result);
    return true;
  }
}

function outcomeNote(action: RcCallAction, result: unknown): string {
  switch (action) {
    case 'record':
      return msg('Recording started.');
    case 'stop-record':
      return msg('Recording stopped.');
    case 'park': {
      const location = typeof result === 'object' && result !== null ? (result as { location?: unknown }).location : undefined;
      return typeof location === 'string' || typeof location === 'number' ? msg(str`Parked at ${String(location)}.`) : msg('Call parked.');
    }
    case 'flip':
      return msg('Call flipped.');
    case 'forward':
      return msg('Call forwarded.');
    case 'voicemail':
      return msg('Sent to voicemail.');
    case 'reply':
      return msg('Message sent.');
    default:
      return '';
  }
}
