/**
 * Checks the STUN/TURN servers of calls as the browser will read them. Firefox refuses a
 * server on a port the Fetch standard blocks ("bad port": 9, 5060, 6000…) or a URL it cannot
 * parse, with a SyntaxError from RTCPeerConnection; Chromium takes any port. Unchecked, a call
 * would fail with that raw SyntaxError, and only in some browsers.
 */
import { ErrorCode, PhoneError } from '../errors.js';

/** STUN's default port (RFC 8489 §18.4), on no browser's blocked list: a URL accepted with it instead was refused for its port. */
const DEFAULT_PORT = '3478';

/** `stun:` / `turn:` URIs (RFC 7064 §3.1, RFC 7065 §3.1): scheme, host (an IPv6 one in brackets), port, query. */
const ICE_URI = /^(stuns?|turns?):(\[[^\]]*\]|[^:?]*)(?::(\d+))?(\?.*)?$/i;

function refusal(configuration: RTCConfiguration): unknown {
  try {
    new RTCPeerConnection(configuration).close();
    return undefined;
  } catch (error) {
    return error ?? new Error('RTCPeerConnection refused the configuration.');
  }
}

/** Throws `invalid-configuration` naming the server this browser refuses, if any, for calls made with `configuration`. */
export function checkIceConfiguration(configuration: RTCConfiguration): void {
  const cause = refusal(configuration);
  if (cause === undefined) return;
  const { iceServers = [] } = configuration;
  for (const server of iceServers)
    for (const url of [server.urls].flat()) {
      if (refusal({ iceServers: [{ ...server, urls: url }] }) === undefined) continue;
      const [, scheme, host, port, query = ''] = ICE_URI.exec(url) ?? [];
      const blocked = port !== undefined && refusal({ iceServers: [{ ...server, urls: `${scheme}:${host}:${DEFAULT_PORT}${query}` }] }) === undefined;
      throw new PhoneError(ErrorCode.InvalidConfiguration, {
        cause,
        message: blocked
          ? `The STUN/TURN server ${url} cannot be used: port ${port} is blocked by this browser (Firefox refuses the ports the Fetch standard blocks). Use another port, such as ${DEFAULT_PORT}.`
          : `The STUN/TURN server ${url} is not a URL this browser accepts.`,
      });
    }
  throw new PhoneError(ErrorCode.InvalidConfiguration, { cause, message: 'This browser refuses the STUN/TURN settings (iceServers, iceTransportPolicy).' });
}
