import { localized, msg } from '@lit/localize';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ErrorCode, toPhoneError } from '../../core/errors.js';
import type { PreflightCheck, PreflightCheckName, PreflightReport } from '../../core/preflight/preflight.js';
import { buttonStyles, themeStyles } from '../../themes/theme.styles.js';
import { RcElement } from '../../internal/rc-element.js';
import type { RcPhoneProvider } from '../rc-phone-provider/rc-phone-provider.component.js';
import { styles } from './rc-preflight.styles.js';

/**
 * "Test my setup": runs the preflight of the `<rc-phone-provider>` it is placed in
 * (`provider.preflight()`: microphone, speaker, registration, ICE, and a call to
 * `echo-target` when given) and shows each check as it completes, with what to do when one
 * did not pass. The check makes a phone of its own: the page's phone and its calls are not
 * touched.
 *
 * @tagname rc-preflight
 * @summary A "Test my setup" button and its report.
 *
 * @event {{ report: PreflightReport }} rc-preflight-complete - The test finished; `report` has every check.
 * @event {{ code: ErrorCode, error: PhoneError }} rc-error - The test could not run (no provider, no credentials).
 *
 * @csspart button - "Test my setup".
 * @csspart checks - The list of checks.
 * @csspart check - One check (`data-status`: pass, warn, fail, skipped).
 * @csspart summary - The overall result, announced when it is known.
 *
 * @cssproperty --rc-preflight-pass - Colour of a passed check. Default `--rc-color-success`.
 * @cssproperty --rc-preflight-fail - Colour of a failed check. Default `--rc-color-danger`.
 */
@localized()
export class RcPreflight extends RcElement {
  static override styles = [themeStyles, buttonStyles, styles];

  /** An extension that echoes audio: the test calls it. Without one the media check is skipped. */
  @property({ attribute: 'echo-target' }) echoTarget = '';

  /** Read-only: present while the test runs. */
  @property({ type: Boolean, reflect: true }) running = false;

  @state() private checks: readonly PreflightCheck[] = [];
  @state() private report: PreflightReport | undefined;

  /** Runs the test; resolves with its report (undefined when it could not run, reported as `rc-error`). */
  async run(): Promise<PreflightReport | undefined> {
    if (this.running) return undefined;
    // The provider this element sits in (in the page, or in the same shadow root as in <rc-phone>).
    const provider = this.closest<RcPhoneProvider>('rc-phone-provider');
    this.running = true;
    this.checks = [];
    this.report = undefined;
    try {
      if (!provider) throw new Error('rc-preflight must be placed inside an rc-phone-provider.');
      this.report = await provider.preflight({
        ...(this.echoTarget ? { echoTarget: this.echoTarget } : {}),
        onProgress: (check) => (this.checks = [...this.checks, check]),
      });
      this.emit('rc-preflight-complete', { report: this.report });
      return this.report;
    } catch (error) {
      const problem = toPhoneError(error, ErrorCode.InvalidConfiguration);
      this.emit('rc-error', { code: problem.code, error: problem, callId: undefined });
      return undefined;
    } finally {
      this.running = false;
    }
  }

  private checkTitle(name: PreflightCheckName): string {
    return {
      microphone: msg('Microphone'),
      speaker: msg('Speaker'),
      signalling: msg('Connection and sign-in'),
      ice: msg('Network for audio'),
      media: msg('Test call'),
    }[name];
  }

  private status(check: PreflightCheck): string {
    return { pass: msg('OK'), warn: msg('Check'), fail: msg('Problem'), skipped: msg('Skipped') }[check.status];
  }

  protected override render(): unknown {
    const summary = this.running
      ? msg('Testing your setup…')
      : this.report
        ? {
            pass: msg('Your setup is ready for calls.'),
            warn: msg('Your setup works, with warnings below.'),
            fail: msg('Your setup has a problem: see below.'),
          }[this.report.status]
        : '';
    return html`<button part="button" class="btn" type="button" ?disabled=${this.running} @click=${() => void this.run()}>${msg('Test my setup')}</button>
      <p part="summary" class="summary" role="status">${summary}</p>
      ${
        this.checks.length
          ? html`<ul part="checks" class="checks">
              ${this.checks.map(
                (check) =>
                  html`<li part="check" class="check" data-status=${check.status} data-check=${check.name}>
                    <span class="name">${this.checkTitle(check.name)}</span> <span class="status">${this.status(check)}</span>
                    <span class="message">${check.message}</span>
                    ${check.advice && check.status !== 'pass' ? html`<span class="advice">${check.advice}</span>` : nothing}
                  </li>`,
              )}
            </ul>`
          : nothing
      }`;
  }
}
