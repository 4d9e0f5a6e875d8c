import { expect } from '@open-wc/testing';
import type { PreflightCheck, PreflightReport } from '../../src/core/preflight/preflight.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { PreflightHarness } from '../../src/elements/rc-preflight/rc-preflight.harness.js';
import '../../src/elements/rc-preflight/rc-preflight.js';
import { mountProvider, nextEvent, rigCommand, unmountAll, waitFor } from '../rig/phone-rig.js';

// provider.preflight() against the rig: the real Kamailio (up, killed), a real password
// check, coturn (answering, frozen), and an echo far end: bob answers and sends back
// what he receives.

const check = (report: PreflightReport, name: PreflightCheck['name']): PreflightCheck => report.checks.find((c) => c.name === name)!;

/** Bob, as an echo extension: answers every call and sends the audio he receives back. */
function echo(bob: RcPhoneProvider): void {
  bob.addEventListener('rc-call-incoming', (e) => {
    const call = bob.phone!.getCall(e.detail.callId)!;
    void call.answer().then(async () => {
      const pc = call.peerConnection!;
      // The microphone joins the answered call a moment later (Call.useMicrophone): replace it once there.
      await waitFor(() => pc.getSenders().some((s) => s.track?.kind === 'audio'), "bob's microphone in the call");
      const heard = pc.getReceivers().find((r) => r.track.kind === 'audio')!.track;
      await pc
        .getSenders()
        .find((s) => s.track?.kind === 'audio')!
        .replaceTrack(heard);
    });
  });
}

describe('preflight: provider.preflight() against the rig', function () {
  this.timeout(45_000);
  afterEach(() => unmountAll());

  it('passes on the rig: microphone, speaker, registration, ICE, and audio back from the echo extension', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    echo(bob);
    const progress: string[] = [];
    const report = await alice.preflight({ echoTarget: 'bob', listenMs: 1_000, onProgress: (c) => progress.push(c.name) });
    expect(progress).to.deep.equal(['microphone', 'speaker', 'signalling', 'ice', 'media']);
    expect(report.checks.map((c) => [c.name, c.status])).to.deep.equal([
      ['microphone', 'pass'],
      ['speaker', 'pass'],
      ['signalling', 'pass'],
      ['ice', 'pass'],
      ['media', 'pass'],
    ]);
    expect(report.status).to.equal('pass');
    expect(check(report, 'microphone').details['level']).to.be.above(0.01);
    expect(check(report, 'ice').details['candidateTypes']).to.include('host');
    expect(check(report, 'media').details['packetsReceived']).to.be.above(10);
    expect(check(report, 'media').details['mos']).to.be.at.least(4);
    // The page's own phone is still registered: the check's phone used a contact of its own.
    expect(await rigCommand<number>('contacts', { user: 'alice' }), "alice's bindings").to.equal(1);
  });

  it('<rc-preflight>: "Test my setup" shows each check as it completes, and the result', async () => {
    const alice = await mountProvider('alice', { children: '<rc-preflight></rc-preflight>' });
    const el = alice.querySelector('rc-preflight')!;
    const ui = new PreflightHarness(el);
    const done = nextEvent(alice, 'rc-preflight-complete', undefined, 30_000);
    await ui.start();
    expect(el.running).to.equal(true);
    expect(ui.summary).to.equal('Testing your setup…');
    const { report } = (await done).detail;
    await el.updateComplete;
    expect(report.status).to.equal('pass');
    expect(ui.statuses).to.deep.equal(['microphone: pass', 'speaker: pass', 'signalling: pass', 'ice: pass', 'media: skipped']);
    expect(ui.summary).to.equal('Your setup is ready for calls.');
    await expect(el).to.be.accessible();
  });

  it('fails with a clear report when the password is wrong', async () => {
    const alice = await mountProvider('alice', { password: 'not-the-password', register: false });
    const report = await alice.preflight();
    expect(report.status).to.equal('fail');
    const signalling = check(report, 'signalling');
    expect(signalling).to.include({ status: 'fail', code: 'registration-rejected' });
    expect(signalling.advice).to.be.a('string').with.length.above(10);
    expect(check(report, 'media').status).to.equal('skipped');
  });

  it('fails with a clear report when Kamailio is down', async () => {
    const { url } = await rigCommand<{ url: string }>('start', { name: 'preflight' });
    await rigCommand('kill', { name: 'preflight' });
    const alice = await mountProvider('alice', { server: url, register: false });
    const report = await alice.preflight();
    expect(check(report, 'signalling')).to.include({ status: 'fail', code: 'server-unreachable' });
    expect(report.status).to.equal('fail');
  });

  it('fails the ICE check with a clear report when the TURN server does not answer', async () => {
    const { iceServers } = await rigCommand<{ iceServers: Record<string, RTCIceServer> }>('turn-start', { users: ['alice'] });
    await rigCommand('turn-freeze');
    try {
      const alice = await mountProvider('alice', { iceServers: [iceServers['alice']!] });
      const report = await alice.preflight({ iceTimeoutMs: 2_000 });
      const ice = check(report, 'ice');
      expect(ice).to.include({ status: 'fail', code: 'ice-failed' });
      expect(ice.message).to.match(/TURN server did not answer/);
      expect(ice.details['candidateTypes']).to.not.include('relay');
    } finally {
      await rigCommand('turn-thaw');
      await rigCommand('turn-stop');
    }
  });
});
