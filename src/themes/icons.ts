import { svg, type SVGTemplateResult } from 'lit';

/**
 * The kit's icons: simple 24×24 shapes drawn for this project. Always decorative: the
 * button or text next to them carries the accessible name.
 */
const icon = (body: SVGTemplateResult): SVGTemplateResult =>
  svg`<svg class="icon" part="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${body}</svg>`;

export const icons = {
  /** A handset. */
  phone: icon(
    svg`<path d="M6.6 3.2 9 5.6c.5.5.5 1.3.1 1.8L7.8 9c1.3 2.8 4.4 5.9 7.2 7.2l1.6-1.3c.5-.4 1.3-.4 1.8.1l2.4 2.4c.5.5.5 1.3 0 1.8l-1.5 1.5c-.8.8-2.1 1.1-3.2.7C10.2 19.5 4.5 13.8 2.6 7.9c-.4-1.1-.1-2.4.7-3.2l1.5-1.5c.5-.5 1.3-.5 1.8 0Z"/>`,
  ),
  /** A handset turned down: hang up, decline. */
  hangup: icon(
    svg`<path d="M12 8.5c-3.4 0-6.6 1.1-9.2 3.1-.6.5-.8 1.3-.4 2l1.3 2.3c.4.6 1.1.9 1.8.6l2.6-1c.6-.2 1-.8 1-1.4v-2.1c1-.3 1.9-.4 2.9-.4s1.9.1 2.9.4v2.1c0 .6.4 1.2 1 1.4l2.6 1c.7.3 1.4 0 1.8-.6l1.3-2.3c.4-.7.2-1.5-.4-2-2.6-2-5.8-3.1-9.2-3.1Z"/>`,
  ),
  /** A key with a cross: delete the last digit. */
  backspace: icon(
    svg`<path d="M8.5 5h11A1.5 1.5 0 0 1 21 6.5v11a1.5 1.5 0 0 1-1.5 1.5h-11L3 12l5.5-7Zm2.8 4.2 2.8 2.8-2.8 2.8 1.1 1.1 2.8-2.8 2.8 2.8 1.1-1.1-2.8-2.8 2.8-2.8-1.1-1.1-2.8 2.8-2.8-2.8-1.1 1.1Z"/>`,
  ),
  /** A microphone. */
  mic: icon(
    svg`<path d="M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3Zm-6 9h1.6a4.4 4.4 0 0 0 8.8 0H18a6 6 0 0 1-5.2 5.9V21h-1.6v-3.1A6 6 0 0 1 6 12Z"/>`,
  ),
  /** A struck-through microphone. */
  micOff: icon(
    svg`<path d="m4.1 3 16.9 16.9-1.1 1.1-4.4-4.4a6 6 0 0 1-2.7 1.3V21h-1.6v-3.1A6 6 0 0 1 6 12h1.6a4.4 4.4 0 0 0 6.7 3.8l-1.2-1.2A3 3 0 0 1 9 12v-2.9L3 4.1 4.1 3ZM12 3a3 3 0 0 1 3 3v5.2L9.2 5.4A3 3 0 0 1 12 3Zm4.9 11.7-1.2-1.2c.4-.5.6-1 .7-1.5H18a6 6 0 0 1-1.1 2.7Z"/>`,
  ),
  /** Two bars: hold. */
  pause: icon(svg`<path d="M7 5h3.5v14H7V5Zm6.5 0H17v14h-3.5V5Z"/>`),
  /** A triangle: resume. */
  play: icon(svg`<path d="M8 5v14l11-7L8 5Z"/>`),
  /** A 3×4 grid of dots: the keypad. */
  keypad: icon(
    svg`<path d="M6 3.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4ZM6 9.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4Zm6 0a2 2 0 1 1 0 4 2 2 0 0 1 0-4ZM12 15.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4Z"/>`,
  ),
  /** An arrow leaving a line: transfer. */
  transfer: icon(svg`<path d="M4 4h1.6v16H4V4Zm10.4 2.6L20 12l-5.6 5.4-1.1-1.1 3.7-3.5H8v-1.6h9l-3.7-3.5 1.1-1.1Z"/>`),
  /** A filled circle: record. */
  record: icon(svg`<circle cx="12" cy="12" r="6.5"/>`),
  /** A square with a P: park. */
  park: icon(
    svg`<path d="M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm4 4v10h2v-3.5h2.2a3.3 3.3 0 0 0 0-6.5H9Zm2 1.8h2.2a1.5 1.5 0 0 1 0 3H11v-3Z"/>`,
  ),
  /** Two opposed arrows: flip to another device. */
  flip: icon(svg`<path d="m7 3.5 1.1 1.1L6.3 6.5H17v1.6H6.3l1.8 1.8L7 11 3.3 7.3 7 3.5Zm10 9.5 3.7 3.7L17 20.5l-1.1-1.1 1.8-1.8H7V16h10.7l-1.8-1.8L17 13Z"/>`),
  /** A bent arrow: forward. */
  forward: icon(svg`<path d="m14 5 7 6.5-7 6.5v-4.1c-4.6 0-7.8 1.4-10 4.6.9-4.6 3.6-9 10-9.9V5Z"/>`),
  /** A reel-to-reel: voicemail. */
  voicemail: icon(
    svg`<path d="M6.5 7a5 5 0 0 1 4 8h3a5 5 0 1 1 4 2h-11a5 5 0 0 1 0-10Zm0 1.8a3.2 3.2 0 1 0 0 6.4 3.2 3.2 0 0 0 0-6.4Zm11 0a3.2 3.2 0 1 0 0 6.4 3.2 3.2 0 0 0 0-6.4Z"/>`,
  ),
  /** A speech bubble: reply with a message. */
  message: icon(svg`<path d="M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H8l-4 4V5a1 1 0 0 1 1-1Z"/>`),
  /** A speaker with waves: test the speaker. */
  speaker: icon(
    svg`<path d="M4 9h3.5L12 5v14l-4.5-4H4V9Zm11.5-1.6a6 6 0 0 1 0 9.2l-1.1-1.2a4.4 4.4 0 0 0 0-6.8l1.1-1.2Zm2.6-2.8a9.8 9.8 0 0 1 0 14.8L17 18.2a8.2 8.2 0 0 0 0-12.4l1.1-1.2Z"/>`,
  ),
  /** An arrow pointing down-left: incoming. */
  incoming: icon(svg`<path d="M18.4 4.5 19.5 5.6 9.1 16H15v1.6H6.4V9H8v5.9L18.4 4.5Z"/>`),
  /** An arrow pointing up-right: outgoing. */
  outgoing: icon(svg`<path d="M9 6.4h8.6V15H16V9.1L5.6 19.5l-1.1-1.1L14.9 8H9V6.4Z"/>`),
  /** A broken arrow: missed. */
  missed: icon(svg`<path d="M3.5 7.1 4.6 6l6.9 6.9 5.4-5.4H13V5.9h6.6v6.6H18V8.6l-6.5 6.5-8-8Z"/>`),
  /** A cog: settings. */
  settings: icon(
    svg`<path d="M10.3 2h3.4l.5 2.6 1.6.9 2.5-.9 1.7 2.9-2 1.8v1.8l2 1.7-1.7 3-2.5-.9-1.6.9-.5 2.6h-3.4l-.5-2.6-1.6-.9-2.5.9-1.7-3 2-1.7V9.3l-2-1.8 1.7-2.9 2.5.9 1.6-.9.5-2.6ZM12 8.6a3.4 3.4 0 1 0 0 6.8 3.4 3.4 0 0 0 0-6.8Z"/>`,
  ),
  /** A head and shoulders: someone without a name or picture. */
  person: icon(svg`<path d="M12 3.5a4 4 0 1 1 0 8 4 4 0 0 1 0-8Zm0 9.8c4.4 0 8 2.2 8 5V21H4v-2.7c0-2.8 3.6-5 8-5Z"/>`),
  /** A circle crossed out: a call that failed or was not found. */
  failed: icon(
    svg`<path d="M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18Zm0 1.8a7.2 7.2 0 0 0-5.7 11.6L16.4 6.3A7.2 7.2 0 0 0 12 4.8Zm5.7 2.8L7.6 17.7A7.2 7.2 0 0 0 17.7 7.6Z"/>`,
  ),
  /** A hand held up: declined, busy. */
  declined: icon(
    svg`<path d="M12.5 2.5c.8 0 1.4.6 1.4 1.4V11h.8V5.2a1.4 1.4 0 0 1 2.8 0V12h.8V8.2a1.4 1.4 0 0 1 2.8 0v6.3c0 4-3 7-7 7h-1c-2.4 0-4.2-1-5.6-3L4 13.6c-.5-.7-.3-1.6.4-2 .6-.4 1.4-.3 1.9.2L8.3 14V5.2a1.4 1.4 0 0 1 2.8 0V11h.8V3.9c0-.8.3-1.4.6-1.4Z"/>`,
  ),
  /** A triangle with an exclamation mark: a problem that needs the user. */
  warning: icon(svg`<path d="M12 2.8 22.5 21h-21L12 2.8Zm-.9 6.2v6h1.8V9h-1.8Zm0 7.6v1.8h1.8v-1.8h-1.8Z"/>`),
  /** A circular arrow: try again. */
  retry: icon(svg`<path d="M12 4.2a7.8 7.8 0 0 1 6.9 4.1V5H20.6v6.4h-6.4V9.8h3.4A6 6 0 1 0 18 13h1.8A7.8 7.8 0 1 1 12 4.2Z"/>`),
  /** A clock face: recent calls. */
  history: icon(svg`<path d="M12 3a9 9 0 1 1-9 9h1.8A7.2 7.2 0 1 0 12 4.8V3Zm-.8 4h1.6v4.7l3.5 2.1-.8 1.4-4.3-2.6V7ZM3 3.6l1.3-1.3 3.3 3.3-1.3 1.3L3 3.6Z"/>`),
} as const;
