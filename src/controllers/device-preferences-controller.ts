import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { devicePreferences, type DeviceChoices, type DevicePreferences } from '../services/device-preferences.js';

/**
 * Follows the saved device choices while the host is connected: `onChange` hears every
 * change, made by any element on the page or in another tab.
 */
export class DevicePreferencesController implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly onChange: (choices: DeviceChoices) => void,
    private readonly preferences: DevicePreferences = devicePreferences(),
  ) {
    host.addController(this);
  }

  /** The saved choices ('' = system default). */
  get choices(): DeviceChoices {
    return this.preferences.get();
  }

  hostConnected(): void {
    this.preferences.addEventListener('change', this.changed);
  }

  hostDisconnected(): void {
    this.preferences.removeEventListener('change', this.changed);
  }

  private readonly changed = (): void => this.onChange(this.choices);
}
