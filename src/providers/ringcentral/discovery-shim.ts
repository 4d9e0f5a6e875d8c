/**
 * Stands in for @ringcentral/sdk's `Discovery` in the kit's browser builds. The SDK makes
 * one (`new Discovery(…)`) only for `enableDiscovery: true`, which the kit never passes, so
 * the real module (~2.5 KB gzip) would be dead weight in the RingCentral chunk. See
 * scripts/browser-deps.mjs.
 */
export default function Discovery(): never {
  throw new Error('rc-phone-kit: RingCentral discovery is not bundled.');
}
