/**
 * The far end of the RingCentral call-feature tests: a plain sip.js user agent, registered
 * on the project's Kamailio as another RingCentral-style account, that plays the
 * platform's part over the real SIP path — it sends the `P-rc` header and the
 * server-to-client MESSAGE commands, answers call-control INFO with the platform's JSON,
 * and records what the kit sends it. (Test code: the kit itself reaches sip.js only
 * through src/core/sip/sipjs-stack.ts.)
 */
import { Inviter, Messager, Registerer, RegistererState, SessionState, UserAgent, type Session } from 'sip.js';
import type { Invitation } from 'sip.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { account, rigConfig, waitFor } from '../rig/phone-rig.js';
import { BOB_SIP, clearStorage, emulator, resetEmulator, setFaults, signInWithCode, unmountRingCentral } from './ringcentral-rig.js';

export interface Received {
  readonly method: 'INFO' | 'MESSAGE';
  readonly contentType: string;
  readonly body: string;
  /** The To URI of an out-of-dialog MESSAGE (whom the kit addressed). */
  readonly to: string;
}

/** How the peer answers a call-control INFO: a result (0 = success), a SIP rejection, or silence. */
export type InfoReply =
  { readonly code: number; readonly description?: string; readonly extra?: Record<string, string> } | { readonly reject: number } | 'silence';

const NO_MEDIA_CONSTRAINTS = { constraints: { audio: true, video: false } };

/** The platform's identifiers of one call: its telephony session, and the kit's party in it. */
export interface PlatformCallIds {
  readonly telephonySessionId: string;
  readonly partyId: string;
  /** The `p-rc-api-ids` value naming them. */
  readonly header: string;
}

/**
 * The platform sets a call up for alice (the kit's user) with bob (this peer): a telephony
 * session of the emulator's Call Control API, whose ids go in `p-rc-api-ids`.
 * `direction` is seen from alice.
 */
export async function platformSession(server: string, direction: 'Inbound' | 'Outbound'): Promise<PlatformCallIds> {
  const response = await fetch(`${server}/__emulator/telephony/sessions`, { method: 'POST', body: JSON.stringify({ user: 'alice', peer: 'bob', direction }) });
  if (response.status !== 201) throw new Error(`telephony/sessions: HTTP ${response.status}`);
  return (await response.json()) as PlatformCallIds;
}

export class PlatformPeer {
  readonly received: Received[] = [];
  /** What to answer to the next INFO commands (default success). */
  infoReply: InfoReply = { code: 0, description: 'Succeeded' };
  /** The status to answer the kit's MESSAGE commands with (default 200). */
  messageStatus = 200;
  /** The platform's ids of the last call (set up on the emulator), sent on our INVITE or on our 200 to the kit's. */
  apiIds!: PlatformCallIds;
  private session: Session | undefined;
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;

  private constructor(
    server: string,
    account: { user: string; authUser?: string; password: string },
    readonly domain: string,
    /** The RingCentral emulator whose telephony sessions the calls are. */
    readonly emulator: string,
  ) {
    this.ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${account.user}@${domain}`)!,
      transportOptions: { server },
      authorizationUsername: account.authUser ?? account.user,
      authorizationPassword: account.password,
      logBuiltinEnabled: false,
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] }, iceGatheringTimeout: 200 },
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onMessage: (message) => {
          this.received.push({
            method: 'MESSAGE',
            contentType: message.request.getHeader('Content-Type') ?? '',
            body: message.request.body,
            to: message.request.to.uri.toString(),
          });
          void (this.messageStatus !== 200 ? message.reject({ statusCode: this.messageStatus }) : message.accept());
        },
      },
    });
    this.registerer = new Registerer(this.ua);
  }

  static async start(server: string, account: { user: string; authUser?: string; password: string }, domain: string, emulator: string): Promise<PlatformPeer> {
    const peer = new PlatformPeer(server, account, domain, emulator);
    await peer.ua.start();
    await peer.registerer.register();
    await waitFor(() => peer.registerer.state === RegistererState.Registered, 'the platform peer registers');
    return peer;
  }

  /** Answers the next incoming call (the kit calling us). */
  private onInvite(invitation: Invitation): void {
    this.watch(invitation);
    void platformSession(this.emulator, 'Outbound').then((ids) => {
      this.apiIds = ids;
      return invitation.accept({ sessionDescriptionHandlerOptions: NO_MEDIA_CONSTRAINTS, extraHeaders: [`p-rc-api-ids: ${ids.header}`] });
    });
  }

  /** Calls `target` with a `P-rc` header, as the platform does; resolves once the INVITE is sent. */
  async call(target: string, prc: string | undefined): Promise<void> {
    this.apiIds = await platformSession(this.emulator, 'Inbound');
    const inviter = new Inviter(this.ua, UserAgent.makeURI(target)!, {
      extraHeaders: prc === undefined ? [] : [`P-rc: ${prc}`, `p-rc-api-ids: ${this.apiIds.header}`],
      sessionDescriptionHandlerOptions: NO_MEDIA_CONSTRAINTS,
    });
    this.watch(inviter);
    await inviter.invite();
  }

  /** Cancels our ringing call, as the platform does once it has handled a command. */
  async cancel(): Promise<void> {
    if (this.session instanceof Inviter && this.session.state !== SessionState.Terminated) await this.session.cancel();
  }

  async hangup(): Promise<void> {
    const session = this.session;
    if (session?.state === SessionState.Established) await session.bye();
  }

  /** An out-of-dialog MESSAGE to `target`, e.g. Cmd 7 ("answered elsewhere"). */
  async sendMessage(target: string, body: string, contentType = 'x-rc/agent'): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      void new Messager(this.ua, UserAgent.makeURI(target)!, body, contentType).message({
        requestDelegate: { onAccept: () => resolve(), onReject: (response) => reject(new Error(`MESSAGE ${response.message.statusCode}`)) },
      });
    });
  }

  get state(): SessionState | undefined {
    return this.session?.state;
  }

  async waitFor(predicate: (request: Received) => boolean, what: string): Promise<Received> {
    let found: Received | undefined;
    await waitFor(() => (found = this.received.find(predicate)) !== undefined, what);
    return found!;
  }

  private watch(session: Session): void {
    this.session = session;
    session.delegate = {
      onInfo: (info) => {
        const body = info.request.body;
        this.received.push({ method: 'INFO', contentType: info.request.getHeader('Content-Type') ?? '', body, to: '' });
        const reply = this.infoReply;
        if (typeof reply === 'object' && 'reject' in reply) {
          void info.reject({ statusCode: reply.reject });
          return;
        }
        void info.accept();
        if (reply === 'silence') return;
        // Contract: 200 first, then the platform's own INFO with the result.
        const request = (JSON.parse(body) as { request: { reqid: number; command: string } }).request;
        const response = {
          response: { reqid: request.reqid, command: request.command, result: { code: reply.code, description: reply.description ?? '', ...reply.extra } },
        };
        void session.info({
          requestOptions: { body: { contentDisposition: 'render', contentType: 'application/json;charset=utf-8', content: JSON.stringify(response) } },
        });
      },
    };
  }

  async stop(): Promise<void> {
    await this.cancel().catch(() => undefined);
    await this.hangup().catch(() => undefined);
    await this.registerer.unregister().catch(() => undefined);
    await this.ua.stop();
  }
}

/** Alice signed in to a fresh emulator (nothing stored before), and the platform's SIP side registered as bob. */
export async function signedInWithPlatform(
  options: RcPhoneProvider['ringcentralOptions'] = {},
  faults?: Record<string, unknown>,
): Promise<{ provider: RcPhoneProvider; platform: PlatformPeer }> {
  clearStorage();
  await resetEmulator(await emulator());
  if (faults) await setFaults(await emulator(), faults);
  const { provider } = await signInWithCode({ server: await emulator(), options: { commandTimeoutMs: 3000, ...options } });
  const rig = await rigConfig();
  return { provider, platform: await PlatformPeer.start(rig.servers['primary']!, await account(BOB_SIP), rig.domain, await emulator()) };
}

/** Undoes {@link signedInWithPlatform}. */
export async function leavePlatform(platform: PlatformPeer | undefined): Promise<void> {
  await platform?.stop();
  await unmountRingCentral();
  clearStorage();
}
