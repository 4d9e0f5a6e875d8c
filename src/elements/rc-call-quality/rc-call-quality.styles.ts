import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    --_good: var(--rc-call-quality-good, var(--_color-success));
    --_poor: var(--rc-call-quality-poor, var(--_color-danger));
  }
  .base {
    position: relative;
    display: inline-block;
  }
  .button {
    display: inline-flex;
    padding: 0.25rem;
    border: none;
    border-radius: var(--_radius);
    background: transparent;
    cursor: pointer;
  }
  .button:focus-visible {
    outline: 2px solid var(--_color-focus, currentColor);
  }
  .bars {
    display: inline-flex;
    align-items: flex-end;
    gap: 2px;
    height: 1rem;
  }
  .bar {
    width: 4px;
    border-radius: 1px;
    background: var(--_color-border);
  }
  .bar:nth-child(1) {
    height: 25%;
  }
  .bar:nth-child(2) {
    height: 50%;
  }
  .bar:nth-child(3) {
    height: 75%;
  }
  .bar:nth-child(4) {
    height: 100%;
  }
  .bar[data-lit] {
    background: var(--_good);
  }
  :host([level='1']) .bar[data-lit],
  :host([level='2']) .bar[data-lit] {
    background: var(--_poor);
  }
  .details {
    position: absolute;
    z-index: 1;
    inset-inline-start: 0;
    top: 100%;
    display: grid;
    grid-template-columns: auto auto;
    gap: 0.125rem var(--_space);
    margin: 0;
    padding: calc(var(--_space) / 2) var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface-raised);
    box-shadow: var(--_shadow);
    font-size: var(--_font-size-small);
    white-space: nowrap;
  }
  dd {
    margin: 0;
  }
  .hint {
    margin: 0;
    font-size: var(--_font-size-small);
    color: var(--_color-danger);
  }
  .hint[hidden] {
    display: none;
  }
`;
