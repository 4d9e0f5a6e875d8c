/**
 * Transfers through Kamailio, driven by clicks and keys on the elements. Warm: alice
 * consults carol while bob waits on hold, then completes; bob's phone follows the REFER
 * with an INVITE carrying Replaces (RFC 3891), which carol's phone answers by itself and
 * which ends carol's call with alice. Blind: alice sends bob straight to carol.
 */
import { expect } from '@open-wc/testing';
import type { Call } from '../../src/core/call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { expectAudioFlowing, mountProvider, nextEvent, unmountAll, waitFor } from '../rig/phone-rig.js';
import { click, forgetBrowserState, phoneIn, press, type, wideViewport } from './elements-helpers.js';

function onlyCall(provider: RcPhoneProvider): Call {
  const calls = provider.phone?.calls ?? [];
  if (calls.length !== 1) throw new Error(`Expected one call, found ${calls.length}`);
  return calls[0]!;
}

/** Three phones, alice talking to bob: dialled on her dialpad, answered from his banner. */
async function aliceTalkingToBob() {
  const alice = await mountProvider('alice', { children: '<rc-phone></rc-phone>' });
  const bob = await mountProvider('bob', { children: '<rc-phone></rc-phone>' });
  const carol = await mountProvider('carol', { children: '<rc-phone></rc-phone>' });
  const [a, b, c] = [await phoneIn(alice), await phoneIn(bob), await phoneIn(carol)];
  await click(a.dialpad.input, 'alice’s number field');
  await type('bob');
  await press('Enter');
  await waitFor(() => b.incomingCall.element.ringing, 'bob rings');
  await click(b.incomingCall.button('answer'), 'bob answers');
  await waitFor(() => a.callControls.status === 'Connected', 'alice talks to bob');
  return { alice, bob, carol, a, b, c };
}

describe('elements: transfers through Kamailio', () => {
  before(wideViewport);
  // Device choices and call logs live in the browser profile, which the test files share.
  beforeEach(forgetBrowserState);
  afterEach(async () => {
    await unmountAll();
    forgetBrowserState();
  });

  it('warm transfer: consult carol, then complete; carol’s phone takes bob’s INVITE with Replaces without ringing', async () => {
    const { alice, bob, carol, a, b, c } = await aliceTalkingToBob();

    // Transfer → "carol" → Consult first: bob goes on hold, carol rings.
    await click(a.callControls.button('transfer'), 'Transfer');
    await type('carol');
    const carolRings = nextEvent(carol, 'rc-call-incoming');
    await click(a.callControls.button('consult'), 'Consult first');
    await carolRings;
    await waitFor(() => alice.snapshot.calls.some((call) => call.held && call.remote.user === 'bob'), 'bob waits on hold');
    await waitFor(() => !!a.callControls.button('complete-transfer'), 'the transfer bar shows');
    expect(a.callControls.button('complete-transfer')!.disabled, 'complete waits for carol to answer').to.equal(true);
    await click(c.incomingCall.button('answer'), 'carol answers');
    await waitFor(() => a.callControls.name === 'carol' && a.callControls.status === 'Connected', 'alice talks to carol');

    // Complete: carol must not ring again, and every call of alice ends as transferred.
    let carolRangAgain = false;
    carol.addEventListener('rc-call-incoming', () => (carolRangAgain = true));
    const aliceEnds: string[] = [];
    alice.addEventListener('rc-call-ended', (e) => aliceEnds.push(e.detail.reason));
    const carolReplaced = nextEvent(carol, 'rc-call-ended', (e) => e.detail.call.remote.user === 'alice');
    const bobToCarol = nextEvent(bob, 'rc-call-state-change', (e) => e.detail.state === 'established' && e.detail.call.remote.user === 'carol', 20_000);
    await click(a.callControls.button('complete-transfer'), 'Complete transfer');

    await bobToCarol;
    expect((await carolReplaced).detail.reason).to.equal('transferred');
    await waitFor(() => alice.snapshot.calls.length === 0, 'alice is out of both calls');
    expect(aliceEnds.sort()).to.deep.equal(['transferred', 'transferred']);
    await waitFor(() => bob.snapshot.calls.length === 1 && carol.snapshot.calls.length === 1, 'bob and carol have one call each');
    expect(carolRangAgain, 'the replacing INVITE is answered without ringing').to.equal(false);
    const bobCall = onlyCall(bob);
    const carolCall = onlyCall(carol);
    expect(carolCall.remote.user).to.equal('bob');
    expect(carolCall.state).to.equal('established');
    await expectAudioFlowing(bobCall.peerConnection, 'bob hears carol');
    await expectAudioFlowing(carolCall.peerConnection, 'carol hears bob');
    await waitFor(() => b.callControls.name === 'carol' && c.callControls.name === 'Bob', 'the controls show the new party');

    await click(c.callControls.button('hangup'), 'carol hangs up');
    await waitFor(() => bob.snapshot.calls.length === 0, 'bob’s call ends');
  });

  it('warm transfer can be cancelled: the consultation ends and the first call resumes', async () => {
    const { alice, a, c } = await aliceTalkingToBob();
    await click(a.callControls.button('transfer'), 'Transfer');
    await type('carol');
    await click(a.callControls.button('consult'), 'Consult first');
    await waitFor(() => c.incomingCall.element.ringing, 'carol rings');
    await click(c.incomingCall.button('answer'), 'carol answers');
    await waitFor(() => a.callControls.name === 'carol' && a.callControls.status === 'Connected', 'alice talks to carol');
    await click(a.callControls.button('cancel-transfer'), 'Cancel transfer');
    await waitFor(() => alice.snapshot.calls.length === 1 && alice.snapshot.calls[0]!.held === false, 'back with bob, not held');
    expect(alice.snapshot.calls[0]!.remote.user).to.equal('bob');
    await expectAudioFlowing(onlyCall(alice).peerConnection, 'alice hears bob again');
  });

  it('blind transfer: bob is sent to carol, who answers from her banner', async () => {
    const { alice, bob, carol, a, c } = await aliceTalkingToBob();
    const aliceEnded = nextEvent(alice, 'rc-call-ended');
    await click(a.callControls.button('transfer'), 'Transfer');
    await type('carol');
    await press('Enter');
    expect((await aliceEnded).detail.reason).to.equal('transferred');
    await waitFor(() => c.incomingCall.element.ringing, 'carol rings');
    expect(c.incomingCall.callerName).to.equal('Bob');
    await click(c.incomingCall.button('answer'), 'carol answers');
    await waitFor(() => bob.snapshot.calls[0]?.state === 'established' && bob.snapshot.calls[0]?.remote.user === 'carol', 'bob talks to carol');
    await expectAudioFlowing(onlyCall(carol).peerConnection, 'carol hears bob');
  });
});
