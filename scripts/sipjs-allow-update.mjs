// A build-time change to sip.js 0.21, as a rollup plugin (scripts/browser-deps.mjs builds the
// sip.js the package ships with it): UPDATE (RFC 3311) in the Allow header sip.js sends.
//
// sip.js 0.21 does not implement UPDATE, so it leaves it out of every Allow header: its
// AllowedMethods list (2xx to INVITE, re-INVITEs, OPTIONS answers, 405s) and the list written
// into the Inviter. The kit answers in-dialog UPDATEs itself (src/core/sip/in-dialog-update.ts,
// which also takes every UPDATE before sip.js's core sees it), and a peer reads Allow to decide
// whether it may refresh its session timer by UPDATE (RFC 4028 §7.4, §9) rather than by a
// re-INVITE. A file that does not look exactly like sip.js 0.21.2's is left alone (with a warning).
const ALLOWED_METHODS = /sip\.js[\\/]lib[\\/]core[\\/]user-agent-core[\\/]allowed-methods\.js$/;
const INVITER = /sip\.js[\\/]lib[\\/]api[\\/]inviter\.js$/;
const ALLOWED_END = '    C.SUBSCRIBE\n];';
const INVITER_LIST = '["ACK", "CANCEL", "INVITE", "MESSAGE", "BYE", "OPTIONS", "INFO", "NOTIFY", "REFER"]';

/** `code` of the module `id` with UPDATE allowed; undefined when it is not the expected file; null when the module is not one this changes. */
export function allowUpdate(code, id) {
  const [from, to] = ALLOWED_METHODS.test(id)
    ? [ALLOWED_END, '    C.SUBSCRIBE,\n    C.UPDATE\n];']
    : INVITER.test(id)
      ? [INVITER_LIST, INVITER_LIST.replace(']', ', "UPDATE"]')]
      : [];
  if (from === undefined) return null;
  const at = code.indexOf(from);
  if (at < 0 || code.indexOf(from, at + 1) >= 0) return undefined;
  return code.slice(0, at) + to + code.slice(at + from.length);
}

/** rollup / Vite plugin. */
export function sipjsAllowUpdateRollup() {
  return {
    name: 'sipjs-allow-update',
    transform(code, id) {
      const changed = allowUpdate(code, id);
      if (changed === undefined) this.warn(`${id} is not the sip.js 0.21 file this plugin knows; UPDATE is not added to its Allow header.`);
      return changed ? { code: changed, map: null } : null;
    },
  };
}
