import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { devicePreferences } from '../../services/device-preferences.js';
import { dtmfTones, normaliseDialString, type DialStringProblem } from '../../services/dial-string.js';
import { tonePlayer, type TonePlayer } from '../../services/tone-player.js';
import type { CallSnapshot } from '../../core/call.js';
import { ErrorCode } from '../../core/errors.js';
import { CallState, ConnectionState } from '../../core/states.js';
import { icons } from '../../themes/icons.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { styles } from './rc-dialpad.styles.js';
import type { RcRequestDialDetail } from '../../events/rc-request-dial.js';

/** The twelve keys with their letters (ITU E.161). */
export const DIALPAD_KEYS: readonly { readonly key: string; readonly letters: string }[] = [
  { key: '1', letters: '' },
  { key: '2', letters: 'ABC' },
  { key: '3', letters: 'DEF' },
  { key: '4', letters: 'GHI' },
  { key: '5', letters: 'JKL' },
  { key: '6', letters: 'MNO' },
  { key: '7', letters: 'PQRS' },
  { key: '8', letters: 'TUV' },
  { key: '9', letters: 'WXYZ' },
  { key: '*', letters: '' },
  { key: '0', letters: '+' },
  { key: '#', letters: '' },
];

const KEY_CHARS = /^[0-9*#]$/;
/** Holding 0 this long types "+" (as on mobile phones). */
const LONG_PRESS_MS = 600;

/** How the keys act: dial a number, send DTMF to a call, or pick by the call state. */
export type DialpadMode = 'auto' | 'dial' | 'dtmf';

/**
 * A telephone keypad: twelve keys with letters, an editable number field, a call button and
 * backspace. Type, click or paste a number, a user name or a `tel:`/`sip:` link (pasted
 * numbers are normalised, national ones to E.164 with `default-country`). During a call the
 * keys send DTMF tones and play them locally.
 *
 * Keyboard: digits, `*`, `#` and `+` press keys wherever the focus is inside the dialpad;
 * Enter calls; Backspace deletes; Escape clears the field.
 *
 * @tagname rc-dialpad
 * @summary Dial a number, or send keypad tones during a call.
 *
 * @event {{ target: string, input: string, headers?: string[], dtmf?: 'rfc4733' | 'info' }} rc-request-dial - Before a call is placed. Cancelable; `detail.target` may be rewritten, `headers` and `dtmf` set.
 * @event {{ callId: string, tones: string }} rc-dtmf - Keypad tones were sent on a call.
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - The input cannot be dialled (`invalid-target`).
 *
 * @csspart base - The wrapper of everything.
 * @csspart notice - Says why the dialpad is disabled (no phone, not connected).
 * @csspart display - The row with the number field and backspace.
 * @csspart input - The number field.
 * @csspart backspace - The delete-last-character button.
 * @csspart message - The inline error message.
 * @csspart keys - The grid of keys.
 * @csspart key - Each key.
 * @csspart digit - The digit of a key.
 * @csspart letters - The letters under a digit.
 * @csspart call-button - The call button.
 * @csspart icon - The icons.
 *
 * @cssproperty --rc-dialpad-key-size - Width and height of a key. Default 3.75rem.
 * @cssproperty --rc-dialpad-key-background - Key fill. Default `--rc-color-surface-raised`.
 * @cssproperty --rc-dialpad-key-color - Key text. Default `--rc-color-on-surface`.
 * @cssproperty --rc-dialpad-gap - Space between keys. Default 0.75rem.
 * @cssproperty --rc-dialpad-input-font-size - Size of the number. Default `--rc-font-size-large`.
 */
@localized()
export class RcDialpad extends RcPhoneElement {
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = [themeStyles, buttonStyles, styles];

  /** The number field's text. */
  @property() value = '';

  /** ISO 3166 country for national numbers, e.g. `US`: "(650) 422-3279" dials +16504223279. */
  @property({ attribute: 'default-country' }) defaultCountry = '';

  /** `dial` places calls, `dtmf` sends tones to the call, `auto` (default) sends tones while a call is connected. */
  @property({ reflect: true }) mode: DialpadMode = 'auto';

  /** The call tones go to; default the phone's current call. */
  @property({ attribute: 'call-id' }) callId = '';

  /** Disables the whole dialpad. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** No local key tones. */
  @property({ type: Boolean, reflect: true }) silent = false;

  /** Where local key tones play (default: the page's shared player). */
  @property({ attribute: false }) tonePlayer: TonePlayer | undefined;

  @state() private problem: DialStringProblem | undefined;
  @state() private sent = '';
  @state() private pressed: string | undefined;
  @state() private busy = false;

  @query('input') private field!: HTMLInputElement;

  private longPress: ReturnType<typeof setTimeout> | undefined;
  private longPressed = false;
  private sentFor: string | undefined;

  /** The call the keys send tones to, when they do. */
  get dtmfCall(): CallSnapshot | undefined {
    if (this.mode === 'dial') return undefined;
    const call = this.phone.call(this.callId);
    return call?.state === CallState.Established && !call.held ? call : undefined;
  }

  /** Whether the keys send tones (true in `dtmf` mode even before the call connects). */
  get sendsTones(): boolean {
    return this.mode === 'dtmf' || this.dtmfCall !== undefined;
  }

  /** Presses a key: types it, or sends it as a tone during a call. */
  pressKey(key: string): void {
    if (this.isDisabled) return;
    if (this.sendsTones) {
      void this.sendTones(key);
      return;
    }
    this.insert(key);
  }

  /** Deletes the last character. */
  backspace(): void {
    if (this.isDisabled || this.sendsTones) return;
    this.setValue(this.value.slice(0, -1));
  }

  /** Empties the field. */
  clear(): void {
    this.setValue('');
  }

  /**
   * Calls what the field holds: validates and normalises it, fires the cancelable
   * `rc-request-dial`, then asks the phone. Resolves with the new call's id, or undefined.
   * Never rejects.
   */
  async dial(): Promise<string | undefined> {
    if (this.isDisabled || this.sendsTones || this.busy) return undefined;
    const typed = this.value;
    this.busy = true;
    try {
      const result = await normaliseDialString(typed, this.defaultCountry || undefined);
      if (!result.ok) {
        this.problem = result.problem;
        this.reportError(ErrorCode.InvalidTarget, this.problemText(result.problem));
        return undefined;
      }
      const detail: RcRequestDialDetail = { target: result.target, input: typed };
      if (!this.emit('rc-request-dial', detail, { cancelable: true })) return undefined;
      const target = typeof detail.target === 'string' ? detail.target.trim() : '';
      const commands = this.phone.commands;
      if (!target || !commands) {
        this.problem = 'invalid';
        this.reportError(ErrorCode.InvalidTarget, this.problemText('invalid'));
        return undefined;
      }
      const id = await commands.call(target, { headers: detail.headers, dtmf: detail.dtmf });
      if (id !== undefined) this.setValue('');
      return id;
    } finally {
      this.busy = false;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value')) this.problem = undefined;
    // A new call starts a new tone history.
    const call = this.dtmfCall;
    if (call?.id !== this.sentFor && call !== undefined) {
      this.sentFor = call.id;
      this.sent = '';
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.longPress);
  }

  private get isDisabled(): boolean {
    return this.disabled || !this.phone.present;
  }

  private get player(): TonePlayer {
    return this.tonePlayer ?? tonePlayer();
  }

  private setValue(value: string): void {
    this.value = value;
  }

  private insert(text: string): void {
    const field = this.field;
    // Typing into the field with a caret inserts there; keys elsewhere append.
    if (field && this.shadowRoot?.activeElement === field && field.selectionStart !== null) {
      field.setRangeText(text, field.selectionStart, field.selectionEnd ?? field.selectionStart, 'end');
      this.setValue(field.value);
    } else {
      this.setValue(this.value + text);
    }
  }

  private async sendTones(tones: string): Promise<void> {
    const call = this.dtmfCall;
    const commands = this.phone.commands;
    if (!call || !commands || !tones) return;
    if (!this.silent) for (const tone of tones) this.player.dtmf(tone, devicePreferences().get().speaker);
    this.sent += tones;
    if (await commands.sendDtmf(call.id, tones)) this.emit('rc-dtmf', { callId: call.id, tones });
  }

  private problemText(problem: DialStringProblem): string {
    switch (problem) {
      case 'empty':
        return msg('Enter a number or address to call.');
      case 'too-long':
        return msg('That is too long to be a number or address.');
      case 'invalid':
        return msg('That is not a number or address that can be called.');
    }
  }

  private readonly onInput = (event: Event): void => {
    this.setValue((event.target as HTMLInputElement).value);
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    if (event.ctrlKey || event.metaKey || event.altKey || this.isDisabled) return;
    const inField = event.composedPath()[0] === this.field;
    const { key } = event;
    if (key === 'Enter' && !this.sendsTones && (inField || !(event.composedPath()[0] instanceof HTMLButtonElement))) {
      event.preventDefault();
      void this.dial();
      return;
    }
    if (key === 'Escape' && !this.sendsTones && this.value) {
      event.preventDefault();
      this.clear();
      return;
    }
    // In the field, typing is native (it also takes letters and sip: addresses).
    if (inField && !this.sendsTones) return;
    if (KEY_CHARS.test(key) || (key === '+' && !this.sendsTones)) {
      event.preventDefault();
      this.flash(key === '+' ? '0' : key);
      this.pressKey(key);
    } else if (key === 'Backspace' && !this.sendsTones) {
      event.preventDefault();
      this.backspace();
    }
  };

  private readonly onPaste = (event: ClipboardEvent): void => {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (this.isDisabled || !text) return;
    event.preventDefault();
    if (this.sendsTones) {
      void this.sendTones(dtmfTones(text));
      return;
    }
    void normaliseDialString(text, this.defaultCountry || undefined).then((result) => {
      if (result.ok) {
        this.insert(result.target);
        return;
      }
      this.insert(text.trim());
      // Set after insert (a new value clears the message).
      void this.updateComplete.then(() => {
        this.problem = result.problem;
        this.reportError(ErrorCode.InvalidTarget, this.problemText(result.problem));
      });
    });
  };

  /** Shows a key as pressed for a moment when it was typed on the keyboard. */
  private flash(key: string): void {
    this.pressed = key;
    setTimeout(() => {
      if (this.pressed === key) this.pressed = undefined;
    }, 150);
  }

  private readonly onKeyPointerDown = (event: PointerEvent): void => {
    const key = (event.currentTarget as HTMLElement).dataset['key'];
    this.longPressed = false;
    clearTimeout(this.longPress);
    if (key !== '0' || this.sendsTones) return;
    this.longPress = setTimeout(() => {
      this.longPressed = true;
      this.insert('+');
    }, LONG_PRESS_MS);
  };

  private readonly onKeyPointerUp = (): void => {
    clearTimeout(this.longPress);
  };

  private readonly onKeyClick = (event: MouseEvent): void => {
    // The long press already typed "+".
    if (this.longPressed) {
      this.longPressed = false;
      return;
    }
    const key = (event.currentTarget as HTMLElement).dataset['key'];
    if (key) this.pressKey(key);
  };

  /** Names for the symbol keys; digit keys are named by their digit (the letters are decoration). */
  private keyLabel(key: string): string | undefined {
    if (key === '*') return msg('Star');
    if (key === '#') return msg('Pound');
    return undefined;
  }

  private notice(): string | undefined {
    if (!this.phone.present) return msg('Not connected to a phone.');
    if (this.mode === 'dtmf' && !this.dtmfCall) return msg('Keypad tones can be sent once the call is connected.');
    if (this.sendsTones) return undefined;
    switch (this.phone.snapshot?.connection) {
      case ConnectionState.Connecting:
      case ConnectionState.Reconnecting:
        return msg('Connecting to the phone server…');
      case ConnectionState.Disconnected:
        return msg('The phone is offline.');
      default:
        return undefined;
    }
  }

  protected override render(): unknown {
    const disabled = this.isDisabled;
    const tones = this.sendsTones;
    const keysDisabled = disabled || (tones && !this.dtmfCall);
    const canCall = !disabled && !tones && !this.busy && this.phone.connected && this.value.trim() !== '';
    const notice = this.notice();
    const message = this.problem ? this.problemText(this.problem) : '';
    return html`
      <div part="base" class="base" @keydown=${this.onKeydown} @paste=${this.onPaste}>
        ${notice ? html`<p part="notice" class="notice" role="status">${notice}</p>` : nothing}
        <div part="display" class="display">
          <label for="number" class="visually-hidden">${tones ? msg('Tones sent') : msg('Number or address')}</label>
          <input
            id="number"
            part="input"
            type="tel"
            autocomplete="off"
            spellcheck="false"
            placeholder=${tones ? '' : msg('Enter a number')}
            .value=${live(tones ? this.sent : this.value)}
            ?readonly=${tones}
            ?disabled=${disabled}
            aria-invalid=${message ? 'true' : 'false'}
            aria-describedby="message"
            @input=${this.onInput}
          />
          ${
            tones
              ? nothing
              : html`<button
                  part="backspace"
                  class="backspace"
                  type="button"
                  aria-label=${msg('Delete last character')}
                  ?disabled=${disabled || !this.value}
                  @click=${() => this.backspace()}
                >
                  ${icons.backspace}
                </button>`
          }
        </div>
        <p id="message" part="message" class="error" role="alert">${message}</p>
        <div part="keys" class="keys" role="group" aria-label=${msg('Keypad')}>
          ${DIALPAD_KEYS.map(
            ({ key, letters }) =>
              html`<button
                part="key"
                class=${this.pressed === key ? 'key pressed' : 'key'}
                type="button"
                data-key=${key}
                aria-label=${this.keyLabel(key) ?? nothing}
                ?disabled=${keysDisabled}
                @pointerdown=${this.onKeyPointerDown}
                @pointerup=${this.onKeyPointerUp}
                @pointerleave=${this.onKeyPointerUp}
                @click=${this.onKeyClick}
              >
                <span part="digit" class="digit">${key}</span>
                <span part="letters" class="letters" aria-hidden="true">${letters}</span>
              </button>`,
          )}
        </div>
        ${
          tones
            ? nothing
            : html`<button part="call-button" class="btn success call" type="button" ?disabled=${!canCall} @click=${() => void this.dial()}>
                ${icons.phone}<span>${msg('Call')}</span>
              </button>`
        }
      </div>
    `;
  }
}
