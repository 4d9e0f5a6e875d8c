import { css } from 'lit';

export const styles = css`
  :host {
    --_gap: var(--rc-call-controls-gap, 0.5rem);
    --_tile-size: var(--rc-call-controls-button-size, 3.5rem);
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
  .avatar {
    --_avatar-size: var(--rc-call-controls-avatar-size, 4.5rem);
    margin-bottom: calc(var(--_space) / 2);
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
    display: grid;
    /* Three or four to a row, as the width allows, so seven actions still fit a phone's height. */
    grid-template-columns: repeat(auto-fit, minmax(max(4.5rem, 22%), 1fr));
    justify-items: center;
    gap: calc(var(--_gap) * 1.5) var(--_gap);
  }
  .actions .btn:not(.tile) {
    grid-column: 1 / -1;
  }
  /* Hang up on a row of its own, under the grid, as phones do. */
  .actions [data-action='hangup'] {
    grid-column: 1 / -1;
    --_tile-size: calc(var(--rc-call-controls-button-size, 3.5rem) * 1.15);
  }
  .panel {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--_space);
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
