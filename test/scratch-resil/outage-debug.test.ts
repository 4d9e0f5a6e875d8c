import { audioStats, expectAudioFlowing, mountProvider, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';
import { FAST, backInService, connect, iceUfrag, pause, sdpVersion } from '../e2e/resilience-rig.js';

describe('debug outage during call', () => {
  afterEach(async () => { await unmountAll(); await rigCommand('start'); });
  it('timeline', async () => {
    const alice = await mountProvider('alice', { phoneOptions: { ...FAST, logger: (l, m) => console.log('A', l, m.slice(0, 200)) } });
    const bob = await mountProvider('bob', { phoneOptions: { ...FAST, logger: (l, m) => console.log('B', l, m.slice(0, 200)) } });
    const { out, inc } = await connect(alice, bob, 'bob');
    await expectAudioFlowing(out.peerConnection, 'alice');
    await expectAudioFlowing(inc.peerConnection, 'bob');
    const t0 = performance.now();
    let running = true;
    const pcs = { a: out.peerConnection!, b: inc.peerConnection! };
    for (const [n, pc] of Object.entries(pcs)) {
      pc.addEventListener('iceconnectionstatechange', () => console.log(Math.round(performance.now() - t0), n, 'ice', pc.iceConnectionState));
      pc.addEventListener('signalingstatechange', () => console.log(Math.round(performance.now() - t0), n, 'sig', pc.signalingState, iceUfrag(pc), sdpVersion(pc)));
    }
    alice.addEventListener('rc-connection-change', (e) => console.log(Math.round(performance.now() - t0), 'A conn', e.detail.state, e.detail.attempt));
    bob.addEventListener('rc-connection-change', (e) => console.log(Math.round(performance.now() - t0), 'B conn', e.detail.state, e.detail.attempt));
    const sampler = (async () => {
      let last = [await audioStats(pcs.a), await audioStats(pcs.b)];
      while (running) {
        await pause(250);
        const now = [await audioStats(pcs.a), await audioStats(pcs.b)];
        console.log(Math.round(performance.now() - t0), 'rx a', now[0]!.bytesReceived - last[0]!.bytesReceived, 'tx a', now[0]!.bytesSent - last[0]!.bytesSent, 'rx b', now[1]!.bytesReceived - last[1]!.bytesReceived, 'tx b', now[1]!.bytesSent - last[1]!.bytesSent);
        last = now;
      }
    })();
    await rigCommand('kill');
    console.log(Math.round(performance.now() - t0), 'killed');
    await pause(3000);
    await rigCommand('start');
    console.log(Math.round(performance.now() - t0), 'started');
    await Promise.all([backInService(alice), backInService(bob)]);
    await pause(6000);
    running = false;
    await sampler;
  });
});
