/**
 * The user's audio device choices, kept per origin in localStorage (device ids are
 * per-origin anyway, Media Capture and Streams §9.2). `<rc-device-picker>` writes them;
 * `<rc-incoming-call>` reads the ringer, the picker applies microphone and speaker to the
 * phone. Every element on the page (and other tabs, through the `storage` event) hears a
 * change at once.
 */
export type DeviceKind = 'microphone' | 'speaker' | 'ringer';

export type DeviceChoices = Readonly<Record<DeviceKind, string>>;

export const DEVICE_KINDS: readonly DeviceKind[] = ['microphone', 'speaker', 'ringer'];

const KEY = 'rc-phone-kit:devices';
const EMPTY: DeviceChoices = Object.freeze({ microphone: '', speaker: '', ringer: '' });

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

function defaultStore(): Store | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage blocked (third-party iframe with cookies off): choices last for the page only.
    return undefined;
  }
}

function parse(text: string | null | undefined): DeviceChoices {
  if (!text) return EMPTY;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return EMPTY;
    const record = value as Record<string, unknown>;
    const pick = (kind: DeviceKind): string => (typeof record[kind] === 'string' ? (record[kind] as string) : '');
    return Object.freeze({ microphone: pick('microphone'), speaker: pick('speaker'), ringer: pick('ringer') });
  } catch {
    return EMPTY;
  }
}

/** Device choices with change notification (`change` event). */
export class DevicePreferences extends EventTarget {
  private memory: DeviceChoices = EMPTY;

  constructor(private readonly store: Store | undefined = defaultStore()) {
    super();
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key === KEY || event.key === null) this.dispatchEvent(new Event('change'));
      });
    }
  }

  get(): DeviceChoices {
    try {
      return this.store ? parse(this.store.getItem(KEY)) : this.memory;
    } catch {
      return this.memory;
    }
  }

  set(kind: DeviceKind, deviceId: string): void {
    const next = Object.freeze({ ...this.get(), [kind]: deviceId });
    this.memory = next;
    try {
      this.store?.setItem(KEY, JSON.stringify(next));
    } catch {
      // Quota or blocked storage: keep the in-memory copy.
    }
    this.dispatchEvent(new Event('change'));
  }

  clear(): void {
    this.memory = EMPTY;
    try {
      this.store?.removeItem(KEY);
    } catch {
      // As above.
    }
    this.dispatchEvent(new Event('change'));
  }
}

let shared: DevicePreferences | undefined;

/** The page-wide preferences every element shares (made on first use). */
export function devicePreferences(): DevicePreferences {
  shared ??= new DevicePreferences();
  return shared;
}
