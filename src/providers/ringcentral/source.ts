/**
 * The RingCentral credential source: SIP credentials from `sip-provision`, and the
 * platform's call features on top of SIP — the `P-rc` header of incoming calls, the
 * `x-rc/agent` MESSAGE commands (receive confirm, forward, to voicemail, reply) and the
 * JSON INFO commands of answered calls (recording, park, flip). One source per phone.
 */
import type { Call } from '../../core/call.js';
import type { CredentialSource, ProviderHooks, ProviderHost, ProviderRequest, SipCredentials } from '../../core/credentials.js';
import { ErrorCode, PhoneError } from '../../core/errors.js';
import { consoleLogger, redacting, type Logger } from '../../core/log.js';
import { checkServer } from '../../core/reconnect.js';
import { CallDirection, CallEndReason, CallState } from '../../core/states.js';
import type { RingCentralAuth } from './auth.js';
import { describeFailure, platformError, sessionIsOver } from './errors.js';
import { CACHE_PREFIX } from './login-state.js';
import { PlatformRecordings, type CallControlAccess } from './platform-recordings.js';
import { parseRcApiIds } from './rc-api-ids.js';
import { buildRcMessage, parseRcMessage, RcCommand, type RcMessage } from './rc-message.js';
import { keep } from './storage.js';

/** What the provider offers on calls (`PhoneCommands.providerAction`). */
export const RINGCENTRAL_CAPABILITIES = ['record', 'park', 'flip', 'forward', 'voicemail', 'reply'] as const;

export interface Provisioned {
  /** The user's numbers from the device's phone lines (E.164): the caller IDs to choose from. */
  readonly phoneNumbers: readonly string[];
  readonly deviceId: string;
}

export interface RingCentralSourceOptions {
  readonly auth: RingCentralAuth;
  /** The caller ID chosen for outgoing calls; one of the provisioned numbers, else the platform's default. */
  readonly callerId: () => string | undefined;
  /** Told about every successful provisioning. */
  readonly onProvisioned?: (provisioned: Provisioned) => void;
  /** How long to wait for the platform's answer to a call command (default 60 s, as the RingCentral web phone). */
  readonly commandTimeoutMs?: number | undefined;
  readonly storage?: Storage;
  /** Shared by the sources of one sign-in: once the Call Control API refuses it (403), it is not asked again. */
  readonly callControl?: CallControlAccess;
  readonly logger?: Logger | undefined;
}

interface SipInfo {
  readonly username: string;
  readonly password: string;
  readonly authorizationId: string;
  readonly domain: string;
  /** `outboundProxy`, then `outboundProxyBackup` when there is one, as WebSocket URLs. */
  readonly proxies: readonly string[];
  /** `sipErrorCodes`; undefined when absent (the core's defaults are the same four codes). */
  readonly failoverCodes: readonly number[] | undefined;
  /** `switchBackInterval` in ms; undefined when absent or unusable (the core's default). */
  readonly failbackInterval: number | undefined;
}

interface PendingCommand {
  readonly call: Call;
  readonly command: string;
  readonly resolve: (result: Readonly<Record<string, unknown>>) => void;
  readonly reject: (error: PhoneError) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

const PROVISION_PATH = '/restapi/v1.0/client-info/sip-provision';
const DEVICE_KEY = `${CACHE_PREFIX}device-id`;
const INFO_TYPE = 'application/json;charset=utf-8';
const AGENT_TYPE = 'x-rc/agent';
// Retry-After longer than this is not worth holding the phone's start for.
const MAX_RETRY_AFTER_S = 60;
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;
// What can be dialled by flip, forward: digits, *, #, + (extensions and E.164 numbers).
const DIALLED = /^\+?[0-9*#]{1,32}$/;
export const E164 = /^\+[1-9]\d{6,14}$/;

/** `sipFlags` values come as booleans or as the strings "True"/"False" (contract): accept both. */
const flag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : typeof value === 'string' ? /^true$/i.test(value) : undefined);

// The longest switchBackInterval used (1 day; RingCentral's is 1800 s): the wait plus its jitter must fit a timer (2^31 − 1 ms).
const MAX_SWITCH_BACK_S = 86_400;
// SIP status codes are three digits, 100–699 (RFC 3261 §7.2).
const SIP_STATUS = /^[1-6]\d\d$/;

/** `sipErrorCodes` come as strings ("503"); anything that is not a SIP status code is dropped. */
const statusCodes = (value: unknown): number[] | undefined =>
  Array.isArray(value)
    ? value.filter((code) => (typeof code === 'string' || typeof code === 'number') && SIP_STATUS.test(String(code))).map(Number)
    : undefined;

/** `switchBackInterval` (seconds) → ms. */
const switchBackMs = (value: unknown): number | undefined => {
  const seconds = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_SWITCH_BACK_S ? seconds * 1000 : undefined;
};

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || !value || value.length > 256)
    throw new PhoneError(ErrorCode.CredentialsFailed, { message: `RingCentral's sip-provision answer has no usable ${name}.` });
  return value;
};

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new PhoneError(ErrorCode.Disposed));
      },
      { once: true },
    );
  });

export class RingCentralSource implements CredentialSource {
  readonly kind = 'ringcentral';
  readonly capabilities: readonly string[] = RINGCENTRAL_CAPABILITIES;
  /** The platform's edge is the phone's only SIP peer: a CANCEL saying "answered elsewhere" is its word. */
  readonly trustsCancelReason = true;
  /**
   * The tokens live in localStorage, so every tab of a browser profile signed in to this
   * app is the same user, and provisions the same device (the stored device id): the
   * platform URL and client id name it before sip-provision runs. One tab then provisions
   * and registers for all, instead of each replacing the others' binding (they would share
   * the stored `+sip.instance`) and using up the extension's 5 devices.
   */
  readonly shareKey: string;
  readonly hooks: ProviderHooks = {
    attach: (host) => {
      this.host = host;
    },
    outgoingHeaders: () => this.outgoingHeaders(),
    incoming: (call) => this.onIncoming(call),
    response: (call) => this.readApiIds(call),
    message: (request) => this.onServerMessage(request),
    callRequest: (call, request) => this.onCallRequest(call, request),
    callState: (call) => this.recordings.follow(call),
  };

  private host: ProviderHost | undefined;
  private sip: SipInfo | undefined;
  private phoneNumbers: readonly string[] = [];
  private reqid = 0;
  private readonly pending = new Map<number, PendingCommand>();
  /** The `P-rc` message of each incoming RingCentral call. */
  private readonly rcCalls = new WeakMap<Call, RcMessage>();
  /** Each incoming call's receive confirmation: other commands wait for it (the web phone does too). */
  private readonly confirmed = new WeakMap<Call, Promise<void>>();
  /** Reply commands waiting for the server's "session closed", by SID. */
  private readonly closing = new Map<string, (error?: PhoneError) => void>();
  private readonly timeoutMs: number;
  private readonly storage: Storage;
  /** Recordings the platform starts by itself (automatic recording, the Call Control API). */
  private readonly recordings: PlatformRecordings;

  constructor(private readonly options: RingCentralSourceOptions) {
    this.shareKey = `ringcentral ${options.auth.server.replace(/\/+$/, '')} ${options.auth.clientId}`;
    this.timeoutMs = options.commandTimeoutMs ?? 60_000;
    this.storage = options.storage ?? localStorage;
    this.recordings = new PlatformRecordings({
      platform: options.auth.platform,
      access: options.callControl ?? { denied: false },
      log: redacting(options.logger ?? consoleLogger()),
    });
  }

  // ---- credentials ----

  async load(signal: AbortSignal): Promise<SipCredentials> {
    const sip = await this.provision(signal);
    this.sip = sip;
    return {
      // Contract (failover): the main proxy, then the backup, for the phone's ConnectionSupervisor
      // to fail over on connection failures and sipErrorCodes, and come back after
      // switchBackInterval (plus jitter) while no call is live.
      server: sip.proxies.join(' '),
      uri: `sip:${sip.username}@${sip.domain}`,
      authorizationUsername: sip.authorizationId,
      password: sip.password,
      registerHeaders: this.platformHeaders(),
      failoverCodes: sip.failoverCodes,
      failbackInterval: sip.failbackInterval,
    };
  }

  private platformHeaders(): string[] {
    // Seen on the RingCentral web phone's REGISTER and INVITE.
    return [`Client-id: ${this.options.auth.clientId}`, `P-rc-endpoint-id: ${this.options.auth.endpointId}`];
  }

  private async provision(signal: AbortSignal): Promise<SipInfo> {
    const { platform } = this.options.auth;
    for (let attempt = 0; ; attempt++) {
      let body: unknown;
      try {
        const deviceId = this.storage.getItem(DEVICE_KEY);
        // Naming our earlier device keeps one device per browser instead of a new one per sign-in.
        const response = await platform.post(PROVISION_PATH, { sipInfo: [{ transport: 'WSS' }], ...(deviceId ? { device: { id: deviceId } } : {}) });
        body = await response.json();
      } catch (error) {
        const failure = await describeFailure(error);
        const wait = failure.status === 429 ? (failure.retryAfter ?? MAX_RETRY_AFTER_S) : failure.status === 503 ? 2 ** attempt : undefined;
        if (wait !== undefined && wait <= MAX_RETRY_AFTER_S && attempt < 2 && !signal.aborted) {
          await sleep(wait * 1000, signal);
          continue;
        }
        const phoneError = platformError(failure, ErrorCode.CredentialsFailed);
        if (sessionIsOver(failure))
          await this.options.auth.sessionEnded(new PhoneError(ErrorCode.SessionEnded, { message: phoneError.message, cause: phoneError.cause }));
        throw phoneError;
      }
      if (signal.aborted) throw new PhoneError(ErrorCode.Disposed);
      return this.parseProvision(body);
    }
  }

  private parseProvision(body: unknown): SipInfo {
    const answer = (body ?? {}) as {
      device?: { id?: unknown; phoneLines?: { phoneInfo?: { phoneNumber?: unknown } }[] };
      sipInfo?: Record<string, unknown>[];
      sipFlags?: Record<string, unknown>;
      sipErrorCodes?: unknown;
    };
    const flags = answer.sipFlags ?? {};
    if (flag(flags['voipFeatureEnabled']) === false) throw new PhoneError(ErrorCode.VoipUnavailable);
    if (flag(flags['voipCountryBlocked']) === true)
      throw new PhoneError(ErrorCode.VoipUnavailable, { message: 'VoIP calling is blocked for this user’s country.' });
    const info = answer.sipInfo?.[0];
    if (!info) throw new PhoneError(ErrorCode.CredentialsFailed, { message: 'RingCentral’s sip-provision answer has no sipInfo.' });
    const transport = String(info['transport'] ?? 'WSS').toUpperCase();
    const backup = info['outboundProxyBackup'];
    const sip: SipInfo = {
      username: text(info['username'], 'username'),
      password: text(info['password'], 'password'),
      authorizationId: text(info['authorizationId'], 'authorizationId'),
      domain: text(info['domain'], 'domain'),
      proxies: [
        this.proxyUrl(transport, text(info['outboundProxy'], 'outboundProxy')),
        ...(typeof backup === 'string' && backup ? [this.proxyUrl(transport, backup)] : []),
      ],
      failoverCodes: statusCodes(answer.sipErrorCodes),
      failbackInterval: switchBackMs(info['switchBackInterval']),
    };
    if (/[\s<>@"]/.test(sip.username) || /[\s<>@"]/.test(sip.domain))
      throw new PhoneError(ErrorCode.CredentialsFailed, { message: 'RingCentral’s SIP user name or domain is malformed.' });
    const deviceId = answer.device?.id;
    // Without room for it, the next sign-in makes a new device instead of reusing this one.
    if (typeof deviceId === 'string' || typeof deviceId === 'number') keep(this.storage, DEVICE_KEY, String(deviceId));
    this.phoneNumbers = (answer.device?.phoneLines ?? [])
      .map((line) => line.phoneInfo?.phoneNumber)
      .filter((n): n is string => typeof n === 'string' && E164.test(n));
    this.options.onProvisioned?.({ phoneNumbers: this.phoneNumbers, deviceId: String(deviceId ?? '') });
    return sip;
  }

  /** RFC 7118: `wss://host:port`. Plain `ws://` only to a loopback proxy (the project's test server). */
  private proxyUrl(transport: string, proxy: string): string {
    if (!HOST_PORT.test(proxy)) throw new PhoneError(ErrorCode.CredentialsFailed, { message: 'RingCentral’s outbound proxy address is malformed.' });
    const url = `${transport === 'WS' ? 'ws' : 'wss'}://${proxy}`;
    try {
      // Not the app's allow-insecure: the platform must not talk the kit into plain ws:// to another host.
      checkServer(url, false);
    } catch (error) {
      throw new PhoneError(ErrorCode.InsecureServer, {
        message: 'RingCentral offered an unencrypted ws:// proxy that is not on this computer; only wss:// is used.',
        cause: error,
      });
    }
    return url;
  }

  // ---- SIP hooks ----

  private outgoingHeaders(): readonly string[] {
    const sip = this.sip;
    if (!sip) return [];
    const chosen = this.options.callerId();
    // Contract: the caller ID goes in P-Asserted-Identity; without a choice, the extension's own identity.
    const from = chosen && this.phoneNumbers.includes(chosen) ? chosen : sip.username;
    return [`P-Asserted-Identity: sip:${from}@${sip.domain}`, ...this.platformHeaders()];
  }

  /**
   * Whether a request whose From is `uri` comes from the platform (its provisioned SIP
   * domain). `P-rc` headers and `x-rc/agent` commands from anyone else are ignored: they
   * would let a caller rename itself, hide a missed call (Cmd 7) or make the phone send
   * MESSAGEs where it says.
   */
  private fromPlatform(uri: string | undefined): boolean {
    const domain = this.sip?.domain.toLowerCase();
    const host = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;?>]+)/i.exec(uri ?? '')?.[1]?.toLowerCase();
    return domain !== undefined && host === domain;
  }

  /** The platform's call identifiers (`p-rc-api-ids`), on an incoming INVITE or the answer to ours. */
  private readApiIds(call: Call): void {
    if (!this.fromPlatform(call.remote.uri)) return;
    const ids = parseRcApiIds(call.header('p-rc-api-ids'));
    if (ids) call.setPlatformIds(ids);
  }

  private onIncoming(call: Call): void {
    if (!this.fromPlatform(call.remote.uri)) return;
    this.readApiIds(call);
    const message = parseRcMessage(call.header('P-rc'));
    if (!message) return;
    this.rcCalls.set(call, message);
    const name = message.body['Nm'];
    if (name) call.setRemoteDisplayName(name);
    // Contract: after 180 the client confirms it rings (Cmd 17); sip.js has sent 180 by now.
    const confirm = this.sendSessionMessage(call, RcCommand.ReceiveConfirm, {});
    confirm.catch(() => undefined);
    this.confirmed.set(call, confirm);
  }

  /** Out-of-dialog `x-rc/agent` MESSAGE from the platform. */
  private onServerMessage(request: ProviderRequest): void {
    if (!/^x-rc\/agent/i.test(request.contentType) || !this.fromPlatform(request.from)) return;
    const message = parseRcMessage(request.body);
    const sid = message?.header['SID'];
    if (!message || !sid) return;
    const command = Number(message.header['Cmd']);
    if (command === RcCommand.SessionClose) this.closing.get(sid)?.();
    if (command !== RcCommand.AlreadyProcessed) return;
    for (const call of this.host?.calls() ?? []) {
      // Also sent to the device that answered, as a confirmation: only a call still ringing here was taken elsewhere.
      if (this.rcCalls.get(call)?.header['SID'] !== sid || call.state !== CallState.Ringing) continue;
      call.expectEnd(CallEndReason.AnsweredElsewhere);
      void call.hangup().catch(() => undefined);
    }
  }

  /** In-dialog INFO: the platform's answer to one of our commands. */
  private onCallRequest(call: Call, request: ProviderRequest): void {
    if (request.method !== 'INFO' || !/^application\/json/i.test(request.contentType)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      return;
    }
    const response = (parsed as { response?: { reqid?: unknown; reqId?: unknown; command?: unknown; result?: Record<string, unknown> } } | null)?.response;
    if (!response || typeof response.command !== 'string') return;
    const reqid = Number(response.reqid ?? response.reqId);
    const entry = this.pending.get(reqid) ?? [...this.pending.values()].find((p) => p.call === call && p.command === response.command);
    if (!entry || entry.call !== call || entry.command !== response.command) return;
    this.settle(entry);
    const result = response.result ?? {};
    const code = Number(result['code']);
    if (code === 0) entry.resolve(result);
    else {
      const description = typeof result['description'] === 'string' ? result['description'].slice(0, 120) : 'no reason given';
      entry.reject(
        new PhoneError(ErrorCode.CallActionFailed, {
          message: `RingCentral refused "${entry.command}": ${description} (code ${Number.isFinite(code) ? code : '?'}).`,
        }),
      );
    }
  }

  // ---- call features ----

  async callAction(call: Call, action: string, args: Readonly<Record<string, unknown>> = {}): Promise<unknown> {
    switch (action) {
      case 'record':
        return this.record(call, args['on']);
      case 'park': {
        const result = await this.command(call, 'callpark');
        return { location: String(result['park extension'] ?? '') };
      }
      case 'flip': {
        const target = dialled(args['target']);
        await this.command(call, 'callflip', { target });
        return { target };
      }
      case 'forward':
        await this.ringingCommand(call, RcCommand.Forward, { FwdDly: '0', Phn: dialled(args['target']), PhnTp: '3' }, CallEndReason.Transferred);
        return {};
      case 'voicemail':
        await this.ringingCommand(call, RcCommand.ToVoicemail, {}, CallEndReason.Declined);
        return {};
      case 'reply':
        await this.reply(call, args['message']);
        return {};
      default:
        throw new PhoneError(ErrorCode.CallActionFailed, { message: `RingCentral does not offer "${action.slice(0, 32)}".` });
    }
  }

  private async record(call: Call, on: unknown): Promise<{ recording: boolean }> {
    if (typeof on !== 'boolean') throw new PhoneError(ErrorCode.CallActionFailed, { message: 'Say whether to record: { on: true } or { on: false }.' });
    if (call.recording !== on) {
      await this.command(call, on ? 'startcallrecord' : 'stopcallrecord');
      this.recordings.recorded(call, on);
      // In the call's snapshot, so every element and tab shows it, not only the one that asked.
      call.setRecording(on);
    }
    return { recording: on };
  }

  /** Contract: reply = "start reply" (13), then the text (14); the platform then closes the session (9). */
  private async reply(call: Call, text: unknown): Promise<void> {
    if (typeof text !== 'string' || !text.trim() || text.length > 1000)
      throw new PhoneError(ErrorCode.CallActionFailed, { message: 'A reply needs a message of 1 to 1000 characters.' });
    const sid = this.rcMessageOf(call).header['SID'] ?? '';
    const closed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.closing.delete(sid);
        reject(new PhoneError(ErrorCode.CallActionFailed, { message: `RingCentral did not confirm the reply within ${this.timeoutMs / 1000} s.` }));
      }, this.timeoutMs);
      this.closing.set(sid, (error) => {
        clearTimeout(timer);
        this.closing.delete(sid);
        if (error) reject(error);
        else resolve();
      });
    });
    closed.catch(() => undefined);
    try {
      await this.ringingCommand(call, RcCommand.StartReply, {}, undefined);
      await this.ringingCommand(call, RcCommand.Reply, { RepTp: '0', Bdy: text }, CallEndReason.Declined);
    } catch (error) {
      this.closing.get(sid)?.(error instanceof PhoneError ? error : undefined);
      throw error;
    }
    await closed;
  }

  /** A command on a ringing incoming call: an `x-rc/agent` MESSAGE; the platform then ends the call (CANCEL). */
  private async ringingCommand(call: Call, command: number, body: Record<string, string>, endsAs: CallEndReason | undefined): Promise<void> {
    if (call.direction !== CallDirection.Inbound || call.state !== CallState.Ringing) {
      throw new PhoneError(ErrorCode.InvalidState, { message: 'That works only on a ringing incoming call.' });
    }
    this.rcMessageOf(call);
    await this.confirmed.get(call)?.catch(() => undefined);
    if (endsAs) call.expectEnd(endsAs);
    try {
      await this.sendSessionMessage(call, command, body);
    } catch (error) {
      call.expectEnd(undefined);
      throw error;
    }
  }

  private rcMessageOf(call: Call): RcMessage {
    const message = this.rcCalls.get(call);
    if (!message) throw new PhoneError(ErrorCode.CallActionFailed, { message: 'This call did not come with RingCentral call control (no P-rc header).' });
    return message;
  }

  /** Contract: `<Msg><Hdr SID Req From=<orig To> To=<orig From> Cmd/><Bdy Cln=<authorizationId> …/></Msg>` to the original From. */
  private async sendSessionMessage(call: Call, command: number, body: Record<string, string>): Promise<void> {
    const message = this.rcMessageOf(call);
    const { header } = message;
    const sip = this.sip;
    const host = this.host;
    if (!sip || !host) throw new PhoneError(ErrorCode.InvalidState, { message: 'The phone is not connected.' });
    const target = messageTarget(header['From'] ?? '', sip.domain);
    if (!target) throw new PhoneError(ErrorCode.CallActionFailed, { message: 'The call’s RingCentral header names no server to answer.' });
    const xml = buildRcMessage(
      { SID: header['SID'] ?? '', Req: header['Req'] ?? '', From: header['To'] ?? '', To: header['From'] ?? '', Cmd: String(command) },
      { Cln: sip.authorizationId, ...body },
    );
    try {
      await host.sendMessage(target, AGENT_TYPE, xml);
    } catch (error) {
      throw new PhoneError(ErrorCode.CallActionFailed, {
        message: `RingCentral did not take the command${error instanceof PhoneError && error.statusCode ? ` (${error.statusCode})` : ''}.`,
        cause: error,
      });
    }
  }

  /** Contract: INFO `{"request":{"reqid":N,"command":…}}`, answered 200, then the platform's own INFO with the result. */
  private async command(call: Call, command: string, extra: Record<string, string> = {}): Promise<Readonly<Record<string, unknown>>> {
    if (call.state !== CallState.Established) throw new PhoneError(ErrorCode.InvalidState, { message: 'That works only during an answered call.' });
    const reqid = ++this.reqid;
    const answer = new Promise<Readonly<Record<string, unknown>>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(reqid);
        reject(new PhoneError(ErrorCode.CallActionFailed, { message: `RingCentral did not answer "${command}" within ${this.timeoutMs / 1000} s.` }));
      }, this.timeoutMs);
      // Registered before sending: the answer may arrive before our INFO's 200 is processed.
      this.pending.set(reqid, { call, command, resolve, reject, timer });
    });
    answer.catch(() => undefined);
    try {
      await call.sendInfo(INFO_TYPE, JSON.stringify({ request: { reqid, command, ...extra } }));
    } catch (error) {
      const entry = this.pending.get(reqid);
      if (entry) this.settle(entry);
      const status = (error as { response?: { statusCode?: number } }).response?.statusCode;
      throw new PhoneError(ErrorCode.CallActionFailed, { message: `RingCentral refused "${command}"${status ? ` (${status})` : ''}.`, cause: error });
    }
    return answer;
  }

  private settle(entry: PendingCommand): void {
    clearTimeout(entry.timer);
    for (const [id, value] of this.pending) if (value === entry) this.pending.delete(id);
  }

  dispose(): void {
    for (const entry of [...this.pending.values()]) {
      this.settle(entry);
      entry.reject(new PhoneError(ErrorCode.Disposed));
    }
    for (const close of [...this.closing.values()]) close(new PhoneError(ErrorCode.Disposed));
    this.recordings.dispose();
    this.host = undefined;
  }
}

function dialled(value: unknown): string {
  if (typeof value !== 'string' || !DIALLED.test(value.replace(/[\s().-]/g, ''))) {
    throw new PhoneError(ErrorCode.InvalidTarget, { message: 'Give a number or extension: digits, *, # and a leading +.' });
  }
  return value.replace(/[\s().-]/g, '');
}

/**
 * The URI to send a session MESSAGE to: the `From` of the `P-rc` header, `user@host` or
 * just `user` (then our SIP domain). RingCentral users start with `#`, which a SIP URI
 * must escape (RFC 3261 §25.1).
 */
function messageTarget(from: string, domain: string): string | undefined {
  const [user = '', host = domain, ...rest] = from.split('@');
  if (rest.length > 0 || !/^[#A-Za-z0-9\-_.!~*'()&=+$,;?/]{1,64}$/.test(user) || !HOST_PORT.test(host)) return undefined;
  return `sip:${user.replace(/#/g, '%23')}@${host}`;
}
