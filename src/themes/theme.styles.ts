import { css, unsafeCSS } from 'lit';
import { privateTokens, tokenDeclarations } from './tokens.js';

/**
 * Styles every kit element starts from. Elements read private `--_*` tokens, which take
 * the page's global `--rc-*` tokens (themes/light.css, dark.css, or the app's own) and
 * fall back to built-in values that follow `prefers-color-scheme`. A `theme` attribute
 * pins an element (and everything inside it) to one theme by setting the global tokens on
 * itself, which beats values inherited from the page.
 */
export const themeStyles = css`
  :host {
    ${unsafeCSS(privateTokens('light'))}
    color-scheme: var(--_color-scheme);
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    color: var(--_color-on-surface);
    box-sizing: border-box;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      ${unsafeCSS(privateTokens('dark'))}
    }
  }
  :host([theme='light']) {
    ${unsafeCSS(tokenDeclarations('light'))}
  }
  :host([theme='dark']) {
    ${unsafeCSS(tokenDeclarations('dark'))}
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  :focus-visible {
    outline: 3px solid var(--_color-focus-ring);
    outline-offset: 2px;
  }
  .notice {
    margin: 0;
    font-size: var(--_font-size-small);
    color: var(--_color-on-surface-muted);
  }
  .error {
    margin: 0;
    font-size: var(--_font-size-small);
    color: var(--_color-danger);
  }
  svg.icon {
    width: 1.25em;
    height: 1.25em;
    fill: currentColor;
    flex: none;
  }
`;

/**
 * A round or pill-shaped action button (answer, hold, hang up…). Variants by class:
 * `.success`, `.danger`, `.primary`; `aria-pressed="true"` shows a toggle as on. `.tile`: a
 * round icon (`.disc`) over its label, `.tile.on` a toggle that is on; `--_tile-size` sizes it.
 */
export const buttonStyles = css`
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_space) / 2);
    min-height: 2.75rem;
    min-width: 2.75rem;
    padding: 0 calc(var(--_space) * 1.5);
    border: 1px solid var(--_color-border);
    border-radius: 999px;
    background: var(--_color-surface-raised);
    color: var(--_color-on-surface);
    cursor: pointer;
    font-size: var(--_font-size-small);
    font-weight: 600;
  }
  .btn:hover:not(:disabled) {
    background: var(--_color-surface-hover);
  }
  .btn[aria-pressed='true'],
  .btn[aria-pressed='true']:hover:not(:disabled) {
    background: var(--_color-on-surface);
    color: var(--_color-surface);
    border-color: var(--_color-on-surface);
  }
  .btn.success {
    background: var(--_color-success);
    color: var(--_color-on-success);
    border-color: var(--_color-success);
  }
  .btn.danger {
    background: var(--_color-danger);
    color: var(--_color-on-danger);
    border-color: var(--_color-danger);
  }
  .btn.primary {
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    border-color: var(--_color-primary);
  }
  .btn.success:hover:not(:disabled),
  .btn.danger:hover:not(:disabled),
  .btn.primary:hover:not(:disabled) {
    filter: brightness(1.08);
  }
  /* Disabled reads as "not now", not as broken: a dashed outline and muted text, no washed-out fill. */
  .btn:disabled,
  .btn.tile:disabled .disc {
    cursor: not-allowed;
    background: var(--_color-surface);
    color: var(--_color-on-surface-muted);
    border: 1px dashed var(--_color-border);
    filter: none;
  }
  /* A round icon over its label (the in-call grid). The focus ring follows the round shape. */
  .btn.tile,
  .btn.tile:hover:not(:disabled),
  .btn.tile:disabled {
    flex-direction: column;
    gap: 0.25rem;
    min-width: 4.5rem;
    padding: 0;
    border: none;
    background: transparent;
    color: var(--_color-on-surface);
    filter: none;
    font-weight: 500;
  }
  .btn.tile .disc {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: var(--_tile-size, 3.5rem);
    height: var(--_tile-size, 3.5rem);
    border-radius: 50%;
    border: 1px solid var(--_color-border);
    background: var(--_color-surface-raised);
  }
  .btn.tile .disc svg {
    width: 1.5rem;
    height: 1.5rem;
  }
  .btn.tile:hover:not(:disabled) .disc {
    background: var(--_color-surface-hover);
  }
  .btn.tile.on .disc {
    background: var(--_color-on-surface);
    border-color: var(--_color-on-surface);
    color: var(--_color-surface);
  }
  .btn.tile.on:hover:not(:disabled) .disc {
    background: var(--_color-on-surface-muted);
    border-color: var(--_color-on-surface-muted);
  }
  .btn.tile.success .disc {
    background: var(--_color-success);
    border-color: var(--_color-success);
    color: var(--_color-on-success);
  }
  .btn.tile.danger .disc {
    background: var(--_color-danger);
    border-color: var(--_color-danger);
    color: var(--_color-on-danger);
  }
  .btn.tile.success:hover:not(:disabled) .disc,
  .btn.tile.danger:hover:not(:disabled) .disc {
    filter: brightness(0.9);
  }
  .btn.tile:disabled .label {
    color: var(--_color-on-surface-muted);
  }
  .btn.tile:focus-visible {
    outline: none;
  }
  .btn.tile:focus-visible .disc {
    outline: 3px solid var(--_color-focus-ring);
    outline-offset: 2px;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    font-size: var(--_font-size-small);
  }
  .field input,
  .field select {
    min-height: 2.5rem;
    padding: 0 var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    color: var(--_color-on-surface);
    font-size: var(--_font-size);
  }
`;
