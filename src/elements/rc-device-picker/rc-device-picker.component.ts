import { localized, msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DEVICE_KINDS, devicePreferences, type DeviceKind } from '../../services/device-preferences.js';
import { DevicePreferencesController } from '../../controllers/device-preferences-controller.js';
import { MediaDevicesController, type AudioDevice, type MediaDevicesLike } from '../../controllers/media-devices-controller.js';
import { tonePlayer, type TonePlayer } from '../../services/tone-player.js';
import { ErrorCode, toPhoneError, type PhoneError } from '../../core/errors.js';
import type { PhoneSnapshot } from '../../core/phone.js';
import { ConnectionState } from '../../core/states.js';
import { icons } from '../../themes/icons.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { styles } from './rc-device-picker.styles.js';

/** Chromium's pseudo-devices that stand for "whatever the system uses": the '' option covers them. */
const PSEUDO_DEVICES = new Set(['default', 'communications']);

const canChooseOutput = (): boolean => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * Choose the microphone, the speaker for call audio and the ringer device. Devices are
 * listed with `enumerateDevices` (named once the page may use the microphone); the
 * speaker and ringer use `setSinkId` and say so where a browser cannot. Switching during a
 * call replaces the microphone track or moves the audio without dropping the call. When a
 * chosen device is unplugged the picker falls back to the system default and says so.
 * Choices are kept per origin and shared with `<rc-incoming-call>` (the ringer).
 *
 * @tagname rc-device-picker
 * @summary Microphone, speaker and ringer selection with a speaker test.
 *
 * @event change - A device was chosen (by the user, or as a fallback when one was unplugged). Read `microphone`, `speaker`, `ringer`.
 * @event {{ code: ErrorCode, error: PhoneError, callId?: string }} rc-error - The microphone could not be opened, or a test tone could not play.
 *
 * @csspart base - The wrapper.
 * @csspart notice - Why it is disabled, or what the browser cannot do.
 * @csspart field - Each label + select.
 * @csspart label - A select's label.
 * @csspart select - Each select.
 * @csspart test-button - The test tone buttons.
 * @csspart allow-button - Asks for microphone access to show device names.
 * @csspart message - Says when a device was unplugged (a live region).
 * @csspart icon - The icons.
 *
 * @cssproperty --rc-device-picker-gap - Space between fields. Default 0.75rem.
 * @cssproperty --rc-device-picker-select-width - Width of the selects. Default 100%.
 */
@localized()
export class RcDevicePicker extends RcPhoneElement {
  static override styles = [themeStyles, buttonStyles, styles];

  /** Choices made in another picker, or another tab, show here too (declared first: the choices below start from it). */
  private readonly preferences = new DevicePreferencesController(this, (saved) => {
    this.microphone = saved.microphone;
    this.speaker = saved.speaker;
    this.ringer = saved.ringer;
  });

  /** Which choices to offer: any of `microphone`, `speaker`, `ringer`, space-separated. */
  @property({ reflect: true }) kinds = 'microphone speaker ringer';

  /** The chosen microphone's device id ('' = system default). Starts with the saved choice. */
  @property() microphone = this.preferences.choices.microphone;

  /** The chosen speaker's device id for call audio ('' = system default). */
  @property() speaker = this.preferences.choices.speaker;

  /** The chosen ringer device id ('' = system default). */
  @property() ringer = this.preferences.choices.ringer;

  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Where devices come from (default `navigator.mediaDevices`; tests hand in a fake). */
  @property({ attribute: false }) mediaDevices: MediaDevicesLike | undefined = globalThis.navigator?.mediaDevices;

  /** Whether this browser can choose an audio output (`setSinkId`). Detected; set only to test the unsupported state. */
  @property({ attribute: false }) audioOutputSupported = canChooseOutput();

  /** Where test tones play (default: the page's shared player). */
  @property({ attribute: false }) tonePlayer: TonePlayer | undefined;

  @state() private message = '';
  @state() private testing: DeviceKind | undefined;

  private readonly devices = new MediaDevicesController(
    this,
    () => this.mediaDevices,
    (previous) => this.checkUnplugged(previous),
  );

  /** Chooses `deviceId` for `kind` as if the user picked it: saves it, applies it to the phone and fires `change`. */
  async select(kind: DeviceKind, deviceId: string): Promise<void> {
    await this.choose(kind, deviceId);
  }

  /** Plays a test tone on the chosen speaker (or ringer). Never rejects. */
  async testTone(kind: 'speaker' | 'ringer' = 'speaker'): Promise<void> {
    if (this.testing) return;
    this.testing = kind;
    try {
      await (this.tonePlayer ?? tonePlayer()).testTone(this.audioOutputSupported ? this[kind] : '');
    } catch (error) {
      const problem = toPhoneError(error, ErrorCode.AudioPlaybackBlocked);
      this.emit('rc-error', { code: problem.code, error: problem, callId: undefined });
    } finally {
      this.testing = undefined;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('mediaDevices') && this.isConnected) this.devices.rebind();
  }

  /** A phone starts: give it the saved microphone and speaker. */
  protected override phoneChanged(snapshot: PhoneSnapshot | undefined, previous: PhoneSnapshot | undefined): void {
    const started = snapshot && snapshot.connection !== ConnectionState.Disconnected && (!previous || previous.connection === ConnectionState.Disconnected);
    if (!started) return;
    const commands = this.phone.commands;
    if (this.microphone) void commands?.setAudioInput(this.microphone);
    if (this.speaker && this.audioOutputSupported) void commands?.setAudioOutput(this.speaker);
  }

  private get shownKinds(): DeviceKind[] {
    const wanted = this.kinds.split(/\s+/);
    return DEVICE_KINDS.filter((kind) => wanted.includes(kind));
  }

  private list(kind: DeviceKind): readonly AudioDevice[] {
    const devices = kind === 'microphone' ? this.devices.inputs : this.devices.outputs;
    return devices.filter((device) => !PSEUDO_DEVICES.has(device.deviceId));
  }

  private label(kind: DeviceKind, device: AudioDevice, index: number): string {
    if (device.label) return device.label;
    return kind === 'microphone' ? msg(str`Microphone ${index + 1}`) : msg(str`Speaker ${index + 1}`);
  }

  private async choose(kind: DeviceKind, deviceId: string, fallbackFrom?: string): Promise<void> {
    this[kind] = deviceId;
    devicePreferences().set(kind, deviceId);
    this.message = fallbackFrom === undefined ? '' : this.fallbackText(kind, fallbackFrom);
    const commands = this.phone.commands;
    // The phone reports failures itself (as rc-error on the provider).
    if (kind === 'microphone') await commands?.setAudioInput(deviceId);
    if (kind === 'speaker' && this.audioOutputSupported) await commands?.setAudioOutput(deviceId);
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  private fallbackText(kind: DeviceKind, name: string): string {
    switch (kind) {
      case 'microphone':
        return msg(str`${name} was disconnected. Using the system default microphone.`);
      case 'speaker':
        return msg(str`${name} was disconnected. Call audio now plays on the system default speaker.`);
      case 'ringer':
        return msg(str`${name} was disconnected. The ringtone now plays on the system default speaker.`);
    }
  }

  /** After `devicechange`: a chosen device that vanished falls back to the default. */
  private checkUnplugged(previous: { inputs: readonly AudioDevice[]; outputs: readonly AudioDevice[] }): void {
    // The first listing is not a change (a saved device may simply be absent today).
    if (previous.inputs.length === 0 && previous.outputs.length === 0) return;
    for (const kind of DEVICE_KINDS) {
      const chosen = this[kind];
      if (!chosen) continue;
      const before = (kind === 'microphone' ? previous.inputs : previous.outputs).find((device) => device.deviceId === chosen);
      if (!before || this.list(kind).some((device) => device.deviceId === chosen)) continue;
      void this.choose(kind, '', before.label || chosen.slice(0, 8));
    }
  }

  private readonly onSelect = (event: Event): void => {
    const select = event.target as HTMLSelectElement;
    void this.choose(select.dataset['kind'] as DeviceKind, select.value);
  };

  private kindLabel(kind: DeviceKind): string {
    switch (kind) {
      case 'microphone':
        return msg('Microphone');
      case 'speaker':
        return msg('Speaker');
      case 'ringer':
        return msg('Ringer');
    }
  }

  private renderField(kind: DeviceKind, disabled: boolean): TemplateResult {
    const outputKind = kind !== 'microphone';
    if (outputKind && !this.audioOutputSupported) {
      return html`<div part="field" class="field">
        <span part="label" class="label">${this.kindLabel(kind)}</span>
        <p part="notice" class="notice">${msg('Choosing a speaker is not supported by this browser; sound plays on the system default.')}</p>
      </div>`;
    }
    const devices = this.list(kind);
    const value = this[kind];
    // A saved device that is not plugged in today shows as the default (and stays saved).
    const present = value === '' || devices.some((device) => device.deviceId === value);
    return html`<div part="field" class="field">
      <label part="label" class="label" for=${kind}>${this.kindLabel(kind)}</label>
      <div class="row">
        <select part="select" id=${kind} data-kind=${kind} ?disabled=${disabled} @change=${this.onSelect}>
          <option value="" ?selected=${!present || value === ''}>${msg('System default')}</option>
          ${devices.map((device, index) => html`<option value=${device.deviceId} ?selected=${device.deviceId === value}>${this.label(kind, device, index)}</option>`)}
        </select>
        ${
          outputKind
            ? html`<button
                part="test-button"
                class="btn"
                type="button"
                data-action=${`test-${kind}`}
                aria-describedby=${kind}
                ?disabled=${disabled || this.testing !== undefined}
                @click=${() => void this.testTone(kind as 'speaker' | 'ringer')}
              >
                ${icons.speaker}<span>${this.testing === kind ? msg('Playing…') : msg('Test')}</span>
              </button>`
            : nothing
        }
      </div>
    </div>`;
  }

  protected override render(): unknown {
    const present = this.phone.present;
    const disabled = this.disabled || !present;
    const error = this.devices.error;
    return html`<div part="base" class="base" role="group" aria-label=${msg('Audio devices')}>
      ${present ? nothing : html`<p part="notice" class="notice" role="status">${msg('Not connected to a phone.')}</p>`}
      ${
        this.devices.supported
          ? html`${this.shownKinds.map((kind) => this.renderField(kind, disabled))}
            ${
              this.devices.labelled || !this.devices.supported
                ? nothing
                : html`<button
                    part="allow-button"
                    class="btn"
                    type="button"
                    data-action="allow"
                    ?disabled=${disabled}
                    @click=${() => void this.devices.requestLabels()}
                  >
                    ${icons.mic}<span>${msg('Show device names')}</span>
                  </button>`
            }`
          : html`<p part="notice" class="notice">${msg('This browser cannot list audio devices (the page must be served over https).')}</p>`
      }
      ${error ? html`<p class="error" role="alert">${errorText(error)}</p>` : nothing}
      <p part="message" class="notice message" role="status">${this.message}</p>
    </div>`;
  }
}

function errorText(error: PhoneError): string {
  return error.code === ErrorCode.MicrophoneDenied ? msg('Microphone access was denied, so devices cannot be named.') : error.message;
}
