import { css } from 'lit';

// Nothing to see: the bridge only passes messages.
export const styles = css`
  :host {
    display: none;
  }
`;
