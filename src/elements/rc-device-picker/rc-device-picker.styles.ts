import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    background: var(--_color-surface);
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--rc-device-picker-gap, 0.75rem);
    padding: var(--_space);
  }
  .label {
    font-weight: 600;
  }
  .row {
    display: flex;
    gap: var(--_space);
    align-items: center;
  }
  select {
    width: var(--rc-device-picker-select-width, 100%);
    min-width: 0;
    flex: 1;
  }
  select:disabled {
    opacity: 0.55;
  }
  .message:empty {
    display: none;
  }
  .base > .btn {
    align-self: flex-start;
  }
`;
