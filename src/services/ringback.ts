/**
 * Which ringback tone a caller hears: the tone of the user's country, so that "it is ringing"
 * sounds the way their own phone network says it (ITU-T E.180 lists each country's tone).
 */
import type { RingbackCadence } from './tone-player.js';

/** A `ringback` setting: `auto` (the country's tone), `off`, or a cadence by name. */
export type RingbackSetting = 'auto' | 'off' | RingbackCadence;

/** ISO 3166 countries of the North American Numbering Plan (+1), which use the 440 + 480 Hz tone. */
const NANP = new Set('US CA PR VI GU AS MP UM BS BB AI AG VG KY BM GD TC MS JM LC VC TT DM DO KN SX'.split(' '));

/** The country of a BCP 47 language tag (`en-US` → US; `fr` → FR by likely subtags), if any. */
function regionOf(language: string): string | undefined {
  try {
    return new Intl.Locale(language).maximize().region;
  } catch {
    return undefined;
  }
}

/**
 * The cadence to play for `setting`: a named cadence as it is; `off` none; anything else
 * (`auto`, '') the tone of `country` (ISO 3166, e.g. the element's `default-country`), else of
 * the browser's language region: North America's in NANP countries, ETSI's elsewhere (the
 * European tone, also the ITU-T recommendation; countries with a tone of their own get it too).
 */
export function ringbackCadence(setting: string, country: string, language: string): RingbackCadence | undefined {
  if (setting === 'off') return undefined;
  if (setting === 'north-america' || setting === 'etsi') return setting;
  const region = (country || regionOf(language) || '').toUpperCase();
  return NANP.has(region) ? 'north-america' : 'etsi';
}
