import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
  }
  .base {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--rc-login-gap, var(--_space));
    padding: calc(var(--_space) / 2);
    border-radius: var(--_radius);
    background: var(--rc-login-background, var(--_color-surface));
  }
  .status {
    margin: 0;
    font-size: var(--_font-size-small);
    overflow-wrap: anywhere;
  }
  .user {
    font-weight: 600;
  }
  .error {
    flex-basis: 100%;
    max-width: var(--rc-login-error-width, 36ch);
  }
  .field {
    flex-direction: row;
    align-items: center;
  }
`;
