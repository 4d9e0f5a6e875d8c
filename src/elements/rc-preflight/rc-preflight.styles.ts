import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .summary {
    margin: calc(var(--_space) / 2) 0;
  }
  .summary:empty {
    display: none;
  }
  .checks {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_space) / 2);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .check {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0 var(--_space);
    padding: calc(var(--_space) / 2);
    border-inline-start: 4px solid var(--_color-border);
  }
  .check[data-status='pass'] {
    border-color: var(--rc-preflight-pass, var(--_color-success));
  }
  .check[data-status='fail'] {
    border-color: var(--rc-preflight-fail, var(--_color-danger));
  }
  .name {
    font-weight: 600;
  }
  .message,
  .advice {
    grid-column: 1 / -1;
    font-size: var(--_font-size-small);
  }
  .advice {
    color: var(--_color-on-surface-muted);
  }
`;
