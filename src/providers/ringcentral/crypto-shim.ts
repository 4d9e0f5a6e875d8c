/**
 * Stands in for Node's `crypto` in browser builds of @ringcentral/sdk. The SDK imports
 * `createHash` and `randomBytes` only to make PKCE values in `loginUrl({ usePKCE: true })`;
 * the kit makes them with WebCrypto (pkce.ts) and never asks the SDK to, so a real
 * polyfill (crypto-browserify, ~200 KB gzip) would be dead weight. Builds alias `crypto`
 * to this module (see README, "Bundling").
 */
const unavailable = (): never => {
  throw new Error('rc-phone-kit: Node crypto is not bundled; PKCE is made with WebCrypto.');
};

export const createHash = unavailable;
export const randomBytes = unavailable;
export default { createHash, randomBytes };
