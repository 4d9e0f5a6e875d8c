import { fail } from './errors.mjs';
import { json } from './http.mjs';

/**
 * /restapi/v1.0/*: the two REST calls a phone needs.
 *
 * @typedef {import('./http.mjs').Context} Context
 */

// Transports a browser can ask for; the answer carries the configured one, so tests can
// point the kit at a plain ws:// proxy while it asks for WSS like the real web phone.
const BROWSER_TRANSPORTS = new Set(['WSS', 'WS']);

/**
 * POST /restapi/v1.0/client-info/sip-provision, answered like the contract's sample.
 * @param {Context} ctx
 */
export function sipProvision(ctx) {
  const { client, user } = ctx.state.authenticate(ctx.headers.authorization);
  // The contract: the endpoint needs the VoipCalling app permission and a user with VoIP.
  if (!client.scope.split(' ').includes('VoipCalling')) fail('appLacksVoip');
  if (!user.voip || ctx.faults.noVoip.has(user.ownerId)) fail('userLacksVoip');

  const request = parseJson(ctx.body);
  const sipInfo = request?.sipInfo;
  if (!Array.isArray(sipInfo) || sipInfo.length === 0) fail('invalidBody', { name: 'sipInfo' });
  if (!sipInfo.every((info) => BROWSER_TRANSPORTS.has(info?.transport))) {
    fail('invalidBody', { name: 'sipInfo.transport' });
  }

  const { sip } = ctx.config;
  return json(200, {
    device: {
      id: ctx.state.provisionDevice(user, request.device?.id),
      type: 'WebPhone',
      status: 'Online',
      extension: { id: Number(user.extensionId), extensionNumber: user.extensionNumber },
      phoneLines: user.phoneNumbers.map((phoneNumber) => ({ phoneInfo: { phoneNumber } })),
    },
    sipInfo: [
      {
        transport: sip.transport,
        username: user.sip.username,
        password: user.sip.password,
        authorizationId: user.sip.authorizationId,
        domain: user.sip.domain,
        outboundProxy: sip.outboundProxy,
        outboundProxyBackup: sip.outboundProxyBackup,
        switchBackInterval: sip.switchBackInterval,
      },
    ],
    sipFlags: { voipFeatureEnabled: true, voipCountryBlocked: false, outboundCallsEnabled: true },
    sipErrorCodes: sip.sipErrorCodes,
  });
}

/**
 * GET /restapi/v1.0/account/~/extension/~: who is signed in.
 * @param {Context} ctx
 */
export function currentExtension(ctx) {
  const { user } = ctx.state.authenticate(ctx.headers.authorization);
  const [firstName, ...lastName] = user.name.split(' ');
  return json(200, {
    id: Number(user.extensionId),
    extensionNumber: user.extensionNumber,
    name: user.name,
    contact: { firstName, lastName: lastName.join(' '), email: user.email },
  });
}

/** @param {string} body */
function parseJson(body) {
  try {
    return JSON.parse(body);
  } catch {
    return fail('invalidBody', { name: 'body' });
  }
}
