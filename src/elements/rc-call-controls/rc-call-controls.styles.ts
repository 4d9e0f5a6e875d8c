import { css } from 'lit';

export const styles = css`
  :host {
    --_gap: var(--rc-call-controls-gap, 0.5rem);
    display: block;
    background: var(--rc-call-controls-background, var(--_color-surface));
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: var(--_space);
  }
  .header {
    display: flex;
    flex-direction: column;
    align-items: center;
    text-align: center;
    gap: 0.125rem;
  }
  .name {
    font-size: var(--rc-call-controls-name-size, var(--_font-size-large));
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .number {
    color: var(--_color-on-surface-muted);
    font-size: var(--_font-size-small);
    overflow-wrap: anywhere;
  }
  .status {
    margin: 0;
    color: var(--_color-on-surface-muted);
    font-size: var(--_font-size-small);
  }
  .timer {
    font-variant-numeric: tabular-nums;
    font-size: var(--_font-size);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--_gap);
  }
  .panel {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--_space);
    padding-top: var(--_space);
    border-top: 1px solid var(--_color-border);
  }
  .panel.form {
    align-items: stretch;
  }
  .panel-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    justify-content: center;
  }
  #panel-problem:empty {
    display: none;
  }
  .transfer-bar {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    border-radius: var(--_radius);
    background: var(--_color-surface-raised);
  }
  .transfer-bar .notice {
    color: var(--_color-on-surface);
  }
`;
