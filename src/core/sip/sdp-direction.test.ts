import { expect } from '@open-wc/testing';
import { audioDirection, holdsUs, offerAsAnswer, offerDirection } from './sdp-direction.js';

const sdp = (...lines: string[]): string => `${['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', ...lines].join('\r\n')}\r\n`;

describe('SDP direction (RFC 3264)', () => {
  it('reads the audio section’s direction, else the session’s, else sendrecv', () => {
    expect(audioDirection(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendonly'))).to.equal('sendonly');
    expect(audioDirection(sdp('a=inactive', 'm=audio 9 UDP/TLS/RTP/SAVPF 111'))).to.equal('inactive');
    expect(audioDirection(sdp('m=video 9 UDP/TLS/RTP/SAVPF 96', 'a=recvonly', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=sendrecv'))).to.equal('sendrecv');
    expect(audioDirection(sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111'))).to.equal('sendrecv');
  });

  it('a peer holds us when its description says sendonly or inactive', () => {
    expect(['sendrecv', 'sendonly', 'recvonly', 'inactive'].map((d) => holdsUs(d as 'sendrecv'))).to.deep.equal([false, true, false, true]);
  });

  it('hold offers sendonly, or inactive when the peer holds us; resume offers sendrecv', () => {
    expect(offerDirection(true, false)).to.equal('sendonly');
    expect(offerDirection(true, true)).to.equal('inactive');
    expect(offerDirection(false, true)).to.equal('sendrecv');
    expect(offerDirection(false, false)).to.equal('sendrecv');
  });

  it('turns the peer’s offer into its answer with the DTLS role it took (RFC 4145 §4.1)', () => {
    const offer = sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=setup:actpass', 'a=sendonly');
    expect(offerAsAnswer(offer, sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=setup:active'))).to.contain('a=setup:passive\r\n');
    expect(offerAsAnswer(offer, sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111', 'a=setup:passive'))).to.contain('a=setup:active\r\n');
    expect(offerAsAnswer(offer, sdp('m=audio 9 UDP/TLS/RTP/SAVPF 111'))).to.equal(offer);
  });
});
