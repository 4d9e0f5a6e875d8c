import { property } from 'lit/decorators.js';
import { transferAllowed, type TransferPolicy, type TransferRequest } from '../../core/transfer-policy.js';
import { RcPhoneScriptApi } from './rc-phone-provider.api.js';
import type { PhoneSettings } from './rc-phone-provider.settings.js';

/** `trust-cancel-reason` (or `="true"`) trusts, `="false"` does not; absent: the default of the phone options and provider. */
const optionalBoolean = {
  fromAttribute: (value: string | null): boolean | undefined => (value === null ? undefined : value !== 'false'),
  toAttribute: (value: boolean | undefined): string | null => (value === undefined ? null : String(value)),
};

/**
 * What `<rc-phone-provider>` lets the other party of a call do: transfer the phone
 * elsewhere (REFER) and hide a missed call ("answered elsewhere"). Its own class so the
 * provider's file keeps to one concern.
 *
 * @event {{ callId: string, target: string, from: string, attended: boolean }} rc-request-transfer - The other party asked to transfer the call (REFER, RFC 3515) to `target`, and `transfer-policy` allows it. Cancelable: `preventDefault()` refuses it (403 to the peer, `rc-error` `transfer-refused`).
 */
export abstract class RcPhonePolicies extends RcPhoneScriptApi implements Pick<PhoneSettings, 'transferPolicy' | 'trustCancelReason' | 'decideTransfer'> {
  /**
   * Which transfers requested by the other party of a call (REFER) the phone follows:
   * `same-domain` (default: `sip:`/`sips:` addresses in the phone's own SIP domain) or
   * `never`; as a property also a function deciding each request (it may ask the user; no
   * answer within 10 s refuses). Default: `phoneOptions.transferPolicy`, else `same-domain`.
   * Each allowed request then fires the cancelable `rc-request-transfer`. Refusals are
   * answered 403 and reported as `rc-error` `transfer-refused`.
   */
  @property({ attribute: 'transfer-policy' }) transferPolicy: TransferPolicy | undefined;

  /**
   * Believe a CANCEL's `Reason: SIP;cause=200` ("answered elsewhere", RFC 3326), which keeps
   * the call out of the missed calls. Only safe when your SIP server strips the Reason of the
   * CANCELs callers send (Kamailio: `modparam("tm", "e2e_cancel_reason", 0)`); otherwise any
   * caller can hide a missed call. `trust-cancel-reason="false"` never believes it. Default:
   * `phoneOptions.trustCancelReason`, else yes for `provider="ringcentral"` (its platform
   * is the only SIP peer), else no.
   */
  @property({ attribute: 'trust-cancel-reason', converter: optionalBoolean }) trustCancelReason: boolean | undefined;

  /**
   * Decides a peer's transfer request for the phone: `policy`, then the page's veto by `rc-request-transfer`.
   * @internal
   */
  async decideTransfer(policy: TransferPolicy | undefined, request: TransferRequest): Promise<boolean> {
    if (!(await transferAllowed(policy, request, this.snapshot.uri))) return false;
    const { callId, target, from, attended } = request;
    return this.emit('rc-request-transfer', { callId, target, from, attended }, { cancelable: true });
  }
}
