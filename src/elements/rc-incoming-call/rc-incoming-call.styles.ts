import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_tile-size: var(--rc-incoming-call-button-size, 3.5rem);
  }
  :host(:not([ringing])) .base {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: calc(var(--_space) / 2);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    border-top: 4px solid var(--rc-incoming-call-accent, var(--_color-success));
    background: var(--rc-incoming-call-background, var(--_color-surface-raised));
    box-shadow: var(--_shadow);
    text-align: center;
  }
  p {
    margin: 0;
  }
  .label {
    display: inline-flex;
    align-items: center;
    gap: calc(var(--_space) / 2);
    font-size: var(--_font-size-small);
    color: var(--_color-on-surface-muted);
  }
  .avatar {
    --_avatar-size: var(--rc-incoming-call-avatar-size, 4rem);
    --_avatar-background: var(--_color-surface);
  }
  .name {
    font-size: var(--rc-incoming-call-name-size, var(--_font-size-large));
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .number {
    font-size: var(--_font-size-small);
    color: var(--_color-on-surface-muted);
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--_space);
    margin-top: calc(var(--_space) / 2);
  }
  .auto-answer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_space) / 2);
    font-weight: 600;
  }
  .panel {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    align-self: stretch;
    text-align: start;
  }
  .panel-actions {
    display: flex;
    gap: var(--_space);
    justify-content: center;
  }
  #panel-problem:empty {
    display: none;
  }
  @media (prefers-reduced-motion: no-preference) {
    :host([ringing]) .label svg {
      animation: ring 1.2s ease-in-out infinite;
    }
  }
  @keyframes ring {
    0%,
    50%,
    100% {
      transform: rotate(0);
    }
    10%,
    30% {
      transform: rotate(-12deg);
    }
    20%,
    40% {
      transform: rotate(12deg);
    }
  }
`;
