import { expect } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DevicePreferences, type DeviceChoices } from '../services/device-preferences.js';
import { DevicePreferencesController } from './device-preferences-controller.js';

/** A host that only keeps its controllers, as a connected element would. */
class Host implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {}
  connect(): void {
    for (const controller of this.controllers) controller.hostConnected?.();
  }
  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }
}

describe('DevicePreferencesController', () => {
  it('hears changes only while its host is connected', () => {
    const stored = new Map<string, string>();
    const preferences = new DevicePreferences({
      getItem: (key) => stored.get(key) ?? null,
      setItem: (key, value) => void stored.set(key, value),
      removeItem: (key) => void stored.delete(key),
    });
    const host = new Host();
    const heard: DeviceChoices[] = [];
    const controller = new DevicePreferencesController(host, (choices) => heard.push(choices), preferences);
    preferences.set('ringer', 'before');
    expect(heard).to.deep.equal([]);
    host.connect();
    preferences.set('speaker', 'headset');
    expect(heard).to.deep.equal([{ microphone: '', speaker: 'headset', ringer: 'before' }]);
    expect(controller.choices.speaker).to.equal('headset');
    host.disconnect();
    preferences.clear();
    expect(heard).to.have.length(1);
  });
});
