import { expect } from '@open-wc/testing';

async function stats(pc: RTCPeerConnection) {
  let sent = 0, recv = 0;
  (await pc.getStats()).forEach((r: any) => { if (r.type === 'outbound-rtp') sent += r.bytesSent; if (r.type === 'inbound-rtp') recv += r.bytesReceived; });
  return { sent, recv };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function negotiate(o: RTCPeerConnection, a: RTCPeerConnection) {
  await o.setLocalDescription(await o.createOffer()); await sleep(200);
  await a.setRemoteDescription(o.localDescription!);
  await a.setLocalDescription(await a.createAnswer()); await sleep(200);
  await o.setRemoteDescription(a.localDescription!);
}
async function setup() {
  const a = new RTCPeerConnection({ bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' }); const b = new RTCPeerConnection({ bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' });
  const s = await navigator.mediaDevices.getUserMedia({ audio: true });
  a.addTrack(s.getAudioTracks()[0]!, s);
  const s2 = await navigator.mediaDevices.getUserMedia({ audio: true });
  b.addTrack(s2.getAudioTracks()[0]!, s2);
  await negotiate(a, b);
  await sleep(800);
  return { a, b };
}
async function rollbackCheck(label: string, pc: RTCPeerConnection) {
  await pc.setLocalDescription(await pc.createOffer()); await sleep(200);
  await pc.setLocalDescription({ type: 'rollback' });
  const s1 = await stats(pc); await sleep(1000); const s2 = await stats(pc);
  console.log(label, pc.iceConnectionState, s2.recv - s1.recv, s2.sent - s1.sent, /a=setup:(\w+)/.exec(pc.currentLocalDescription?.sdp ?? '')?.[1]);
}

describe('rollback variants', () => {
  it('answerer after it renegotiated as offerer', async () => {
    const { a, b } = await setup();
    console.log('b setup before', /a=setup:(\w+)/.exec(b.currentLocalDescription!.sdp)?.[1]);
    await negotiate(b, a);
    await sleep(500);
    await rollbackCheck('b (initial answerer, last offerer)', b);
    expect(true).to.equal(true);
  });
  it('offerer after it answered a renegotiation', async () => {
    const { a, b } = await setup();
    await negotiate(b, a);
    await sleep(500);
    await rollbackCheck('a (initial offerer, last answerer)', a);
  });
  it('offerer', async () => {
    const { a } = await setup();
    await rollbackCheck('a (initial offerer)', a);
  });
});
