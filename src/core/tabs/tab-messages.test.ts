import { expect } from '@open-wc/testing';
import { parseMessage } from './tab-messages.js';

/** A call snapshot as a leader tab sends it (call.ts snapshot()), with every field set. */
const call = {
  id: 'c1',
  direction: 'inbound',
  state: 'established',
  remote: { uri: 'sip:bob@127.0.0.1', user: 'bob', displayName: 'Bob' },
  held: false,
  remoteHeld: false,
  earlyMedia: false,
  muted: false,
  recording: true,
  createdAt: 1,
  startedAt: 2,
  endedAt: undefined,
  endReason: undefined,
  endCode: undefined,
  platformIds: { telephonySessionId: 's-abc', partyId: 'p-abc-1' },
  quality: {
    at: 3,
    mos: 4.3,
    rtt: 20,
    jitter: 1,
    packetLoss: 0,
    bytesSent: 100,
    bytesReceived: 100,
    audioLevelIn: 0.1,
    audioLevelOut: undefined,
    route: { local: 'host', remote: 'host', protocol: 'udp', relayProtocol: undefined },
    codec: 'audio/opus',
  },
  warnings: ['high-rtt'],
};

const state = (changes: Record<string, unknown>): Record<string, unknown> => ({
  type: 'state',
  snapshot: {
    connection: 'connected',
    registration: 'registered',
    calls: [{ ...call, ...changes }],
    currentCallId: 'c1',
    uri: 'sip:alice@127.0.0.1',
    capabilities: [],
  },
});

describe('tab messages: the fields of a call snapshot', () => {
  it('a leader’s snapshot with every field passes', () => {
    expect(parseMessage('leader', state({}))).not.to.equal(undefined);
    expect(parseMessage('leader', state({ platformIds: undefined, quality: undefined, warnings: [], endCode: 'busy' }))).not.to.equal(undefined);
  });

  it('the leader’s microphone waiting for its tab passes, in a snapshot and in the warning event, before any measurement', () => {
    expect(parseMessage('leader', state({ quality: undefined, warnings: ['microphone-waiting'] }))).not.to.equal(undefined);
    const detail = { callId: 'c1', warning: 'microphone-waiting', quality: undefined };
    expect(parseMessage('leader', { type: 'event', name: 'call-warning', detail, errors: [] })).not.to.equal(undefined);
  });

  const bad: [string, Record<string, unknown>][] = [
    ['recording not a boolean', { recording: 'yes' }],
    ['recording missing', { recording: undefined }],
    ['an endCode outside the catalogue', { endCode: '<img src=x onerror=alert(1)>' }],
    ['an endCode that is not a string', { endCode: { code: 'busy' } }],
    ['platformIds not an object', { platformIds: 's-abc' }],
    ['platformIds with another key', { platformIds: { telephonySessionId: 's-abc', url: 'javascript:alert(1)' } }],
    ['a platform id with markup', { platformIds: { partyId: '<b>p</b>' } }],
    ['a platform id of 10 KB', { platformIds: { partyId: 'p'.repeat(10_000) } }],
    ['quality not an object', { quality: [] }],
    ['a quality mos that is not a number', { quality: { ...call.quality, mos: '4' } }],
    ['a negative rtt', { quality: { ...call.quality, rtt: -1 } }],
    ['an infinite byte count', { quality: { ...call.quality, bytesSent: Infinity } }],
    ['packet loss over 1', { quality: { ...call.quality, packetLoss: 7 } }],
    ['packet loss missing', { quality: { ...call.quality, packetLoss: undefined } }],
    ['a route with markup', { quality: { ...call.quality, route: { ...call.quality.route, local: '<script>' } } }],
    ['a codec of 1 KB', { quality: { ...call.quality, codec: 'a'.repeat(1_000) } }],
    ['warnings not an array', { warnings: 'high-rtt' }],
    ['warnings missing', { warnings: undefined }],
    ['a warning nobody raises', { warnings: ['high-rtt', 'you-are-hacked'] }],
    ['a warning that is not a string', { warnings: [null] }],
  ];
  for (const [label, changes] of bad) {
    it(`${label} → the whole message is refused`, () => {
      expect(parseMessage('leader', state(changes))).to.equal(undefined);
      // The same call in a relayed event is refused too.
      expect(parseMessage('leader', { type: 'event', name: 'call-update', detail: { callId: 'c1', call: { ...call, ...changes } }, errors: [] })).to.equal(
        undefined,
      );
    });
  }
});
