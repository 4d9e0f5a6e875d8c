// The RingCentral SDK, re-exported through a plain JavaScript module with its own small
// declaration file (sdk.d.ts): the SDK's own typings reference @types/node, and loading
// them would turn the kit's DOM timer types into Node's for every module.
// Browser builds must map the SDK's `crypto` import to ./crypto-shim.js (see README).
export { SDK } from '@ringcentral/sdk';
