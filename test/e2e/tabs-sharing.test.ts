import { expect } from '@open-wc/testing';
import { electionName } from '../../src/core/tabs/shared-phone.js';
import { RINGER_LOCK } from '../../src/services/ringer-turn.js';
import { tonePlayer } from '../../src/services/tone-player.js';
import '../../src/elements/rc-incoming-call/rc-incoming-call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { audioStats, commandsOf, expectAudioFlowing, inFirefox, mountProvider, nextEvent, rigCommand, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';
import { closeTabs, Tab } from './tab-client.js';
import { login, mountTokenProvider, tokenServer, tokenServerLog, unmountTokenProviders } from './token-rig.js';

// 'ivan' is the device the tabs share and 'judy' calls it; no other suite uses them, so
// the binding counts below are this suite's alone.
const contacts = (user: string): Promise<number> => rigCommand<number>('contacts', { user });

const callStates = (el: RcPhoneProvider): string[] => el.snapshot.calls.map((call) => call.state);

describe('tab sharing: one phone per device for the tabs of a browser profile', () => {
  let tabs: Tab[] = [];
  afterEach(async () => {
    await closeTabs(tabs);
    tabs = [];
    await unmountAll();
  });

  it('two providers for one device in one page share one registration; commands go to the leader', async () => {
    const leader = await mountProvider('ivan');
    const follower = await mountProvider('ivan');
    expect(leader.tabRole).to.equal('leader');
    expect(follower.tabRole).to.equal('follower');
    expect(follower.phone).to.equal(undefined);
    expect(follower.snapshot.registration).to.equal('registered');
    expect(await contacts('ivan')).to.equal(1);

    // An explicit instance id is another device of the same user: it registers by itself.
    const desk = await mountProvider('ivan', { phoneOptions: { instanceId: 'b6d0c6a4-4c2e-4f7e-9d59-2a1c5e0f7d31' } });
    expect(desk.tabRole).to.equal('leader');
    expect(await contacts('ivan')).to.equal(2);
    desk.remove();
    await waitFor(async () => (await contacts('ivan')) === 1, 'the other device un-REGISTERed');

    const judy = await mountProvider('judy');
    const ringsLeader = nextEvent(leader, 'rc-call-incoming');
    const ringsFollower = nextEvent(follower, 'rc-call-incoming');
    await judy.phone!.call('ivan');
    const [{ detail: rung }, { detail: mirrored }] = await Promise.all([ringsLeader, ringsFollower]);
    expect(mirrored.callId).to.equal(rung.callId);
    expect(mirrored.call.remote.user).to.equal('judy');
    await waitFor(() => callStates(follower).join() === 'ringing', 'the follower shows the call ringing');
    expect(Object.isFrozen(follower.snapshot.calls[0])).to.equal(true);

    // A command that fails in the leader is reported where the user acted.
    const followerError = nextEvent(follower, 'rc-error');
    const leaderErrors: string[] = [];
    leader.addEventListener('rc-error', (e) => leaderErrors.push(e.detail.code));
    expect(await commandsOf(follower).hangup('no-such-call')).to.equal(false);
    expect((await followerError).detail.code).to.equal('invalid-state');

    // Answering in the follower: the leader answers, and the audio plays where it lives.
    const judyUp = nextEvent(judy, 'rc-call-state-change', (e) => e.detail.state === 'established');
    const followerUp = nextEvent(follower, 'rc-call-state-change', (e) => e.detail.callId === rung.callId && e.detail.state === 'established');
    expect(await commandsOf(follower).answer(rung.callId)).to.equal(true);
    await Promise.all([judyUp, followerUp]);
    expect(callStates(leader)).to.deep.equal(['established']);
    await expectAudioFlowing(leader.phone!.getCall(rung.callId)!.peerConnection, 'ivan (the leader)');

    const ends = [leader, follower, judy].map((el) => nextEvent(el, 'rc-call-ended'));
    expect(await commandsOf(follower).hangup(rung.callId)).to.equal(true);
    const [leaderEnd, followerEnd, judyEnd] = await Promise.all(ends);
    expect(leaderEnd!.detail.reason).to.equal('local-hangup');
    expect(followerEnd!.detail.reason).to.equal('local-hangup');
    expect(judyEnd!.detail.reason).to.equal('remote-hangup');
    expect(leaderErrors).to.deep.equal([]);

    // The leader goes away: the follower takes over and registers the same device.
    leader.remove();
    await waitFor(() => follower.tabRole === 'leader' && follower.snapshot.registration === 'registered', 'the follower took over', 10_000);
    expect(follower.phone).not.to.equal(undefined);
    await waitFor(async () => (await contacts('ivan')) === 1, 'one binding after the takeover');
  });

  it('two tabs: one binding, a call rings in both, answering in one stops the other, closing the leader hands over', async function () {
    this.timeout(90_000);
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mount('ivan');
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the other tab registered', 15_000);
    expect((await tab.state()).role).to.equal('leader');

    const here = await mountProvider('ivan');
    expect(here.tabRole).to.equal('follower');
    expect(here.phone).to.equal(undefined);
    expect(await contacts('ivan')).to.equal(1);
    const judy = await mountProvider('judy');

    // 1. Rings in both tabs; answered here, the leader tab answers and plays the audio.
    const ringsHere = nextEvent(here, 'rc-call-incoming');
    const first = await judy.phone!.call('ivan');
    const firstId = (await ringsHere).detail.callId;
    await waitFor(async () => (await tab.callState(firstId)) === 'ringing', 'the call rings in the other tab');
    expect((await tab.events()).filter((e) => e.type === 'rc-call-incoming').map((e) => e.callId)).to.deep.equal([firstId]);
    const judyUp = nextEvent(judy, 'rc-call-state-change', (e) => e.detail.callId === first.id && e.detail.state === 'established');
    expect(await commandsOf(here).answer(firstId)).to.equal(true);
    await judyUp;
    await waitFor(async () => (await tab.callState(firstId)) === 'established', 'the leader tab holds the answered call');
    await waitFor(() => callStates(here).join() === 'established', 'no longer ringing here');
    const packets = await tab.call<number>('packetsReceived', firstId);
    await waitFor(async () => (await tab.call<number>('packetsReceived', firstId)) > packets, 'audio reaching the leader tab');
    // What judy hears from the leader tab, which is in the background (this tab is the one in
    // front). Firefox opens a microphone only for the selected tab of the active window and
    // holds the leader's request until the user selects that tab: the call is answered but
    // judy hears nothing (README, "Firefox: open"). Chromium opens it in any tab.
    if (inFirefox) expect((await audioStats(first.peerConnection)).packetsReceived, 'RTP judy received from the leader tab').to.equal(0);
    else await expectAudioFlowing(first.peerConnection, 'judy (from the leader tab)');
    const firstEnded = nextEvent(here, 'rc-call-ended', (e) => e.detail.callId === firstId);
    await first.hangup();
    expect((await firstEnded).detail.reason).to.equal('remote-hangup');

    // 2. Answered in the leader tab: it stops ringing here.
    const ringsAgain = nextEvent(here, 'rc-call-incoming');
    const second = await judy.phone!.call('ivan');
    const secondId = (await ringsAgain).detail.callId;
    const upHere = nextEvent(here, 'rc-call-state-change', (e) => e.detail.callId === secondId && e.detail.state === 'established');
    await waitFor(async () => (await tab.callState(secondId)) === 'ringing', 'the second call rings in the leader tab');
    expect(await tab.call<boolean>('command', 'answer', secondId)).to.equal(true);
    expect((await upHere).detail.previous).to.equal('answering');
    const secondEnded = nextEvent(here, 'rc-call-ended', (e) => e.detail.callId === secondId);
    await second.hangup();
    await secondEnded;

    // 3. The leader tab closes while a call rings: the call dies with it, this tab takes over.
    const ringsThird = nextEvent(here, 'rc-call-incoming');
    const third = await judy.phone!.call('ivan');
    const thirdId = (await ringsThird).detail.callId;
    await waitFor(() => callStates(here).join() === 'ringing', 'the third call rings here');
    const lost = nextEvent(here, 'rc-call-ended', (e) => e.detail.callId === thirdId);
    const registered = nextEvent(here, 'rc-registration-change', (e) => e.detail.state === 'registered', 15_000);
    expect(await tab.call<string[]>('failures')).to.deep.equal([]);
    tabs = [];
    await tab.close();
    // The closing page hangs the call up as it goes (pagehide, see close-protection.ts);
    // if it dies before that reaches this tab, the call ends as failed (next test).
    expect(['local-hangup', 'failed']).to.include((await lost).detail.reason);
    await registered;
    expect(here.tabRole).to.equal('leader');
    // Same instance id: the new REGISTER replaced the closed tab's binding.
    expect(await contacts('ivan')).to.equal(1);
    await third.hangup();

    // 4. This tab now holds the phone itself: calls ring and play here.
    const ringsFourth = nextEvent(here, 'rc-call-incoming');
    const fourth = await judy.phone!.call('ivan');
    const fourthId = (await ringsFourth).detail.callId;
    const fourthUp = nextEvent(judy, 'rc-call-state-change', (e) => e.detail.callId === fourth.id && e.detail.state === 'established');
    expect(await commandsOf(here).answer(fourthId)).to.equal(true);
    await fourthUp;
    await expectAudioFlowing(here.phone!.getCall(fourthId)!.peerConnection, 'ivan (new leader)');
    const fourthEnded = nextEvent(judy, 'rc-call-ended', (e) => e.detail.callId === fourth.id);
    await fourth.hangup();
    await fourthEnded;
  });

  /** 'ivan' led by another tab and followed here, and 'judy' to call him. */
  async function ivanInTwoTabs(): Promise<{ tab: Tab; here: RcPhoneProvider; judy: RcPhoneProvider }> {
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mount('ivan');
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the other tab registered', 15_000);
    const here = await mountProvider('ivan');
    expect(here.tabRole).to.equal('follower');
    return { tab, here, judy: await mountProvider('judy') };
  }

  it('a call rings in both tabs, and one of them plays the ringtone until it is answered', async function () {
    this.timeout(60_000);
    const { tab, here, judy } = await ivanInTwoTabs();
    here.append(document.createElement('rc-incoming-call'));

    const ringsHere = nextEvent(here, 'rc-call-incoming');
    const call = await judy.phone!.call('ivan');
    const callId = (await ringsHere).detail.callId;
    await waitFor(async () => (await tab.callState(callId)) === 'ringing', 'the call rings in the other tab');
    const ringtones = async (): Promise<number> => [tonePlayer().ringingOn !== undefined, await tab.call<boolean>('ringing')].filter(Boolean).length;
    // Both banners want to ring: one tab holds the turn (a Web Lock), the other waits for it.
    await waitFor(async () => {
      const { held = [], pending = [] } = await navigator.locks.query();
      return held.filter((lock) => lock.name === RINGER_LOCK).length === 1 && pending.filter((lock) => lock.name === RINGER_LOCK).length === 1;
    }, 'one tab holds the ringer, the other waits');
    await waitFor(async () => (await ringtones()) === 1, 'one ringtone');

    const ended = nextEvent(here, 'rc-call-ended', (e) => e.detail.callId === callId);
    await call.hangup();
    await ended;
    await waitFor(async () => (await ringtones()) === 0, 'no ringtone once the call is gone');
    await waitFor(async () => ((await navigator.locks.query()).held ?? []).every((lock) => lock.name !== RINGER_LOCK), 'the ringer is given up');
  });

  it('a leader tab that crashes: its ringing call ends here as failed, and this tab takes over', async function () {
    this.timeout(60_000);
    const { tab, here, judy } = await ivanInTwoTabs();

    const rings = nextEvent(here, 'rc-call-incoming');
    const call = await judy.phone!.call('ivan');
    const callId = (await rings).detail.callId;
    const lost = nextEvent(here, 'rc-call-ended', (e) => e.detail.callId === callId);
    const registered = nextEvent(here, 'rc-registration-change', (e) => e.detail.state === 'registered', 15_000);
    tabs = [];
    await tab.crash();
    const { detail } = await lost;
    expect(detail.reason).to.equal('failed');
    expect(detail.error?.code).to.equal('call-failed');
    expect(callStates(here)).to.deep.equal([]);
    await registered;
    expect(here.tabRole).to.equal('leader');
    expect(await contacts('ivan')).to.equal(1);
    await call.hangup();
    await tab.close();
  });

  it('ignores malformed messages on the tabs channel', async () => {
    const leader = await mountProvider('ivan');
    const follower = await mountProvider('ivan');
    // Same origin, but possibly another copy of the kit: what arrives is checked like any input.
    const channel = new BroadcastChannel(electionName({ uri: await sipUri('ivan'), instanceId: '' }));
    const junk: unknown[] = [
      null,
      'hello',
      { type: 'hello' },
      { from: 'x', type: 'state', snapshot: { calls: 'none' } },
      { from: 'x', type: 'event', name: 'change', detail: {}, errors: [] },
      { from: 'x', type: 'event', name: 'call-ended', detail: null, errors: [] },
      { from: 'x', type: 'command', id: '1', command: { name: 'call' } },
      { from: 'x', type: 'command', id: '2', command: { name: 'hangup', callId: 42 } },
      { from: 'x', type: 'command', id: '3', command: { name: 'toString' } },
      { from: 'x', type: 'result', id: '4', to: 'x', error: { code: 7 } },
      // Envelope-shaped (tab-identity.ts), but no key, signature or body that checks out.
      { key: 'x'.repeat(88), sig: 'y'.repeat(88), body: '{"type":"hello","seq":1}' },
      { key: 'A'.repeat(88), sig: 'A'.repeat(88), body: 'not json' },
      { key: 'A'.repeat(88), sig: 'A'.repeat(88), body: 42 },
    ];
    for (const message of junk) channel.postMessage(message);
    channel.close();
    const judy = await mountProvider('judy');
    const rings = nextEvent(follower, 'rc-call-incoming');
    const call = await judy.phone!.call('ivan');
    const callId = (await rings).detail.callId;
    const ended = nextEvent(leader, 'rc-call-ended', (e) => e.detail.callId === callId);
    const busy = nextEvent(judy, 'rc-call-ended', (e) => e.detail.callId === call.id);
    expect(await commandsOf(follower).decline(callId)).to.equal(true);
    expect((await ended).detail.reason).to.equal('declined');
    expect((await busy).detail.reason).to.equal('busy');
    expect(follower.snapshot.registration).to.equal('registered');
  });

  it('provider="token" without `uri` shares by token-url: one token, one registration', async () => {
    const server = await tokenServer();
    const session = await login(server, 'bob');
    const mints = async (): Promise<number> => (await tokenServerLog()).filter((line) => line.includes('minted token for bob')).length;
    const before = await mints();
    try {
      const leader = await mountTokenProvider({ tokenUrl: `${server}/sip-token`, sessionToken: session });
      const follower = await mountTokenProvider({ tokenUrl: `${server}/sip-token`, sessionToken: session });
      expect([leader.tabRole, follower.tabRole]).to.deep.equal(['leader', 'follower']);
      expect(follower.snapshot.uri).to.equal('sip:bob@127.0.0.1');
      expect(await mints(), 'only the leader fetched a token').to.equal(before + 1);
      expect(await contacts('bob')).to.equal(1);
    } finally {
      await unmountTokenProviders();
    }
  });

  it('tab-sharing="off": each provider runs its own phone', async () => {
    const one = await mountProvider('ivan', { tabSharing: 'off' });
    const two = await mountProvider('ivan', { tabSharing: 'off' });
    expect([one.tabRole, two.tabRole]).to.deep.equal(['single', 'single']);
    expect(one.phone).not.to.equal(undefined);
    expect(two.phone).not.to.equal(undefined);
    expect(one.phone).not.to.equal(two.phone);
  });
});
