import { localized, msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallSnapshot } from '../../core/call.js';
import { CallWarning, QualityWarning, type CallQuality } from '../../core/quality/quality.js';
import { CallState } from '../../core/states.js';
import { themeStyles } from '../../themes/theme.styles.js';
import { RcPhoneElement } from '../../internal/rc-phone-element.js';
import { styles } from './rc-call-quality.styles.js';

/**
 * Bars for a MOS, at the user-satisfaction bands of ITU-T G.107 Annex B (Table B.1): R ≥ 80
 * "satisfied" (MOS 4.03), ≥ 70 "some users dissatisfied" (3.60), ≥ 60 "many" (3.10), ≥ 50
 * "nearly all" (2.58).
 */
export const qualityBars = (mos: number | undefined): number => (mos === undefined ? 4 : [4.03, 3.6, 3.1, 2.58].filter((floor) => mos >= floor).length);

/**
 * How the current call sounds: a signal-bars indicator (from the MOS estimate of the core's
 * quality monitor) whose button opens the figures behind it — MOS, round trip, jitter,
 * packet loss and the media route — and a non-modal hint when the microphone sends nothing
 * or no audio arrives, or when the call's microphone waits for the phone's other tab to be
 * opened (`microphone-waiting`: Firefox opens it only in the selected tab). Renders nothing
 * but that hint while no call is answered. Lazy-loadable: it finds its provider whenever it
 * is defined.
 *
 * @tagname rc-call-quality
 * @summary Live call quality: signal bars, details, and microphone / no-audio hints.
 *
 * @csspart base - The wrapper.
 * @csspart button - The bars' button, which opens the details.
 * @csspart bars - The signal bars.
 * @csspart details - The figures (MOS, RTT, jitter, loss, route).
 * @csspart hint - The hint shown while the microphone is silent, waits for the phone's other tab, or no audio arrives.
 *
 * @cssproperty --rc-call-quality-good - Colour of lit bars. Default `--rc-color-success`.
 * @cssproperty --rc-call-quality-poor - Colour of lit bars at one or two bars. Default `--rc-color-danger`.
 */
@localized()
export class RcCallQuality extends RcPhoneElement {
  static override styles = [themeStyles, styles];

  /** Which call to show; default the phone's current call. */
  @property({ attribute: 'call-id' }) callId = '';

  /** Read-only: present while an answered call is shown (a style hook). */
  @property({ type: Boolean, reflect: true }) active = false;

  /** Read-only: the bars shown, 0–4. */
  @property({ type: Number, reflect: true }) level = 0;

  @state() private open = false;

  /** The call shown. */
  get call(): CallSnapshot | undefined {
    const call = this.chosen;
    return call?.state === CallState.Established ? call : undefined;
  }

  /** The call chosen, answered or not: its microphone may wait while it is still being answered. */
  private get chosen(): CallSnapshot | undefined {
    const snapshot = this.phone.snapshot;
    const id = this.callId || snapshot?.currentCallId;
    return snapshot?.calls.find((each) => each.id === id);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const call = this.call;
    this.active = call !== undefined;
    this.level = call ? (call.warnings.includes(QualityWarning.IceDisconnected) ? 0 : qualityBars(call.quality?.mos)) : 0;
    if (!call) this.open = false;
  }

  private label(quality: CallQuality | undefined): string {
    if (quality?.mos === undefined) return msg('Call quality: measuring');
    const words = [msg('bad'), msg('poor'), msg('fair'), msg('good'), msg('excellent')];
    return msg(str`Call quality: ${words[this.level]} (${this.level} of 4 bars)`);
  }

  private hint(call: CallSnapshot): string {
    // First: the one the user can act on at once, and the other side hears nothing until then.
    if (call.warnings.includes(CallWarning.MicrophoneWaiting))
      return msg('They can’t hear you yet — open the other tab with the phone to start your microphone.');
    if (call.warnings.includes(QualityWarning.MicrophoneSilent) || call.warnings.includes(QualityWarning.MicrophoneStuck))
      return msg('We can’t hear you — check your microphone.');
    if (call.warnings.includes(QualityWarning.NoAudioReceived)) return msg('No audio is arriving from the other side.');
    return '';
  }

  private details(quality: CallQuality | undefined): unknown {
    const figure = (value: number | undefined, unit: string): string => (value === undefined ? '—' : `${value} ${unit}`);
    const route = quality?.route;
    return html`<dl part="details" id="details" class="details">
      <dt>${msg('MOS')}</dt>
      <dd data-figure="mos">${quality?.mos ?? '—'}</dd>
      <dt>${msg('Round trip')}</dt>
      <dd data-figure="rtt">${figure(quality?.rtt, 'ms')}</dd>
      <dt>${msg('Jitter')}</dt>
      <dd data-figure="jitter">${figure(quality?.jitter, 'ms')}</dd>
      <dt>${msg('Packet loss')}</dt>
      <dd data-figure="loss">${quality ? `${Math.round(quality.packetLoss * 1000) / 10} %` : '—'}</dd>
      <dt>${msg('Route')}</dt>
      <dd data-figure="route">${route ? `${route.local} → ${route.remote} (${route.relayProtocol ?? route.protocol})` : '—'}</dd>
    </dl>`;
  }

  protected override render(): unknown {
    const call = this.call;
    const chosen = this.chosen;
    // The live region is always there, so screen readers notice when it fills.
    const hint = chosen && chosen.state !== CallState.Ended ? this.hint(chosen) : '';
    const live = html`<p part="hint" class="hint" role="status" ?hidden=${!hint}>${hint}</p>`;
    if (!call) return live;
    const label = this.label(call.quality);
    return html`<div part="base" class="base">
        <button
          part="button"
          class="button"
          type="button"
          aria-label=${label}
          title=${label}
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls="details"
          @click=${() => (this.open = !this.open)}
        >
          <span part="bars" class="bars" aria-hidden="true">${[1, 2, 3, 4].map((bar) => html`<span class="bar" ?data-lit=${bar <= this.level}></span>`)}</span>
        </button>
        ${this.open ? this.details(call.quality) : nothing}
      </div>
      ${live}`;
  }
}
