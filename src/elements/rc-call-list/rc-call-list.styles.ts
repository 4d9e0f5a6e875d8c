import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    background: var(--_color-surface);
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) * 2);
    padding: var(--_space);
  }
  .heading {
    margin: 0 0 var(--_space);
    font-size: var(--_font-size);
    font-weight: 600;
  }
  .section-head {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_space);
  }
  .list {
    display: flex;
    flex-direction: column;
    gap: var(--rc-call-list-row-gap, 0.25rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .call,
  .recent {
    display: grid;
    grid-template-columns: 1fr auto;
    align-items: center;
    gap: 0.125rem var(--_space);
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-radius: var(--_radius);
    border: 1px solid transparent;
  }
  .call.current {
    background: var(--rc-call-list-current-background, var(--_color-surface-raised));
    border-color: var(--_color-border);
  }
  .who {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .name {
    font-weight: 600;
    overflow-wrap: break-word;
  }
  .number,
  .state,
  .when,
  .kind {
    font-size: var(--_font-size-small);
    color: var(--_color-on-surface-muted);
  }
  .timer {
    font-variant-numeric: tabular-nums;
    font-size: var(--_font-size-small);
  }
  .row-actions {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  /* The name has the whole first line; how the call went and when share the second. */
  .recent {
    grid-template-columns: auto minmax(0, 1fr) auto;
  }
  .recent .who {
    grid-column: 1 / span 2;
    grid-row: 1;
  }
  .recent .when {
    grid-column: 2;
    grid-row: 2;
    white-space: nowrap;
  }
  .recent .btn {
    grid-column: 3;
    grid-row: 1 / span 2;
  }
  .kind {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    grid-column: 1;
    grid-row: 2;
  }
  .base {
    container-type: inline-size;
  }
  /* Narrow: "Call back" keeps its name for assistive technology, the row keeps its width. */
  @container (max-width: 22rem) {
    .recent .btn span {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  }
  .recent.missed .kind,
  .recent.missed .name,
  .recent.declined .kind,
  .recent.failed .kind {
    color: var(--rc-call-list-missed-color, var(--_color-danger));
  }
  .btn.small {
    min-height: 2.25rem;
    min-width: 2.25rem;
    padding: 0 var(--_space);
  }
`;
