/**
 * A hostile far end for security tests: SIP text written by hand over a browser WebSocket
 * to the project's Kamailio (RFC 7118), with no SIP library in between. Nothing here cleans,
 * escapes or validates what it sends — that is the point: it sends what sip.js (and so the
 * kit as a caller) never would — Refer-To with URI headers, CR/LF, forged Replaces, spoofed
 * CANCEL reasons. It answers the requests it receives with 200 and records them, so a test
 * can assert at the peer what the kit sent (NOTIFYs of a REFER, BYE…).
 */
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { nextEvent, rigConfig, waitFor } from '../rig/phone-rig.js';

export interface SipMessage {
  readonly startLine: string;
  /** Lower-case header name (compact forms expanded) → values in order. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
  readonly method: string | undefined;
  readonly status: number | undefined;
}

export interface Dialog {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  readonly remoteTarget: string;
  /** Route set, in the order requests carry it. */
  readonly routes: readonly string[];
  readonly localUri: string;
  readonly remoteUri: string;
}

const COMPACT: Record<string, string> = { i: 'call-id', f: 'from', t: 'to', v: 'via', m: 'contact', l: 'content-length', c: 'content-type', k: 'supported' };

const random = (): string => Math.random().toString(36).slice(2, 12);

export function parseSip(text: string): SipMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 4);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const status = /^SIP\/2\.0 (\d{3})/.exec(startLine)?.[1];
  return { startLine, headers, body, status: status ? Number(status) : undefined, method: status ? undefined : startLine.split(' ')[0] };
}

export const header = (message: SipMessage, name: string): string | undefined => message.headers.get(name.toLowerCase())?.[0];
const tagOf = (value: string | undefined): string => /;\s*tag=([^;>\s]+)/i.exec(value ?? '')?.[1] ?? '';
const uriOf = (value: string): string => /<([^>]*)>/.exec(value)?.[1] ?? value.split(';')[0]!.trim();

export interface RequestOptions {
  readonly ruri: string;
  readonly from?: string;
  readonly to?: string;
  readonly callId?: string;
  readonly cseq?: number;
  readonly headers?: readonly string[];
  readonly body?: string;
  readonly contentType?: string;
  readonly branch?: string;
  /** The Contact header's value as written (a `tel:` URI, URI headers…); `null` sends none. Default: the peer's own. */
  readonly contact?: string | null;
  /** Sent as a binary WebSocket frame (RFC 7118 §5.2 allows either), its text encoded so. */
  readonly binary?: 'utf-8' | 'latin-1';
}

export interface SentRequest {
  readonly lines: string;
  readonly branch: string;
  readonly final: Promise<{ response: SipMessage; provisional: SipMessage[] }>;
}

interface Pending {
  readonly resolve: (response: SipMessage) => void;
  readonly provisional: SipMessage[];
}

export class RawSipPeer {
  /** Requests the kit sent us (already answered 200 unless `answer` says otherwise). */
  readonly received: SipMessage[] = [];
  /** Every response the peer got, in order. */
  readonly responses: SipMessage[] = [];
  /** How to answer incoming requests (default 200). */
  answer: (request: SipMessage) => number = () => 200;
  private readonly pending = new Map<string, Pending>();
  /** The made-up host of our Via and Contact (as sip.js writes one, RFC 7118 §5). */
  readonly host = `${random()}.invalid`;
  private cseq = 1;

  private constructor(
    private readonly socket: WebSocket,
    readonly user: string,
    readonly domain: string,
    /** The host of our From URI: the rig's domain, or one the peer claims. */
    readonly fromHost: string,
  ) {
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') this.onMessage(parseSip(event.data));
    });
  }

  /**
   * Opens a WebSocket to the rig's Kamailio as `user` (not registered: it only sends, and gets
   * answers and in-dialog requests back), claiming `fromHost` as its domain when given.
   */
  static async open(user: string, options: { server?: string; fromHost?: string } = {}): Promise<RawSipPeer> {
    const { servers, domain } = await rigConfig();
    const socket = new WebSocket(options.server ?? servers['primary']!, 'sip');
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('raw peer: WebSocket failed')), { once: true });
    });
    return new RawSipPeer(socket, user, domain, options.fromHost ?? domain);
  }

  get uri(): string {
    return `sip:${this.user}@${this.fromHost}`;
  }

  get contact(): string {
    return `<sip:${this.user}@${this.host};transport=ws>`;
  }

  close(): void {
    this.socket.close();
  }

  /** Sends text as it is: no checks, no escaping. */
  sendRaw(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    this.socket.send(data);
  }

  /**
   * Sends a request and resolves with its final response (a failure to INVITE is ACKed);
   * rejects when none comes within `timeout` ms (the kit or the server dropped it).
   */
  async request(method: string, options: RequestOptions, timeout = 8_000): Promise<{ response: SipMessage; provisional: SipMessage[] }> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const silence = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`raw peer: no final answer to ${method} within ${timeout} ms`)), timeout);
    });
    return Promise.race([this.send(method, options).final, silence]).finally(() => clearTimeout(timer));
  }

  /** Sends a request; `lines` and `branch` are what a CANCEL of it needs, `final` its final response. */
  send(method: string, options: RequestOptions): SentRequest {
    const branch = options.branch ?? `z9hG4bK${random()}`;
    const body = options.body ?? '';
    const lines = [
      `${method} ${options.ruri} SIP/2.0`,
      `Via: SIP/2.0/WS ${this.host};branch=${branch}`,
      'Max-Forwards: 70',
      `From: ${options.from ?? `<${this.uri}>;tag=${random()}`}`,
      `To: ${options.to ?? `<${options.ruri}>`}`,
      `Call-ID: ${options.callId ?? random()}`,
      `CSeq: ${options.cseq ?? this.cseq++} ${method}`,
      ...(options.contact === null ? [] : [`Contact: ${options.contact ?? this.contact}`]),
      ...(options.headers ?? []),
      ...(body ? [`Content-Type: ${options.contentType ?? 'application/sdp'}`] : []),
      `Content-Length: ${new TextEncoder().encode(body).length}`,
      '',
      body,
    ].join('\r\n');
    const final = new Promise<{ response: SipMessage; provisional: SipMessage[] }>((resolve) => {
      const provisional: SipMessage[] = [];
      this.pending.set(`${branch} ${method}`, { provisional, resolve: (response) => resolve({ response, provisional }) });
    });
    if (options.binary === 'utf-8') this.socket.send(new TextEncoder().encode(lines));
    // One byte per character: what a peer that writes ISO 8859-1 sends (not UTF-8).
    else if (options.binary === 'latin-1') this.socket.send(Uint8Array.from(lines, (c) => c.charCodeAt(0) & 0xff));
    else this.socket.send(lines);
    return { lines, branch, final };
  }

  /**
   * Sends an INVITE (`sdp` as its offer) and resolves with the dialog once it is answered and
   * ACKed, or with the final failure response. `fromUri` and `to` are written as given (a
   * PSTN gateway's `tel:` URIs). With `ackAfter` the ACK waits for that promise (a slow
   * caller: the dialog is returned before it is sent).
   */
  async invite(
    target: string,
    sdp: string,
    headers: readonly string[] = [],
    options: { fromUri?: string; to?: string; contact?: string | null; ackAfter?: Promise<unknown> } = {},
  ): Promise<{ dialog?: Dialog; response: SipMessage }> {
    const ruri = `sip:${target}@${this.domain}`;
    const localTag = random();
    const localUri = options.fromUri ?? this.uri;
    const from = `<${localUri}>;tag=${localTag}`;
    const callId = random();
    const cseq = this.cseq++;
    const { response } = await this.request('INVITE', {
      ruri,
      from,
      callId,
      cseq,
      headers,
      body: sdp,
      ...(options.to ? { to: options.to } : {}),
      ...(options.contact !== undefined ? { contact: options.contact } : {}),
    });
    const to = header(response, 'to') ?? `<${ruri}>`;
    if (response.status! >= 300) return { response };
    const routes = [...(response.headers.get('record-route') ?? [])].flatMap((value) => value.split(/,(?=\s*<)/).map((r) => r.trim())).reverse();
    const dialog: Dialog = {
      callId,
      localTag,
      remoteTag: tagOf(to),
      remoteTarget: uriOf(header(response, 'contact') ?? ruri),
      routes,
      localUri,
      remoteUri: uriOf(to),
    };
    if (options.ackAfter) void options.ackAfter.then(() => this.sendAck(dialog, cseq));
    else this.sendAck(dialog, cseq);
    return { dialog, response };
  }

  private sendAck(dialog: Dialog, cseq: number): void {
    this.socket.send(
      [
        `ACK ${dialog.remoteTarget} SIP/2.0`,
        `Via: SIP/2.0/WS ${this.host};branch=z9hG4bK${random()}`,
        'Max-Forwards: 70',
        ...dialog.routes.map((route) => `Route: ${route}`),
        `From: <${dialog.localUri}>;tag=${dialog.localTag}`,
        `To: <${dialog.remoteUri}>;tag=${dialog.remoteTag}`,
        `Call-ID: ${dialog.callId}`,
        `CSeq: ${cseq} ACK`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  }

  /** Sends a request inside `dialog` (REFER, INFO, BYE…) and resolves with its final response. */
  async inDialog(dialog: Dialog, method: string, headers: readonly string[] = [], body = '', contentType?: string): Promise<SipMessage> {
    const { response } = await this.request(method, {
      ruri: dialog.remoteTarget,
      from: `<${dialog.localUri}>;tag=${dialog.localTag}`,
      to: `<${dialog.remoteUri}>;tag=${dialog.remoteTag}`,
      callId: dialog.callId,
      headers: [...dialog.routes.map((route) => `Route: ${route}`), ...headers],
      body,
      ...(contentType ? { contentType } : {}),
    });
    return response;
  }

  /** CANCELs the INVITE sent as `invite` (its text and branch), with `headers` such as a Reason. */
  cancel(invite: SentRequest, headers: readonly string[] = []): Promise<SipMessage> {
    const sent = parseSip(invite.lines);
    const ruri = sent.startLine.split(' ')[1]!;
    const cseq = header(sent, 'cseq')!.split(' ')[0]!;
    return this.request('CANCEL', {
      ruri,
      from: header(sent, 'from')!,
      to: header(sent, 'to')!,
      callId: header(sent, 'call-id')!,
      cseq: Number(cseq),
      branch: invite.branch,
      headers,
    }).then(({ response }) => response);
  }

  /** Waits until the kit has sent a request that matches. */
  async waitForRequest(predicate: (request: SipMessage) => boolean, what: string, timeout = 10_000): Promise<SipMessage> {
    const deadline = performance.now() + timeout;
    for (;;) {
      const found = this.received.find(predicate);
      if (found) return found;
      if (performance.now() > deadline) throw new Error(`raw peer: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private onMessage(message: SipMessage): void {
    if (message.status !== undefined) {
      this.responses.push(message);
      const branch = /branch=([^;,\s]+)/.exec(header(message, 'via') ?? '')?.[1] ?? '';
      // A CANCEL shares its INVITE's branch (RFC 3261 §9.1): the CSeq method tells them apart.
      const pending = this.pending.get(`${branch} ${(header(message, 'cseq') ?? '').split(' ')[1]}`);
      if (!pending) return;
      if (message.status < 200) {
        pending.provisional.push(message);
        return;
      }
      // RFC 3261 §17.1.1.3: a non-2xx final answer to INVITE is ACKed in the same transaction.
      if (/INVITE$/.test(header(message, 'cseq') ?? '') && message.status >= 300) this.ackFailure(message, branch);
      pending.resolve(message);
      return;
    }
    if (message.method === 'ACK') return;
    this.received.push(message);
    this.respond(message, this.answer(message));
  }

  private ackFailure(response: SipMessage, branch: string): void {
    const cseq = header(response, 'cseq')!.split(' ')[0];
    const to = header(response, 'to')!;
    this.socket.send(
      [
        `ACK ${uriOf(to)} SIP/2.0`,
        `Via: SIP/2.0/WS ${this.host};branch=${branch}`,
        'Max-Forwards: 70',
        `From: ${header(response, 'from')}`,
        `To: ${to}`,
        `Call-ID: ${header(response, 'call-id')}`,
        `CSeq: ${cseq} ACK`,
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n'),
    );
  }

  /** Answers a request the kit sent: RFC 3261 §8.2.6 (Vias, From, To with our tag, Call-ID, CSeq copied). */
  respond(request: SipMessage, status: number, extraHeaders: readonly string[] = [], body = ''): void {
    const to = header(request, 'to') ?? '';
    this.socket.send(
      [
        `SIP/2.0 ${status} Whatever`,
        ...(request.headers.get('via') ?? []).map((via) => `Via: ${via}`),
        ...(request.headers.get('record-route') ?? []).map((rr) => `Record-Route: ${rr}`),
        `From: ${header(request, 'from')}`,
        `To: ${tagOf(to) ? to : `${to};tag=${random()}`}`,
        `Call-ID: ${header(request, 'call-id')}`,
        `CSeq: ${header(request, 'cseq')}`,
        `Contact: ${this.contact}`,
        ...extraHeaders,
        `Content-Length: ${new TextEncoder().encode(body).length}`,
        '',
        body,
      ].join('\r\n'),
    );
  }
}

/**
 * A WebRTC audio offer the kit can answer, made by a real RTCPeerConnection of the test page
 * (so the raw peer's calls are real calls); `accept(answer)` completes it. With `microphone`
 * it sends the browser's fake microphone, so the kit has audio to receive.
 */
export async function audioOffer(
  options: { microphone?: boolean } = {},
): Promise<{ sdp: string; pc: RTCPeerConnection; accept: (answer: string) => Promise<void> }> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  const track = options.microphone ? (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0] : undefined;
  pc.addTransceiver(track ?? 'audio', { direction: 'sendrecv' });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') resolve();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
    setTimeout(resolve, 300);
  });
  return { sdp: pc.localDescription!.sdp, pc, accept: (answer) => pc.setRemoteDescription({ type: 'answer', sdp: answer }) };
}

/**
 * The raw peers and offering peer connections a suite opens, closed together after each
 * test (`afterEach(() => pool.closeAll())`).
 */
export class RawPeerPool {
  private readonly peers: RawSipPeer[] = [];
  private readonly connections: RTCPeerConnection[] = [];

  async peer(user = 'heidi', options: { server?: string; fromHost?: string } = {}): Promise<RawSipPeer> {
    const peer = await RawSipPeer.open(user, options);
    this.peers.push(peer);
    return peer;
  }

  async offer(options: { microphone?: boolean } = {}): Promise<Awaited<ReturnType<typeof audioOffer>>> {
    const offer = await audioOffer(options);
    this.connections.push(offer.pc);
    return offer;
  }

  /**
   * `peer` calls `callee` (signed in as `user`, from `contact` when given) and the kit answers: an established call,
   * its dialog at the peer, the kit's call id and the peer's peer connection.
   */
  async establish(
    peer: RawSipPeer,
    callee: RcPhoneProvider,
    user: string,
    options: { microphone?: boolean; contact?: string } = {},
  ): Promise<{ dialog: Dialog; callId: string; pc: RTCPeerConnection }> {
    const offer = await this.offer(options);
    const ringing = nextEvent(callee, 'rc-call-incoming');
    const invited = peer.invite(user, offer.sdp, [], options.contact ? { contact: options.contact } : {});
    const { callId } = (await ringing).detail;
    await callee.phone!.getCall(callId)!.answer();
    const { dialog, response } = await invited;
    if (!dialog) throw new Error(`raw peer: the kit answered ${response.status}`);
    await offer.accept(response.body);
    await waitFor(() => callee.phone!.getCall(callId)?.state === 'established', 'the call to be established');
    return { dialog, callId, pc: offer.pc };
  }

  closeAll(): void {
    for (const peer of this.peers.splice(0)) peer.close();
    for (const pc of this.connections.splice(0)) {
      // close() fires no connectionstatechange: stop the microphone here.
      for (const sender of pc.getSenders()) sender.track?.stop();
      pc.close();
    }
  }
}
