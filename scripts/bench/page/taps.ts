/**
 * Passive taps installed before any SIP or WebRTC code runs on the bench page: they time
 * SIP messages on every WebSocket, description calls on every RTCPeerConnection, and
 * getUserMedia; and they keep weak references so the bench can count connections and
 * microphone tracks that outlive their calls. They change no behaviour: each tap calls
 * straight through to the browser.
 */

/** Absolute time in ms, comparable between pages (both read the same system clock). */
export const now = (): number => performance.timeOrigin + performance.now();

export interface WireMessage {
  readonly t: number;
  readonly dir: 'out' | 'in';
  /** `INVITE`, `ACK`… for requests; `180`, `200`… for responses. */
  readonly kind: string;
  readonly cseqMethod: string;
  readonly callId: string;
}

export interface PeerRecord {
  setLocal?: number;
  setRemote?: number;
  setRemoteDone?: number;
}

export const wire: WireMessage[] = [];
/** One record per RTCPeerConnection, in creation order (no reference to the connection itself). */
export const peers: PeerRecord[] = [];
export const userMediaTimes: number[] = [];

const peerRefs: WeakRef<RTCPeerConnection>[] = [];
const trackRefs: WeakRef<MediaStreamTrack>[] = [];
function parseSip(text: string, dir: 'out' | 'in'): WireMessage | undefined {
  const firstLine = text.slice(0, text.indexOf('\r\n'));
  const status = /^SIP\/2\.0 (\d{3})/.exec(firstLine);
  const request = /^([A-Z]+) \S+ SIP\/2\.0$/.exec(firstLine);
  if (!status && !request) return undefined;
  const header = (name: string, compact: string): string => new RegExp(`^(?:${name}|${compact}):\\s*(.*)$`, 'im').exec(text)?.[1]?.trim() ?? '';
  return {
    t: now(),
    dir,
    kind: status?.[1] ?? request?.[1] ?? '',
    cseqMethod: header('CSeq', 'CSeq').split(/\s+/)[1] ?? '',
    callId: header('Call-ID', 'i'),
  };
}

class TappedWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      const message = parseSip(event.data, 'in');
      if (message) wire.push(message);
    });
  }
  override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    super.send(data);
    if (typeof data !== 'string') return;
    const message = parseSip(data, 'out');
    if (message) wire.push(message);
  }
}

class TappedPeerConnection extends RTCPeerConnection {
  private readonly record: PeerRecord = {};
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    peers.push(this.record);
    peerRefs.push(new WeakRef<RTCPeerConnection>(this));
  }
  override setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void> {
    this.record.setLocal ??= now();
    return super.setLocalDescription(description);
  }
  override setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.record.setRemote ??= now();
    return super.setRemoteDescription(description).then(() => {
      this.record.setRemoteDone ??= now();
    });
  }
}

/** Installs the taps; call once, before sip.js or the kit opens anything. */
export function installTaps(): void {
  globalThis.WebSocket = TappedWebSocket;
  globalThis.RTCPeerConnection = TappedPeerConnection;
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints?: MediaStreamConstraints): Promise<MediaStream> => {
    const start = now();
    const stream = await getUserMedia(constraints);
    userMediaTimes.push(now() - start);
    for (const track of stream.getTracks()) trackRefs.push(new WeakRef(track));
    return stream;
  };
}

export interface LiveCounts {
  /** RTCPeerConnections not yet garbage-collected. */
  readonly peersAlive: number;
  /** …of which not closed: a call that ended without releasing its media. */
  readonly peersOpen: number;
  /** Microphone tracks still capturing. */
  readonly tracksLive: number;
}

/** Counts what is still alive (call after a forced garbage collection for `peersAlive`). */
export function liveCounts(): LiveCounts {
  const alive = peerRefs.map((ref) => ref.deref()).filter((pc): pc is RTCPeerConnection => pc !== undefined);
  return {
    peersAlive: alive.length,
    peersOpen: alive.filter((pc) => pc.signalingState !== 'closed').length,
    tracksLive: trackRefs.map((ref) => ref.deref()).filter((track) => track?.readyState === 'live').length,
  };
}

/** Forgets timing records (weak references stay, they are what leak counting reads). */
export function clearRecords(): void {
  wire.length = 0;
  peers.length = 0;
  userMediaTimes.length = 0;
}
