import { ElementHarness } from '../../internal/element-harness.js';
import type { RcPreflight } from './rc-preflight.component.js';

/** Drives an `<rc-preflight>`: `await harness.start()`, then read `harness.statuses`. */
export class PreflightHarness extends ElementHarness<RcPreflight> {
  /** Clicks "Test my setup". */
  async start(): Promise<void> {
    this.required<HTMLButtonElement>('[part~="button"]').click();
    await this.element.updateComplete;
  }

  /** Each check shown, as `name: status`. */
  get statuses(): string[] {
    return this.parts('check').map((li) => `${li.dataset['check']}: ${li.dataset['status']}`);
  }

  /** The overall result as announced. */
  get summary(): string {
    return this.text('summary');
  }
}
