/**
 * SIP over WebSocket (RFC 7118) for sip.js, replacing its own web transport so the phone
 * can keep a connection healthy: the server can change between connections (failover),
 * and a socket that stopped answering is dropped at once instead of after TCP's timeouts.
 */
import { EmitterImpl, TransportState, type Core, type Emitter, type Transport } from 'sip.js';

export interface WebSocketTransportOptions {
  /** The server of the first connection; {@link WebSocketTransport.server} changes it for later ones. */
  readonly server: string;
  /** How long the WebSocket may take to open (ms). */
  readonly connectionTimeout: number;
  /**
   * How long a REGISTER or OPTIONS may go without any message coming back before the socket
   * counts as dead (ms). A half-dead TCP connection (the peer or a NAT forgot it, the local
   * address changed) accepts writes and stays "open" for many minutes otherwise.
   */
  readonly responseTimeout: number;
  /** Receives every SIP message sent and received (the kit's `traceSip`); nothing is traced without it. */
  readonly trace?: ((direction: 'sent' | 'received', message: string) => void) | undefined;
}

/** How long a deliberate close waits for the server's close frame before letting the socket go. */
const CLOSE_WAIT_MS = 1_000;
/** Requests the first hop answers itself, so their answer proves the connection is alive. */
const ANSWERED_BY_SERVER = /^(REGISTER|OPTIONS) /;
/** RFC 5626 §3.5.1 keep-alive pong. */
const CRLF_ONLY = /^(\r\n)+$/;

export class WebSocketTransport implements Transport {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  /** The server the next {@link connect} opens. */
  server: string;
  private readonly emitter = new EmitterImpl<TransportState>();
  private current: TransportState = TransportState.Disconnected;
  private socket: WebSocket | undefined;
  private connecting: Promise<void> | undefined;
  private abortConnect: ((error: Error) => void) | undefined;
  private closing: Promise<void> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  // sip.js constructs its transport as `new transportConstructor(logger, transportOptions)`.
  constructor(
    private readonly logger: Core.Logger,
    private readonly options: WebSocketTransportOptions,
  ) {
    this.server = options.server;
  }

  /** The Via sent-protocol (RFC 7118 §5.2). */
  get protocol(): string {
    return /^wss:/i.test(this.server) ? 'WSS' : 'WS';
  }

  get state(): TransportState {
    return this.current;
  }

  get stateChange(): Emitter<TransportState> {
    return this.emitter;
  }

  isConnected(): boolean {
    return this.current === TransportState.Connected;
  }

  connect(): Promise<void> {
    if (this.current === TransportState.Connected) return Promise.resolve();
    if (this.connecting) return this.connecting;
    // A close still waiting for the server's answer: let that socket go.
    if (this.socket) this.release(this.socket);
    const server = this.server;
    this.connecting = new Promise<void>((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(server, 'sip');
      } catch (error) {
        this.connecting = undefined;
        reject(error instanceof Error ? error : new Error(`Cannot open a WebSocket to ${server}.`));
        return;
      }
      socket.binaryType = 'arraybuffer';
      this.socket = socket;
      const fail = (error: Error): void => {
        clearTimeout(timer);
        if (this.socket !== socket) return;
        this.connecting = this.abortConnect = undefined;
        this.release(socket);
        this.transition(TransportState.Disconnected);
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new Error(`The WebSocket to ${server} did not open within ${this.options.connectionTimeout} ms.`)),
        this.options.connectionTimeout,
      );
      this.abortConnect = fail;
      socket.onclose = (event) => fail(new Error(`The WebSocket to ${server} could not be opened (code ${event.code}).`));
      socket.onmessage = (event: MessageEvent<unknown>) => this.received(socket, event.data);
      socket.onopen = () => {
        clearTimeout(timer);
        if (this.socket !== socket) return;
        this.connecting = this.abortConnect = undefined;
        socket.onclose = (event) => this.lost(socket, `The WebSocket to ${server} closed (code ${event.code}).`);
        this.transition(TransportState.Connected);
        resolve();
      };
      this.transition(TransportState.Connecting);
    });
    return this.connecting;
  }

  disconnect(): Promise<void> {
    if (this.current === TransportState.Connecting) {
      this.abortConnect?.(new Error('Connect aborted.'));
      return Promise.resolve();
    }
    const socket = this.socket;
    if (this.current !== TransportState.Connected || !socket) return this.closing ?? Promise.resolve();
    this.transition(TransportState.Disconnecting);
    this.closing = new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.closing = undefined;
        if (this.socket === socket) {
          this.release(socket);
          this.transition(TransportState.Disconnected);
        }
        resolve();
      };
      // A dead peer never sends its close frame (RFC 6455 §7.1.1): do not wait for it.
      const timer = setTimeout(finish, CLOSE_WAIT_MS);
      socket.onclose = finish;
      socket.close(1000);
    });
    return this.closing;
  }

  dispose(): Promise<void> {
    return this.disconnect();
  }

  send(message: string): Promise<void> {
    const socket = this.socket;
    if (this.current !== TransportState.Connected || !socket) return Promise.reject(new Error('Not connected.'));
    this.options.trace?.('sent', message);
    try {
      socket.send(message);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error('WebSocket send failed.'));
    }
    if (ANSWERED_BY_SERVER.test(message)) this.watch(socket);
    return Promise.resolve();
  }

  private watch(socket: WebSocket): void {
    this.watchdog ??= setTimeout(
      () => this.lost(socket, `No answer from ${this.server} within ${this.options.responseTimeout} ms: the connection is dead.`),
      this.options.responseTimeout,
    );
  }

  private received(socket: WebSocket, data: unknown): void {
    if (this.socket !== socket) return;
    // Anything at all proves the connection alive.
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    const text = typeof data === 'string' ? data : data instanceof ArrayBuffer ? new TextDecoder().decode(data) : '';
    if (!text || CRLF_ONLY.test(text) || this.current !== TransportState.Connected) return;
    this.options.trace?.('received', text);
    try {
      this.onMessage?.(text);
    } catch (error) {
      // One malformed message from the network must not take the connection down.
      this.logger.error(`A received message could not be handled: ${String(error)}`);
    }
  }

  private lost(socket: WebSocket, reason: string): void {
    if (this.socket !== socket || this.current !== TransportState.Connected) return;
    this.logger.warn(reason);
    this.release(socket);
    this.transition(TransportState.Disconnected, new Error(reason));
  }

  /** Forgets a socket: no more events from it, and it is closed if it is not already. */
  private release(socket: WebSocket): void {
    socket.onopen = socket.onclose = socket.onerror = socket.onmessage = null;
    if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close();
    if (this.socket === socket) this.socket = undefined;
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  /** Changes state; like sip.js's transport, leaving `Connected` calls `onDisconnect` once. */
  private transition(state: TransportState, error?: Error): void {
    const previous = this.current;
    if (previous === state) return;
    this.current = state;
    this.emitter.emit(state);
    if (state === TransportState.Connected) this.onConnect?.();
    if (previous === TransportState.Connected) this.onDisconnect?.(error);
  }
}
