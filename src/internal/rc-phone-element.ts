import { property } from 'lit/decorators.js';
import { PhoneController } from '../controllers/phone-controller.js';
import { PhoneError, type ErrorCode } from '../core/errors.js';
import { RcElement } from './rc-element.js';

/**
 * Base of the elements that use a phone from context (dialpad, call controls…): the
 * {@link PhoneController}, the `theme` attribute, and error reporting in the provider's
 * shape. Elements stay usable without a provider: they render a disabled state.
 */
export class RcPhoneElement extends RcElement {
  /**
   * Pins the colour theme of this element and everything inside it: `light` or `dark`.
   * Unset, it follows the page's `--rc-*` tokens, else the system's `prefers-color-scheme`.
   */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;

  /** The phone of the nearest provider. */
  protected readonly phone = new PhoneController(this, (value, previous) => this.phoneChanged(value?.snapshot, previous?.snapshot));

  /** Called on every new snapshot (and with `undefined` when the provider goes away). */
  protected phoneChanged(_snapshot: PhoneController['snapshot'], _previous: PhoneController['snapshot']): void {}

  /** Reports a problem found by the element itself (bad input…) as an `rc-error`. */
  protected reportError(code: ErrorCode, message: string, callId?: string): PhoneError {
    const error = new PhoneError(code, { message });
    this.emit('rc-error', { code, error, callId });
    return error;
  }
}
