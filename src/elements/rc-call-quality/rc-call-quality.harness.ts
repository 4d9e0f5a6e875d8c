import { ElementHarness } from '../../internal/element-harness.js';
import type { RcCallQuality } from './rc-call-quality.component.js';

/** Reads and drives an `<rc-call-quality>`: `harness.label`, `await harness.openDetails()`. */
export class CallQualityHarness extends ElementHarness<RcCallQuality> {
  /** The bars' accessible label ('' while no call is shown). */
  get label(): string {
    return this.part('button')?.getAttribute('aria-label') ?? '';
  }

  /** The hint shown to the user ('' when none). */
  get hint(): string {
    const hint = this.part('hint');
    return hint?.hidden ? '' : this.textOf(hint);
  }

  /** Opens the details (when closed). */
  async openDetails(): Promise<void> {
    const button = this.required<HTMLButtonElement>('[part~="button"]', 'No call is shown');
    if (button.getAttribute('aria-expanded') !== 'true') button.click();
    await this.element.updateComplete;
  }

  /** A figure of the details as shown: 'mos', 'rtt', 'jitter', 'loss', 'route'. */
  figure(name: string): string {
    return this.textOf(this.root.querySelector(`[data-figure="${CSS.escape(name)}"]`));
  }
}
