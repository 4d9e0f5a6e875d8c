import { randomBytes } from 'node:crypto';
import { fail } from './errors.mjs';
import { json } from './http.mjs';

/**
 * The Call Control API's telephony sessions: one per call the rig's SIP side (the platform
 * peer, test/e2e/ringcentral-peer.ts) sets up, whose ids it puts in `p-rc-api-ids` as the
 * platform does. Read with `GET /restapi/v1.0/account/~/telephony/sessions/{telephonySessionId}`
 * (RingCentral's readCallSessionStatus: app permission CallControl, rate limit group Light),
 * shaped like its CallSessionObject: `{ id, origin, creationTime, parties: [CallParty] }`, each
 * party with `recordings: [{ id, active }]` ("active recordings list"; `active` false = paused).
 *
 * @typedef {import('./http.mjs').Context} Context
 * @typedef {import('./config.mjs').User} User
 * @typedef {{ id: string, active: boolean }} RecordingInfo
 * @typedef {{
 *   id: string, extensionId?: string, accountId?: string, direction: 'Inbound' | 'Outbound',
 *   status: { code: string, rcc: boolean }, muted: boolean, standAlone: boolean,
 *   from: { phoneNumber?: string, name?: string, extensionId?: string },
 *   to: { phoneNumber?: string, name?: string, extensionId?: string },
 *   recordings: RecordingInfo[],
 * }} CallParty
 * @typedef {{ id: string, origin: { type: 'Call' }, creationTime: string, parties: CallParty[] }} CallSession
 */

export const SESSION_PATH = /^\/restapi\/v1\.0\/account\/~\/telephony\/sessions\/([^/]+)$/;

// Real ids look like s-a0d7bc131844fz196cfb6059dz833984b0000 (contract, "SIP over WSS").
const hex = (bytes) => randomBytes(bytes).toString('hex');

export class Telephony {
  /** @type {Map<string, CallSession>} */
  sessions = new Map();
  #recordings = 0;

  reset() {
    this.sessions.clear();
    this.#recordings = 0;
  }

  /**
   * A call the platform sets up for `user` (the kit's side) with `peer` (the rig's side).
   * @param {User} user
   * @param {User | undefined} peer
   * @param {'Inbound' | 'Outbound'} direction seen from `user`
   * @param {number} now
   */
  create(user, peer, direction, now) {
    const key = `${hex(6)}z${hex(5)}z${hex(7)}`;
    const id = `s-${key}`;
    const party = (/** @type {User | undefined} */ who, /** @type {number} */ n, /** @type {'Inbound' | 'Outbound'} */ dir) => {
      const me = { phoneNumber: who?.phoneNumbers[0], name: who?.name, extensionId: who?.extensionId };
      const other = n === 1 ? peer : user;
      const them = { phoneNumber: other?.phoneNumbers[0], name: other?.name, extensionId: other?.extensionId };
      return {
        id: `p-${key}-${n}`,
        extensionId: who?.extensionId,
        direction: dir,
        status: { code: 'Answered', rcc: false },
        muted: false,
        standAlone: false,
        from: dir === 'Outbound' ? me : them,
        to: dir === 'Outbound' ? them : me,
        recordings: [],
      };
    };
    /** @type {CallSession} */
    const session = {
      id,
      origin: { type: 'Call' },
      creationTime: new Date(now).toISOString(),
      parties: [party(user, 1, direction), party(peer, 2, direction === 'Inbound' ? 'Outbound' : 'Inbound')],
    };
    this.sessions.set(id, session);
    return { telephonySessionId: id, partyId: session.parties[0].id };
  }

  /**
   * Starts (or pauses, `active: false`) a recording of a party, as automatic call recording
   * or a Call Control API request would.
   * @param {string} telephonySessionId
   * @param {string} partyId
   * @param {boolean} active
   */
  record(telephonySessionId, partyId, active) {
    const party = this.sessions.get(telephonySessionId)?.parties.find((p) => p.id === partyId);
    if (!party) throw new TypeError(`no party ${partyId} in session ${telephonySessionId}`);
    if (party.recordings.length === 0) party.recordings.push({ id: String(++this.#recordings), active });
    else for (const recording of party.recordings) recording.active = active;
  }

  /** @param {string} telephonySessionId the call ended: the session is gone (404) */
  end(telephonySessionId) {
    this.sessions.delete(telephonySessionId);
  }
}

/**
 * GET /restapi/v1.0/account/~/telephony/sessions/{telephonySessionId}. RingCentral checks the
 * app's permission before the resource: without CallControl in the app's scope (or with the
 * `noCallControl` fault) it answers 403 InsufficientPermissions / CMN-401 for any session.
 * A session none of whose parties is the user's own is not found, as one that ended.
 * @param {Context} ctx
 * @param {string} telephonySessionId
 */
export function readCallSession(ctx, telephonySessionId) {
  const { client, user } = ctx.state.authenticate(ctx.headers.authorization);
  if (!client.scope.split(' ').includes('CallControl') || ctx.faults.noCallControl) fail('appLacksCallControl');
  const session = ctx.state.telephony.sessions.get(decodeURIComponent(telephonySessionId));
  if (!session || !session.parties.some((party) => party.extensionId === user.extensionId)) fail('notFound');
  return json(200, session);
}
