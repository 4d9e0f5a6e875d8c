import { expect } from '@open-wc/testing';
import { IceServerHealth, everySectionHasCandidate, serverCandidateTypes } from './session-description-handler.js';

const HOST = 'a=candidate:1 1 udp 2122260223 192.0.2.10 50000 typ host generation 0';
const TCP = 'a=candidate:2 1 tcp 1518280447 192.0.2.10 9 typ host tcptype active generation 0';
const SRFLX = 'a=candidate:3 1 udp 1686052607 203.0.113.5 61000 typ srflx raddr 192.0.2.10 rport 50000 generation 0';
const RELAY = 'a=candidate:4 1 udp 41885439 198.51.100.7 3478 typ relay raddr 203.0.113.5 rport 61000 generation 0';

/** An SDP with one media section per entry, each with the given candidate lines. */
function sdp(...sections: { m?: string; lines: string[] }[]): string {
  const head = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1'];
  const body = sections.flatMap(({ m = 'm=audio 9 UDP/TLS/RTP/SAVPF 111', lines }, index) => [m, 'c=IN IP4 0.0.0.0', `a=mid:${index}`, ...lines]);
  return `${[...head, ...body].join('\r\n')}\r\n`;
}

const any = (): boolean => true;
const servers = (type: string): boolean => type === 'srflx' || type === 'relay';

describe('ICE candidate policy', () => {
  describe('everySectionHasCandidate', () => {
    it('is false before any candidate and without media sections', () => {
      expect(everySectionHasCandidate(sdp({ lines: [] }), any)).to.equal(false);
      expect(everySectionHasCandidate('v=0\r\ns=-\r\n', any)).to.equal(false);
    });

    it('is true once the only section has a host candidate, without waiting for TCP', () => {
      expect(everySectionHasCandidate(sdp({ lines: [HOST] }), any)).to.equal(true);
    });

    it('needs a candidate of an accepted type', () => {
      expect(everySectionHasCandidate(sdp({ lines: [HOST, TCP] }), servers)).to.equal(false);
      expect(everySectionHasCandidate(sdp({ lines: [HOST, SRFLX] }), servers)).to.equal(true);
      expect(everySectionHasCandidate(sdp({ lines: [HOST, RELAY] }), (type) => type === 'relay')).to.equal(true);
      expect(everySectionHasCandidate(sdp({ lines: [HOST, SRFLX] }), (type) => type === 'relay')).to.equal(false);
    });

    it('needs a candidate of component 1 (RTP; RTCP is multiplexed on it), not one of component 2', () => {
      const rtcpRelay = 'a=candidate:0 2 UDP 92151806 127.0.0.1 25577 typ relay raddr 127.0.0.1 rport 25577';
      expect(everySectionHasCandidate(sdp({ lines: [rtcpRelay] }), any)).to.equal(false);
      expect(everySectionHasCandidate(sdp({ lines: [rtcpRelay, RELAY] }), (type) => type === 'relay')).to.equal(true);
    });

    it('needs every section that has its own transport', () => {
      expect(everySectionHasCandidate(sdp({ lines: [HOST] }, { m: 'm=video 9 UDP/TLS/RTP/SAVPF 96', lines: [] }), any)).to.equal(false);
      expect(everySectionHasCandidate(sdp({ lines: [HOST] }, { m: 'm=video 9 UDP/TLS/RTP/SAVPF 96', lines: [HOST] }), any)).to.equal(true);
    });

    it('skips rejected (port 0) and bundle-only sections, which carry no candidates', () => {
      expect(everySectionHasCandidate(sdp({ lines: [HOST] }, { m: 'm=video 0 UDP/TLS/RTP/SAVPF 96', lines: [] }), any)).to.equal(true);
      expect(everySectionHasCandidate(sdp({ lines: [HOST] }, { m: 'm=video 9 UDP/TLS/RTP/SAVPF 96', lines: ['a=bundle-only'] }), any)).to.equal(true);
    });

    it('reads LF-only descriptions too', () => {
      expect(everySectionHasCandidate(sdp({ lines: [HOST] }).replace(/\r\n/g, '\n'), any)).to.equal(true);
    });
  });

  describe('serverCandidateTypes', () => {
    it('expects nothing without servers', () => {
      expect(serverCandidateTypes([])).to.deep.equal([]);
    });

    it('takes a server-reflexive or relay candidate from STUN', () => {
      expect(serverCandidateTypes([{ urls: 'stun:stun.example.com:3478' }])).to.deep.equal(['srflx', 'relay']);
    });

    it('insists on a relay candidate when any TURN server is configured', () => {
      expect(
        serverCandidateTypes([{ urls: ['stun:stun.example.com'] }, { urls: ['turns:turn.example.com:443?transport=tcp'], username: 'u', credential: 'p' }]),
      ).to.deep.equal(['relay']);
      expect(serverCandidateTypes([{ urls: 'TURN:turn.example.com' }])).to.deep.equal(['relay']);
    });
  });

  describe('IceServerHealth', () => {
    const stun = [{ urls: 'stun:stun.example.com' }];

    it('expects candidates until a gathering went by without one, and again once one arrives', () => {
      const health = new IceServerHealth();
      expect(health.expectsCandidates(stun)).to.equal(true);
      health.silent(stun);
      expect(health.expectsCandidates(stun)).to.equal(false);
      health.answered(stun);
      expect(health.expectsCandidates(stun)).to.equal(true);
    });

    it('starts afresh for another server list, but not for refreshed credentials', () => {
      const health = new IceServerHealth();
      const turn = (credential: string): RTCIceServer[] => [{ urls: 'turn:turn.example.com', username: 'u', credential }];
      health.silent(turn('old'));
      expect(health.expectsCandidates(turn('new'))).to.equal(false);
      expect(health.expectsCandidates(stun)).to.equal(true);
    });
  });
});
