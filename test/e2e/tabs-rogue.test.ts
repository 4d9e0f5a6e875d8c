import { expect } from '@open-wc/testing';
import { IDLE_SNAPSHOT } from '../../src/core/tabs/shared-phone.js';
import { mountProvider, nextEvent, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';
import { RogueScript } from './rogue-script.js';
import { closeTabs, Tab } from './tab-client.js';

/**
 * A script of the same origin that is not one of the device's tabs posts to their channel
 * (test/e2e/rogue-script.ts): old-style plain messages, messages signed with a key of its
 * own, replays and altered copies of what the real tabs said. None may make the leader act
 * or a follower switch leader, end a call or show a forged call.
 */
describe('tab sharing against a rogue script on the channel', () => {
  let tabs: Tab[] = [];
  afterEach(async () => {
    await closeTabs(tabs);
    tabs = [];
    await unmountAll();
  });

  it('the leader obeys no command from a script outside the election', async function () {
    this.timeout(60_000);
    const leader = await mountProvider('mike');
    const follower = await Tab.open();
    tabs.push(follower);
    await follower.mount('mike');
    await waitFor(async () => (await follower.state()).registration === 'registered', 'the follower tab mirrors the leader', 15_000);
    expect((await follower.state()).role).to.equal('follower');
    // The rogue runs in a tab of its own: no provider there, so no part in the election.
    const rogue = await Tab.open();
    tabs.push(rogue);
    const mike = await sipUri('mike');
    await rogue.call('rogue', mike);

    const nina = await mountProvider('nina');
    const rings = nextEvent(leader, 'rc-call-incoming');
    const call = await nina.phone!.call('mike');
    const callId = (await rings).detail.callId;
    await waitFor(async () => (await follower.callState(callId)) === 'ringing', 'the call rings in the follower tab');
    const ninaStates: string[] = [];
    nina.addEventListener('rc-call-state-change', (e) => ninaStates.push(e.detail.state));

    const answer = { type: 'command', id: 'rogue-1', command: { name: 'answer', callId } };
    // The shape of the first protocol, which a leader once obeyed from anyone.
    await rogue.call('roguePost', { ...answer, from: 'rogue' });
    // Signed, with a key whose lock the rogue holds, but it is not queued for the election.
    await rogue.call('roguePost', { ...answer, id: 'rogue-2' }, mike);
    await rogue.call('roguePost', { type: 'command', id: 'rogue-3', command: { name: 'call', target: 'nina' } }, mike);

    // The real follower declines: nina, the caller, hears a decline and never an answer.
    const ended = nextEvent(nina, 'rc-call-ended', (e) => e.detail.callId === call.id);
    expect(await follower.call<boolean>('command', 'decline', callId)).to.equal(true);
    expect((await ended).detail.reason).to.equal('busy');
    expect(ninaStates).not.to.include('established');
    expect(leader.snapshot.calls).to.deep.equal([]);
  });

  it('a follower mirrors only the tab that holds the election', async function () {
    this.timeout(60_000);
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mount('mike');
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the leader tab registered', 15_000);
    const mike = await sipUri('mike');
    // The rogue runs in this page, beside the follower (it hears what the leader posts).
    const rogue = new RogueScript(mike);
    const here = await mountProvider('mike');
    expect(here.tabRole).to.equal('follower');
    const nina = await mountProvider('nina');

    const rings = nextEvent(here, 'rc-call-incoming');
    const call = await nina.phone!.call('mike');
    const callId = (await rings).detail.callId;
    const up = nextEvent(here, 'rc-call-state-change', (e) => e.detail.callId === callId && e.detail.state === 'established');
    expect(await tab.call<boolean>('command', 'answer', callId)).to.equal(true);
    await up;
    const ends: string[] = [];
    here.addEventListener('rc-call-ended', (e) => ends.push(`${e.detail.callId} ${e.detail.reason}`));
    const errors: string[] = [];
    here.addEventListener('rc-error', (e) => errors.push(e.detail.code));

    const forged = { ...IDLE_SNAPSHOT, registration: 'failed', calls: [null] };
    rogue.post({ type: 'state', from: 'rogue', snapshot: forged });
    rogue.post({ type: 'state', from: 'rogue', snapshot: { ...IDLE_SNAPSHOT, registration: 'failed' } });
    await rogue.signed(mike, { type: 'state', snapshot: { ...IDLE_SNAPSHOT, registration: 'failed' } });
    await rogue.signed(mike, { type: 'bye' });
    // The leader's own words, replayed or altered.
    rogue.replay('state');
    rogue.tamper('state', (body) => ({ ...body, seq: Number(body['seq']) + 1000, snapshot: forged }));

    // The leader holds the call: once that shows here, everything the rogue posted before
    // it has been heard (one channel, heard in order) and ignored.
    const held = await tab.call<boolean>('command', 'hold', callId);
    const tabErrors = (await tab.events()).filter((e) => e.type === 'rc-error');
    expect(held, `hold in the leader tab; its rc-errors: ${JSON.stringify(tabErrors)}`).to.equal(true);
    await waitFor(() => here.snapshot.calls.some((c) => c.id === callId && c.held), 'the hold shows here');
    expect(here.tabRole).to.equal('follower');
    expect(here.snapshot.registration).to.equal('registered');
    expect(here.snapshot.calls.map((c) => `${c.id} ${c.state} ${c.held}`)).to.deep.equal([`${callId} established true`]);
    expect(ends).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    rogue.close();
    await call.hangup();
  });
});
