import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  :host(:not([status]):not([outcome])) .base,
  :host([status='']:not([outcome])) .base {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }
  p {
    margin: 0;
  }
  .status {
    --_accent: var(--rc-phone-status-error-color, var(--_color-danger));
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: calc(var(--_space) * 0.75) var(--_space);
    border-inline-start: 4px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--rc-phone-status-background, var(--_color-surface-raised));
  }
  .status.warning {
    --_accent: var(--rc-phone-status-warning-color, var(--_color-warning));
  }
  .status.busy {
    --_accent: var(--_color-primary);
  }
  .status > svg {
    color: var(--_accent);
  }
  .status {
    flex-wrap: wrap;
  }
  /* On a narrow phone the button goes under the text rather than squeezing it. */
  .text {
    flex: 1 1 12rem;
    min-width: 0;
  }
  .status .btn {
    margin-inline-start: auto;
  }
  .title {
    font-weight: 600;
    font-size: var(--_font-size-small);
  }
  .detail {
    font-size: var(--_font-size-small);
    color: var(--_color-on-surface-muted);
  }
  .btn.small {
    min-height: 2.75rem;
    padding: 0 var(--_space);
    white-space: nowrap;
  }
  .outcome-region:empty {
    display: none;
  }
  .outcome {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    text-align: center;
  }
  .avatar {
    --_avatar-size: var(--rc-phone-status-avatar-size, 4rem);
  }
  .name {
    font-size: var(--_font-size-large);
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .outcome-title {
    font-weight: 600;
  }
  .outcome:not(.local-hangup, .remote-hangup, .transferred, .answered-elsewhere) .outcome-title {
    color: var(--_color-danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--_space);
    margin-top: var(--_space);
  }
`;
