import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    width: var(--rc-phone-width, 22rem);
    min-height: var(--rc-phone-min-height, 32rem);
    border: var(--rc-phone-border, 1px solid var(--_color-border));
    border-radius: calc(var(--_radius) * 2);
    background: var(--_color-surface);
    overflow: hidden;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding-bottom: var(--_space);
  }
  .nav {
    display: flex;
    border-bottom: 1px solid var(--_color-border);
  }
  .nav-button {
    flex: 1;
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.125rem;
    padding: calc(var(--_space) * 0.75) 0;
    border: none;
    border-bottom: 3px solid transparent;
    background: transparent;
    color: var(--_color-on-surface-muted);
    font-size: var(--_font-size-small);
    cursor: pointer;
  }
  .nav-button:hover {
    background: var(--_color-surface-raised);
  }
  .nav-button[aria-current] {
    border-bottom-color: var(--_color-primary);
    color: var(--_color-on-surface);
    font-weight: 600;
  }
  .view {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    padding: 0 var(--_space);
  }
  .view[hidden] {
    display: none;
  }
  rc-incoming-call {
    margin: 0 var(--_space);
  }
  rc-incoming-call:not([ringing]) {
    display: none;
  }
  rc-call-controls:not([active]),
  rc-call-controls[incoming] {
    display: none;
  }
  rc-call-controls[active]:not([incoming]) + rc-dialpad {
    display: none;
  }
  rc-dialpad {
    align-self: center;
  }
`;
