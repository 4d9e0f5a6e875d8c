import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { CallActionsController } from '../controllers/call-actions-controller.js';
import type { CallSnapshot } from '../core/call.js';
import type { RcCallAction } from '../events/rc-request-call-action.js';

/** Who is on the other end, for people: the display name, else the number or user. Untrusted text. */
export function callerName(call: Pick<CallSnapshot, 'remote'>): string {
  return call.remote.displayName.trim() || call.remote.user || call.remote.uri;
}

/** The number or address under the name, when the name is a display name. */
export function callerNumber(call: Pick<CallSnapshot, 'remote'>): string {
  return call.remote.displayName.trim() ? call.remote.user || call.remote.uri : '';
}

/** Forms that ask for a target or a message before an action. */
export type ActionPanel = 'transfer' | 'flip' | 'forward' | 'reply';

export interface ActionPanelOptions {
  readonly panel: ActionPanel;
  readonly call: CallSnapshot;
  readonly actions: CallActionsController;
  readonly value: string;
  readonly onValue: (value: string) => void;
  /** The action went through: close the panel. */
  readonly onDone: () => void;
}

function labels(panel: ActionPanel): { field: string; submit: string; action: RcCallAction } {
  switch (panel) {
    case 'transfer':
      return { field: msg('Transfer to'), submit: msg('Transfer now'), action: 'transfer' };
    case 'flip':
      return { field: msg('Flip to'), submit: msg('Flip'), action: 'flip' };
    case 'forward':
      return { field: msg('Forward to'), submit: msg('Forward'), action: 'forward' };
    case 'reply':
      return { field: msg('Message'), submit: msg('Send'), action: 'reply' };
  }
}

/**
 * The form under the buttons of `<rc-call-controls>` and `<rc-incoming-call>`: one field
 * (a target, or a reply message) and its submit button(s). Transfer offers "Transfer now"
 * (blind) and "Consult first" (warm).
 */
export function renderActionPanel({ panel, call, actions, value, onValue, onDone }: ActionPanelOptions): TemplateResult {
  const { field, submit, action } = labels(panel);
  const run = (chosen: RcCallAction) => (event: Event) => {
    event.preventDefault();
    void actions.request(call, chosen, panel === 'reply' ? { message: value } : { target: value }).then((ok) => ok && onDone());
  };
  const problem = actions.problem;
  return html`<form id="panel" part="panel" class="panel form" @submit=${run(action)}>
    <label class="field">
      <span>${field}</span>
      <input
        type=${panel === 'reply' ? 'text' : 'tel'}
        autocomplete="off"
        .value=${value}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby="panel-problem"
        @input=${(event: Event) => {
          // Typing again answers the last complaint; the new value re-renders the host.
          actions.problem = '';
          onValue((event.target as HTMLInputElement).value);
        }}
      />
    </label>
    <p id="panel-problem" class="error" role="alert">${problem}</p>
    <div class="panel-actions">
      <button part="button" class="btn primary" type="submit" data-action=${`${panel}-now`} ?disabled=${actions.pending}>${submit}</button>
      ${
        panel === 'transfer'
          ? html`<button part="button" class="btn" type="button" data-action="consult" ?disabled=${actions.pending} @click=${run('consult')}>
              ${msg('Consult first')}
            </button>`
          : nothing
      }
    </div>
  </form>`;
}

/** Puts the focus in the panel's field once it has rendered. */
export function focusPanel(root: ShadowRoot | null): void {
  root?.querySelector<HTMLInputElement>('#panel input')?.focus();
}

/**
 * The button that opens (or closes) a panel asking for more: an `aria-expanded` disclosure
 * of the `#panel` element, the same in `<rc-call-controls>` and `<rc-incoming-call>`.
 */
export function renderPanelButton(options: {
  readonly panel: string;
  readonly open: boolean;
  readonly label: string;
  readonly icon: TemplateResult;
  readonly disabled: boolean;
  readonly onToggle: () => void;
}): TemplateResult {
  const { panel, open, label, icon, disabled, onToggle } = options;
  return html`<button
    part="button"
    class="btn"
    type="button"
    data-action=${panel}
    aria-expanded=${String(open)}
    aria-controls=${open ? 'panel' : nothing}
    ?disabled=${disabled}
    @click=${onToggle}
  >
    ${icon}<span>${label}</span>
  </button>`;
}
