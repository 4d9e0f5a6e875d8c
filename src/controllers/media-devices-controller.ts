import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { mediaError, type PhoneError } from '../core/errors.js';

/** The parts of `navigator.mediaDevices` the device picker uses (tests hand in a fake). */
export type MediaDevicesLike = Pick<MediaDevices, 'enumerateDevices' | 'getUserMedia' | 'addEventListener' | 'removeEventListener'>;

export interface AudioDevice {
  readonly deviceId: string;
  /** Empty until the page has microphone permission (Media Capture and Streams §9.2.1). */
  readonly label: string;
  readonly groupId: string;
}

/** The Permissions API says the page may use the microphone without asking. */
async function microphoneGranted(): Promise<boolean> {
  try {
    // 'microphone' is a PermissionName in browsers, not yet in TypeScript's DOM typings.
    return (await globalThis.navigator?.permissions?.query({ name: 'microphone' as PermissionName }))?.state === 'granted';
  } catch {
    return false;
  }
}

const toDevice = ({ deviceId, label, groupId }: MediaDeviceInfo): AudioDevice => ({ deviceId, label, groupId });

/**
 * Lists audio devices and follows `devicechange`. Re-renders the host on every change and
 * tells it what the list was before (`onChange`), so it can notice a chosen device vanish.
 */
export class MediaDevicesController implements ReactiveController {
  inputs: readonly AudioDevice[] = [];
  outputs: readonly AudioDevice[] = [];
  /** Set when listing or the permission request failed. */
  error: PhoneError | undefined;
  private bound: MediaDevicesLike | undefined;
  private generation = 0;
  /** The microphone was opened once so that Firefox names the devices (see `refresh`). */
  private exposing = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly devices: () => MediaDevicesLike | undefined,
    private readonly onChange?: (previous: { inputs: readonly AudioDevice[]; outputs: readonly AudioDevice[] }) => void,
  ) {
    host.addController(this);
  }

  /** enumerateDevices exists (it does not on insecure origins). */
  get supported(): boolean {
    return typeof this.devices()?.enumerateDevices === 'function';
  }

  /** Devices have names: the page was granted microphone access at least once. */
  get labelled(): boolean {
    return [...this.inputs, ...this.outputs].some((device) => device.label !== '');
  }

  hostConnected(): void {
    this.rebind();
  }

  hostDisconnected(): void {
    this.bound?.removeEventListener('devicechange', this.onDeviceChange);
    this.bound = undefined;
    this.generation++;
  }

  /** Follows another `MediaDevices` (the host's `mediaDevices` property changed); nothing when it is the same. */
  rebind(): void {
    const next = this.supported ? this.devices() : undefined;
    if (next === this.bound && next !== undefined) return;
    this.bound?.removeEventListener('devicechange', this.onDeviceChange);
    this.bound = next;
    this.bound?.addEventListener('devicechange', this.onDeviceChange);
    void this.refresh();
  }

  /** Lists the devices again. Never rejects. */
  async refresh(): Promise<void> {
    const devices = this.bound;
    if (!devices) {
      this.host.requestUpdate();
      return;
    }
    const generation = ++this.generation;
    try {
      const all = await devices.enumerateDevices();
      // A newer refresh (or a disconnect) superseded this one.
      if (generation !== this.generation) return;
      const previous = { inputs: this.inputs, outputs: this.outputs };
      this.inputs = all.filter((device) => device.kind === 'audioinput').map(toDevice);
      this.outputs = all.filter((device) => device.kind === 'audiooutput').map(toDevice);
      this.error = undefined;
      this.onChange?.(previous);
      // Firefox identifies devices only to a document that has opened the microphone, even with
      // the permission granted for good (every deviceId reads ''), and fires no devicechange
      // once it has: open it once, as `requestLabels` does. No prompt: it is granted.
      if (!this.exposing && [...this.inputs, ...this.outputs].some((device) => device.deviceId === '') && (await microphoneGranted())) {
        this.exposing = true;
        void this.requestLabels();
      }
    } catch (error) {
      if (generation === this.generation) this.error = mediaError(error);
    }
    this.host.requestUpdate();
  }

  /** Asks for microphone access so devices get their names, then lists them again. */
  async requestLabels(): Promise<void> {
    const devices = this.bound;
    if (!devices) return;
    try {
      const stream = await devices.getUserMedia({ audio: true, video: false });
      stream.getTracks().forEach((track) => track.stop());
      await this.refresh();
    } catch (error) {
      this.error = mediaError(error);
      this.host.requestUpdate();
    }
  }

  private readonly onDeviceChange = (): void => {
    void this.refresh();
  };
}
