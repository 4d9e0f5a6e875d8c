import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    width: var(--rc-phone-width, 22rem);
    max-width: 100%;
    height: var(--rc-phone-height, 40rem);
    border: var(--rc-phone-border, 1px solid var(--_color-border));
    border-radius: calc(var(--_radius) * 2);
    background: var(--_color-surface);
    overflow: hidden;
  }
  rc-phone-provider {
    display: contents;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
    height: 100%;
    padding-bottom: var(--_space);
  }
  .nav {
    display: flex;
    flex: none;
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
  .nav-button svg.icon {
    width: 1.5rem;
    height: 1.5rem;
  }
  .nav-button:hover {
    background: var(--_color-surface-raised);
  }
  .nav-button:focus-visible {
    outline-offset: -3px;
  }
  .nav-button[aria-current] {
    border-bottom-color: var(--_color-primary);
    color: var(--_color-on-surface);
    font-weight: 600;
  }
  .call-only,
  .base:has(rc-call-controls[active], rc-incoming-call[ringing]) .idle-only {
    display: none;
  }
  .base:has(rc-call-controls[active], rc-incoming-call[ringing]) .call-only {
    display: inline;
  }
  rc-phone-status {
    flex: none;
    margin: 0 var(--_space);
  }
  .view {
    display: flex;
    flex: 1;
    min-height: 0;
    flex-direction: column;
    gap: var(--_space);
    padding: 0 var(--_space);
    overflow-y: auto;
  }
  /* Its screens are made to fit; a scroll region without anything to focus would trap keyboard users (no provider yet). */
  .phone-view {
    overflow: visible;
    --rc-dialpad-key-size: 3.5rem;
  }
  .view[hidden] {
    display: none;
  }
  /* One screen at a time: incoming (full height), in call, after the call, else the dialpad. */
  rc-incoming-call:not([ringing]),
  rc-call-controls:not([active]),
  rc-call-controls[incoming],
  .phone-view:has(rc-incoming-call[ringing]) > rc-call-controls,
  .phone-view:has(rc-incoming-call[ringing], rc-call-controls[active]) > rc-dialpad,
  .base:has(rc-phone-status[outcome]) .phone-view > rc-dialpad {
    display: none;
  }
  rc-incoming-call[ringing] {
    flex: 1;
  }
  rc-incoming-call::part(base) {
    height: 100%;
    justify-content: center;
    gap: var(--_space);
  }
  .base:has(rc-phone-status[outcome]) .phone-view:not([hidden]) {
    display: none;
  }
  .base:has(.phone-view:not([hidden])) > rc-phone-status[outcome] {
    flex: 1;
  }
  rc-phone-status[outcome]::part(base) {
    height: 100%;
    justify-content: center;
  }
  rc-dialpad {
    align-self: center;
    margin-block: auto;
  }
`;
