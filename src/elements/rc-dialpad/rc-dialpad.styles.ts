import { css } from 'lit';

export const styles = css`
  :host {
    --_key-size: var(--rc-dialpad-key-size, 3.75rem);
    --_key-background: var(--rc-dialpad-key-background, var(--_color-surface-raised));
    --_key-color: var(--rc-dialpad-key-color, var(--_color-on-surface));
    --_gap: var(--rc-dialpad-gap, 0.75rem);
    display: inline-block;
    background: var(--_color-surface);
  }
  .base {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space);
  }
  .notice {
    text-align: center;
  }
  .display {
    display: flex;
    align-items: center;
    width: 100%;
    gap: calc(var(--_space) / 2);
    border-bottom: 2px solid var(--_color-border);
  }
  .display:focus-within {
    border-bottom-color: var(--_color-primary);
  }
  input {
    flex: 1;
    min-width: 0;
    height: 3rem;
    border: none;
    background: transparent;
    color: var(--_color-on-surface);
    font-size: var(--rc-dialpad-input-font-size, var(--_font-size-large));
    text-align: center;
    letter-spacing: 0.04em;
  }
  /* Inside the field and rounded like it, not a square box over the underline. */
  input:focus-visible {
    outline: 2px solid var(--_color-focus-ring);
    outline-offset: -2px;
    border-radius: var(--_radius);
  }
  input::placeholder {
    color: var(--_color-on-surface-muted);
    font-size: var(--_font-size);
    letter-spacing: normal;
  }
  input[aria-invalid='true'] {
    color: var(--_color-danger);
  }
  .backspace {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 2.75rem;
    height: 2.75rem;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: var(--_color-on-surface-muted);
    cursor: pointer;
  }
  .backspace:hover:not(:disabled) {
    background: var(--_color-surface-hover);
  }
  .backspace:disabled {
    visibility: hidden;
  }
  #message:empty {
    display: none;
  }
  .keys {
    display: grid;
    grid-template-columns: repeat(3, var(--_key-size));
    gap: var(--_gap);
  }
  .key {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    width: var(--_key-size);
    height: var(--_key-size);
    border: 1px solid transparent;
    border-radius: 50%;
    background: var(--_key-background);
    color: var(--_key-color);
    cursor: pointer;
    line-height: 1.1;
    user-select: none;
    touch-action: manipulation;
  }
  .key:hover:not(:disabled) {
    background: var(--_color-surface-hover);
  }
  .key:active:not(:disabled),
  .key.pressed {
    background: var(--_color-primary);
    color: var(--_color-on-primary);
  }
  .key:disabled {
    cursor: not-allowed;
    background: var(--_color-surface);
    color: var(--_color-on-surface-muted);
    border: 1px dashed var(--_color-border);
  }
  .digit {
    font-size: 1.5rem;
  }
  .letters {
    min-height: 0.9em;
    font-size: 0.6875rem;
    letter-spacing: 0.08em;
    color: inherit;
  }
  .call {
    min-width: 8rem;
    min-height: 3rem;
    font-size: var(--_font-size);
  }
`;
