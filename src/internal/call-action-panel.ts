import { msg } from '@lit/localize';
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { CallActionsController } from '../controllers/call-actions-controller.js';
import type { CallSnapshot } from '../core/call.js';
import type { RcCallAction } from '../events/rc-request-call-action.js';

/** Forms that ask for a target or a message before an action. */
const ACTION_PANELS = ['transfer', 'flip', 'forward', 'reply'] as const;
export type ActionPanel = (typeof ACTION_PANELS)[number];

interface ActionPanelOptions {
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
function renderActionPanel({ panel, call, actions, value, onValue, onDone }: ActionPanelOptions): TemplateResult {
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
function focusPanel(root: ShadowRoot | null): void {
  root?.querySelector<HTMLInputElement>('#panel input')?.focus();
}

/**
 * The button that opens (or closes) a panel asking for more: an `aria-expanded` disclosure
 * of the `#panel` element, the same in `<rc-call-controls>` and `<rc-incoming-call>`.
 */
function renderPanelButton(options: {
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

/**
 * Which panel of an element is open and what its field holds, for `<rc-call-controls>` and
 * `<rc-incoming-call>`: the buttons that open a panel, the form of the open one, and closing
 * it when the call shown changes. `P` adds panels the host renders itself (the keypad).
 */
export class ActionPanels<P extends string = ActionPanel> {
  /** The open panel, if any. */
  open: P | ActionPanel | undefined;
  private value = '';

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly actions: CallActionsController,
    /** Panels whose field takes the focus when they open (the keypad keeps it on its keys). */
    private readonly focusesField: (panel: P | ActionPanel) => boolean = () => true,
  ) {}

  /** Closes the open panel and forgets what was typed (a new call, or the action went through). */
  close(): void {
    this.open = undefined;
    this.value = '';
    this.host.requestUpdate();
  }

  /** The button that opens (or closes) `panel`. */
  button(panel: P | ActionPanel, label: string, icon: TemplateResult, disabled = false): TemplateResult {
    return renderPanelButton({ panel, open: this.open === panel, label, icon, disabled: disabled || this.actions.pending, onToggle: () => this.toggle(panel) });
  }

  /** The form of the open panel when it is one of the action panels, else nothing. */
  form(call: CallSnapshot): TemplateResult | typeof nothing {
    const panel = this.open;
    if (!isActionPanel(panel)) return nothing;
    return renderActionPanel({
      panel,
      call,
      actions: this.actions,
      value: this.value,
      onValue: (value) => {
        this.value = value;
        this.host.requestUpdate();
      },
      onDone: () => this.close(),
    });
  }

  private toggle(panel: P | ActionPanel): void {
    this.open = this.open === panel ? undefined : panel;
    this.value = '';
    this.actions.reset();
    this.host.requestUpdate();
    if (this.open && this.focusesField(this.open)) void this.host.updateComplete.then(() => focusPanel(this.host.shadowRoot));
  }
}

function isActionPanel(panel: string | undefined): panel is ActionPanel {
  return (ACTION_PANELS as readonly (string | undefined)[]).includes(panel);
}
