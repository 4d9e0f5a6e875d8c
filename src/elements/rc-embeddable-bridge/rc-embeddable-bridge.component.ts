import { nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { authContext } from '../../context/auth-context.js';
import type { PhoneCommands } from '../../context/phone-context.js';
import { LateContextConsumer } from '../../controllers/late-context-consumer.js';
import { commandArguments, type PhoneCommand } from '../../core/commands.js';
import { ErrorCode, PhoneError } from '../../core/errors.js';
import type { PhoneSnapshot } from '../../core/phone.js';
import { RegistrationState } from '../../core/states.js';
import type { RcRequestCallActionDetail } from '../../events/rc-request-call-action.js';
import type { RcRequestDialDetail } from '../../events/rc-request-dial.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import {
  callNotifications,
  controlCommand,
  defaultCallId,
  loginStatus,
  parseAdapterMessage,
  phoneTelephonyStatus,
  presence,
  requestedAction,
  sessionsSync,
  type AdapterMessage,
  type Notification,
  type TelephonyStatus,
} from './rc-embeddable-bridge.messages.js';
import { styles } from './rc-embeddable-bridge.styles.js';

/** Where notifications go: a window (the parent frame, the opener) or anything with its `postMessage`. */
export type MessageTarget = Pick<Window, 'postMessage'>;

/** `value` is an origin as `MessageEvent.origin` writes it (`https://crm.example.com`, no path, no `*`). */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/**
 * Lets a page written for RingCentral Embeddable drive the kit's phone with the same window
 * messages: it carries out `rc-adapter-new-call`, `rc-adapter-control-call`,
 * `rc-adapter-logout` and `rc-adapter-webphone-sessions-sync` from the allowed origins, and
 * posts Embeddable's notifications (`rc-call-ring-notify`, `rc-call-init-notify`,
 * `rc-call-start-notify`, `rc-call-hold-notify`, `rc-call-resume-notify`,
 * `rc-call-mute-notify`, `rc-call-end-notify`, `rc-active-call-notify`,
 * `rc-webphone-sessions-sync`, `rc-login-status-notify`, `rc-adapter-syncPresence`) with
 * Embeddable's field names to the parent frame (the phone page is the iframe the
 * integration embeds), else to the window that opened it. Put it inside
 * `<rc-phone-provider>`; it shows nothing. Not part of `define.js` or the CDN file: import
 * `rc-phone-kit/rc-embeddable-bridge.js` where it is wanted. The mapping, and what is not
 * supported, is in docs/guides/coming-from-embeddable.md.
 *
 * Messages from any other origin, or from another window than the one notifications go to,
 * are ignored; notifications are posted with each allowed origin as `targetOrigin`, so the
 * browser hands them only to a window of one of them.
 * Commands go through the same cancelable `rc-request-dial`, `rc-request-call-action` and
 * `rc-request-logout` events the elements fire, so a page can veto or rewrite them.
 *
 * @tagname rc-embeddable-bridge
 * @summary RingCentral Embeddable's `postMessage` API on the kit's phone, for allowed origins.
 *
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - A message from an allowed origin was malformed (`invalid-message`), named no call that exists (`invalid-state`), or `allowed-origins` lists something that is not an origin (`invalid-configuration`).
 * @event {{ target: string, input: string, headers?: string[], dtmf?: DtmfMethod }} rc-request-dial - Before `rc-adapter-new-call` places its call. Cancelable; `target` may be rewritten.
 * @event {{ callId: string, action: RcCallAction, target?: string }} rc-request-call-action - Before `rc-adapter-control-call` acts on a call. Cancelable.
 * @event {{}} rc-request-logout - Before `rc-adapter-logout` signs out. Cancelable.
 */
export class RcEmbeddableBridge extends RcPhoneElement {
  static override styles = styles;

  /**
   * The origins whose messages are carried out and to which notifications are posted,
   * exact (`https://crm.example.com`), separated by spaces. `*` is refused: any page could
   * then place calls with this phone.
   */
  @property({ attribute: 'allowed-origins' }) allowedOrigins = '';

  /** Where notifications go; default the parent frame when this page is framed, else `window.opener`. */
  @property({ attribute: false }) target: MessageTarget | undefined;

  private readonly auth = new LateContextConsumer(this, { context: authContext, callback: () => this.syncLogin() });
  /** What was last posted, so that only changes are (as Embeddable does). */
  private loggedIn: boolean | undefined;
  private telephony: TelephonyStatus | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.onMessage);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('message', this.onMessage);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!changed.has('allowedOrigins')) return;
    const refused = this.listedOrigins().filter((entry) => !isOrigin(entry));
    if (refused.length > 0)
      this.reportError(ErrorCode.InvalidConfiguration, `allowed-origins takes exact origins such as https://crm.example.com; ignored: ${refused.join(' ')}`);
  }

  private listedOrigins(): string[] {
    return this.allowedOrigins.split(/[\s,]+/).filter(Boolean);
  }

  /** The allowed origins (read each time: the phone's first snapshot may come before the first update). */
  private get origins(): readonly string[] {
    return this.listedOrigins().filter(isOrigin);
  }

  protected override render(): typeof nothing {
    return nothing;
  }

  protected override phoneChanged(snapshot: PhoneSnapshot | undefined, previous: PhoneSnapshot | undefined): void {
    if (!snapshot) return;
    for (const notification of callNotifications(previous, snapshot, Date.now())) this.post(notification);
    const status = phoneTelephonyStatus(snapshot);
    if (status !== this.telephony) {
      this.telephony = status;
      this.post(presence(status));
    }
    this.syncLogin();
  }

  /** Signed in (a provider with a sign-in) or registered (plain SIP, app tokens): Embeddable's `loggedIn`. */
  private syncLogin(): void {
    const snapshot = this.phone.snapshot;
    if (!snapshot) return;
    const auth = this.auth.value?.snapshot;
    const loggedIn = auth?.provider ? auth.status === 'signed-in' : snapshot.registration === RegistrationState.Registered;
    if (loggedIn === this.loggedIn) return;
    this.loggedIn = loggedIn;
    this.post(loginStatus(loggedIn, snapshot));
  }

  /** The window (or other target) the phone's counterpart is: the parent frame when framed, else the opener. */
  private counterpart(): MessageTarget | null {
    return this.target ?? (window.parent !== window ? window.parent : (window.opener as Window | null));
  }

  private post(notification: Notification): void {
    const target = this.counterpart();
    if (!target) return;
    // One post per allowed origin: the browser delivers only the one whose origin is the target's.
    for (const origin of this.origins) target.postMessage(notification, origin);
  }

  private readonly onMessage = (event: MessageEvent): void => {
    // Exact origins only (HTML §9.3.3: check `origin` before trusting a message), and from the
    // window notifications go to: another frame or popup of an allowed origin (an ad, a widget
    // on the CRM's domain) does not get to place calls.
    if (!this.origins.includes(event.origin)) return;
    const counterpart = this.counterpart();
    if (counterpart instanceof Window && event.source !== counterpart) return;
    const message = parseAdapterMessage(event.data);
    if (message instanceof PhoneError) this.emit('rc-error', { code: message.code, error: message, callId: undefined });
    else if (message) void this.carryOut(message);
  };

  /** Carries out a command message; failures reach the page as `rc-error` (commands never reject). */
  private async carryOut(message: AdapterMessage): Promise<void> {
    const commands = this.phone.commands;
    const snapshot = this.phone.snapshot;
    if (!commands || !snapshot) {
      this.reportError(ErrorCode.InvalidState, `${message.type}: no phone; put <rc-embeddable-bridge> inside <rc-phone-provider>.`);
      return;
    }
    switch (message.type) {
      case 'rc-adapter-new-call': {
        // Without toCall Embeddable only fills its dial pad; the bridge has none to fill.
        if (!message.toCall) return;
        const detail: RcRequestDialDetail = { target: message.phoneNumber, input: message.phoneNumber };
        if (this.emit('rc-request-dial', detail, { cancelable: true }))
          await commands.call(String(detail.target), { headers: detail.headers, dtmf: detail.dtmf });
        return;
      }
      case 'rc-adapter-control-call': {
        const callId = message.callId ?? defaultCallId(message.callAction, snapshot);
        if (callId === undefined) {
          this.reportError(ErrorCode.InvalidState, `rc-adapter-control-call: there is no call to ${message.callAction}.`);
          return;
        }
        const action = requestedAction(message.callAction);
        const detail: RcRequestCallActionDetail | undefined = action && { callId, action, ...(message.argument !== undefined && { target: message.argument }) };
        if (detail && !this.emit('rc-request-call-action', detail, { cancelable: true })) return;
        await run(commands, controlCommand(message.callAction, callId, detail?.target ?? message.argument));
        return;
      }
      case 'rc-adapter-logout': {
        if (!this.emit('rc-request-logout', {}, { cancelable: true })) return;
        const auth = this.auth.value;
        // A provider with a sign-in signs out; a plain SIP phone stops taking calls (unregisters).
        await (auth?.snapshot.provider ? auth.commands.logout() : commands.unregister());
        return;
      }
      case 'rc-adapter-webphone-sessions-sync':
        this.post(sessionsSync(snapshot));
        return;
      default:
        return message satisfies never;
    }
  }
}

/** Runs `command` through the context's method of its name (which reports its own failures). */
function run(commands: PhoneCommands, command: PhoneCommand): Promise<unknown> {
  const method = commands[command.name] as (...args: unknown[]) => Promise<unknown>;
  return method(...commandArguments(command));
}
