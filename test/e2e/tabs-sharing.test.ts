import { expect } from '@open-wc/testing';
import { RINGER_LOCK } from '../../src/services/ringer-turn.js';
import { tonePlayer } from '../../src/services/tone-player.js';
import '../../src/elements/rc-incoming-call/rc-incoming-call.js';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import { commandsOf, expectAudioFlowing, mountProvider, nextEvent, rigCommand, rigConfig, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';
import { RogueScript } from './rogue-script.js';
import { closeTabs, Tab, watchLeaderMicrophone } from './tab-client.js';
import { bearer, collectErrors, login, mountTokenProvider, tokenServer, tokenServerLog, unmountTokenProviders } from './token-rig.js';

// 'kate' is the device the tabs share and 'leo' calls it. No other file uses them, so what
// the tabs keep by address is this file's alone: the binding counts at the registrar, the
// default instance id (localStorage) and the election's Web Lock and channel (named by it).
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
    const leader = await mountProvider('kate');
    const follower = await mountProvider('kate');
    expect(leader.tabRole).to.equal('leader');
    expect(follower.tabRole).to.equal('follower');
    expect(follower.phone).to.equal(undefined);
    expect(follower.snapshot.registration).to.equal('registered');
    expect(await contacts('kate')).to.equal(1);

    // An explicit instance id is another device of the same user: it registers by itself.
    const desk = await mountProvider('kate', { phoneOptions: { instanceId: 'b6d0c6a4-4c2e-4f7e-9d59-2a1c5e0f7d31' } });
    expect(desk.tabRole).to.equal('leader');
    expect(await contacts('kate')).to.equal(2);
    desk.remove();
    await waitFor(async () => (await contacts('kate')) === 1, 'the other device un-REGISTERed');

    const leo = await mountProvider('leo');
    const ringsLeader = nextEvent(leader, 'rc-call-incoming');
    const ringsFollower = nextEvent(follower, 'rc-call-incoming');
    await leo.phone!.call('kate');
    const [{ detail: rung }, { detail: mirrored }] = await Promise.all([ringsLeader, ringsFollower]);
    expect(mirrored.callId).to.equal(rung.callId);
    expect(mirrored.call.remote.user).to.equal('leo');
    await waitFor(() => callStates(follower).join() === 'ringing', 'the follower shows the call ringing');
    expect(Object.isFrozen(follower.snapshot.calls[0])).to.equal(true);

    // A command that fails in the leader is reported where the user acted.
    const followerError = nextEvent(follower, 'rc-error');
    const leaderErrors: string[] = [];
    leader.addEventListener('rc-error', (e) => leaderErrors.push(e.detail.code));
    expect(await commandsOf(follower).hangup('no-such-call')).to.equal(false);
    expect((await followerError).detail.code).to.equal('invalid-state');

    // Answering in the follower: the leader answers, and the audio plays where it lives.
    const leoUp = nextEvent(leo, 'rc-call-state-change', (e) => e.detail.state === 'established');
    const followerUp = nextEvent(follower, 'rc-call-state-change', (e) => e.detail.callId === rung.callId && e.detail.state === 'established');
    expect(await commandsOf(follower).answer(rung.callId)).to.equal(true);
    await Promise.all([leoUp, followerUp]);
    expect(callStates(leader)).to.deep.equal(['established']);
    await expectAudioFlowing(leader.phone!.getCall(rung.callId)!.peerConnection, 'kate (the leader)');

    const ends = [leader, follower, leo].map((el) => nextEvent(el, 'rc-call-ended'));
    expect(await commandsOf(follower).hangup(rung.callId)).to.equal(true);
    const [leaderEnd, followerEnd, leoEnd] = await Promise.all(ends);
    expect(leaderEnd!.detail.reason).to.equal('local-hangup');
    expect(followerEnd!.detail.reason).to.equal('local-hangup');
    expect(leoEnd!.detail.reason).to.equal('remote-hangup');
    expect(leaderErrors).to.deep.equal([]);

    // The leader goes away: the follower takes over and registers the same device.
    leader.remove();
    await waitFor(() => follower.tabRole === 'leader' && follower.snapshot.registration === 'registered', 'the follower took over', 10_000);
    expect(follower.phone).not.to.equal(undefined);
    await waitFor(async () => (await contacts('kate')) === 1, 'one binding after the takeover');
  });

  it('two tabs: one binding, a call rings in both, answering in one stops the other, closing the leader hands over', async function () {
    this.timeout(90_000);
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mount('kate');
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the other tab registered', 15_000);
    expect((await tab.state()).role).to.equal('leader');

    const here = await mountProvider('kate');
    expect(here.tabRole).to.equal('follower');
    expect(here.phone).to.equal(undefined);
    expect(await contacts('kate')).to.equal(1);
    const leo = await mountProvider('leo');

    // 1. Rings in both tabs; answered here, the leader tab answers and plays the audio.
    const ringsHere = nextEvent(here, 'rc-call-incoming');
    const first = await leo.phone!.call('kate');
    const firstId = (await ringsHere).detail.callId;
    await waitFor(async () => (await tab.callState(firstId)) === 'ringing', 'the call rings in the other tab');
    expect((await tab.events()).filter((e) => e.type === 'rc-call-incoming').map((e) => e.callId)).to.deep.equal([firstId]);
    const leoUp = nextEvent(leo, 'rc-call-state-change', (e) => e.detail.callId === first.id && e.detail.state === 'established');
    const leaderMicrophone = watchLeaderMicrophone(here);
    expect(await commandsOf(here).answer(firstId)).to.equal(true);
    await leoUp;
    await waitFor(async () => (await tab.callState(firstId)) === 'established', 'the leader tab holds the answered call');
    await waitFor(() => callStates(here).join() === 'established', 'no longer ringing here');
    const packets = await tab.call<number>('packetsReceived', firstId);
    await waitFor(async () => (await tab.call<number>('packetsReceived', firstId)) > packets, 'audio reaching the leader tab');
    // What leo hears from the leader tab, which is in the background (this tab is the one in
    // front). Firefox opens a microphone only for the selected tab of the active window and
    // holds the leader's request until the user selects that tab: this tab says so, and leo
    // hears the leader once the user selected it (it stays in front). Chromium opens it in any tab.
    await leaderMicrophone.expectHeard(tab, firstId, first.peerConnection, 'leo');
    const firstEnded = nextEvent(here, 'rc-call-ended', (e) => e.detail.callId === firstId);
    await first.hangup();
    expect((await firstEnded).detail.reason).to.equal('remote-hangup');

    // 2. Answered in the leader tab: it stops ringing here.
    const ringsAgain = nextEvent(here, 'rc-call-incoming');
    const second = await leo.phone!.call('kate');
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
    const third = await leo.phone!.call('kate');
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
    expect(await contacts('kate')).to.equal(1);
    await third.hangup();

    // 4. This tab now holds the phone itself: calls ring and play here.
    const ringsFourth = nextEvent(here, 'rc-call-incoming');
    const fourth = await leo.phone!.call('kate');
    const fourthId = (await ringsFourth).detail.callId;
    const fourthUp = nextEvent(leo, 'rc-call-state-change', (e) => e.detail.callId === fourth.id && e.detail.state === 'established');
    expect(await commandsOf(here).answer(fourthId)).to.equal(true);
    await fourthUp;
    await expectAudioFlowing(here.phone!.getCall(fourthId)!.peerConnection, 'kate (new leader)');
    const fourthEnded = nextEvent(leo, 'rc-call-ended', (e) => e.detail.callId === fourth.id);
    await fourth.hangup();
    await fourthEnded;
  });

  /** 'kate' led by another tab and followed here, and 'leo' to call her. */
  async function kateInTwoTabs(banner = true): Promise<{ tab: Tab; here: RcPhoneProvider; leo: RcPhoneProvider }> {
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mount('kate', { banner });
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the other tab registered', 15_000);
    const here = await mountProvider('kate');
    expect(here.tabRole).to.equal('follower');
    return { tab, here, leo: await mountProvider('leo') };
  }

  it('the ringtone plays in the tab the user looks at, and stops when the call is answered', async function () {
    this.timeout(60_000);
    const { tab, here, leo } = await kateInTwoTabs(false);
    // The user looks at the other tab: this page is hidden.
    await tab.front();
    expect(await tab.call<boolean>('visible')).to.equal(true);
    expect(document.visibilityState).to.equal('hidden');
    here.append(document.createElement('rc-incoming-call'));
    // [this hidden tab, the visible one]: whether each plays the ringtone.
    const ringers = async (): Promise<string> => [tonePlayer().ringingOn !== undefined, await tab.call<boolean>('ringing')].join();

    const ringsHere = nextEvent(here, 'rc-call-incoming');
    const call = await leo.phone!.call('kate');
    const callId = (await ringsHere).detail.callId;
    // Only this tab shows the call in a banner so far: it rings, hidden or not.
    await waitFor(async () => (await ringers()) === 'true,false', 'the hidden tab rings while no other tab shows the call');
    // The tab the user looks at shows it too: the ringtone moves there.
    await tab.call('addBanner');
    await waitFor(async () => (await ringers()) === 'false,true', 'the visible tab rings, the hidden one no longer');

    const up = nextEvent(leo, 'rc-call-state-change', (e) => e.detail.callId === call.id && e.detail.state === 'established');
    expect(await tab.call<boolean>('command', 'answer', callId)).to.equal(true);
    await up;
    await waitFor(async () => (await ringers()) === 'false,false', 'no ringtone once the call is answered');
    await waitFor(async () => ((await navigator.locks.query()).held ?? []).every((lock) => lock.name !== RINGER_LOCK), 'the ringer is given up');
    const ended = nextEvent(here, 'rc-call-ended', (e) => e.detail.callId === callId);
    await call.hangup();
    await ended;
  });

  it('a leader tab that crashes: its ringing call ends here as failed, and this tab takes over', async function () {
    this.timeout(60_000);
    const { tab, here, leo } = await kateInTwoTabs();

    const rings = nextEvent(here, 'rc-call-incoming');
    const call = await leo.phone!.call('kate');
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
    expect(await contacts('kate')).to.equal(1);
    await call.hangup();
    await tab.close();
  });

  it('without Web Locks a tab runs its own phone: same instance id, so its REGISTER replaces the binding and the calls ring there', async function () {
    this.timeout(60_000);
    const here = await mountProvider('kate');
    expect(here.tabRole).to.equal('leader');
    expect(await contacts('kate')).to.equal(1);
    const tab = await Tab.open();
    tabs.push(tab);
    await tab.mount('kate', { webLocks: false });
    await waitFor(async () => (await tab.state()).registration === 'registered', 'the tab without Web Locks registered', 15_000);
    const { role, hasPhone } = await tab.state();
    expect([role, hasPhone]).to.deep.equal(['single', true]);
    // The instance id is kept per profile and address (localStorage), so both phones present
    // the same one, and the registrar keeps one binding: the last REGISTER's (RFC 5626 §6).
    expect(await contacts('kate')).to.equal(1);

    const leo = await mountProvider('leo');
    const rangHere: string[] = [];
    here.addEventListener('rc-call-incoming', (e) => rangHere.push(e.detail.callId));
    const call = await leo.phone!.call('kate');
    await waitFor(async () => (await tab.state()).calls.some((c) => c.state === 'ringing'), 'the call rings in the tab without Web Locks');
    const [ringing] = (await tab.state()).calls;
    const busy = nextEvent(leo, 'rc-call-ended', (e) => e.detail.callId === call.id);
    expect(await tab.call<boolean>('command', 'decline', ringing!.id)).to.equal(true);
    // The registrar forks an INVITE to every binding at once: by the end, this tab would have rung.
    expect((await busy).detail.reason).to.equal('busy');
    expect(rangHere).to.deep.equal([]);
  });

  it('credentials for another address than `uri` are refused with invalid-configuration, in the leader and its follower', async () => {
    const server = await tokenServer();
    const session = await login(server, 'bob');
    const bob = await contacts('bob');
    const kate = await sipUri('kate');
    const providers = [0, 1].map(() => {
      const el = document.createElement('rc-phone-provider');
      el.provider = 'token';
      el.tokenUrl = `${server}/sip-token`;
      el.tokenHeaders = bearer(session);
      // The tabs share kate's device, but the app server's token is bob's.
      el.uri = kate;
      el.phoneOptions = { iceGatheringTimeout: 200 };
      return el;
    });
    const refused = providers.map((el) => nextEvent(el, 'rc-error'));
    document.body.append(...providers);
    try {
      const errors = await Promise.all(refused);
      expect(errors.map((e) => e.detail.code)).to.deep.equal(['invalid-configuration', 'invalid-configuration']);
      // Both asked for the device's Web Lock at once: which one leads is the browser's choice.
      const roles = providers.map((el) => el.tabRole);
      expect([...roles].sort()).to.deep.equal(['follower', 'leader']);
      expect(errors[roles.indexOf('leader')]!.detail.error.message).to.contain(`sip:bob@${(await rigConfig()).domain}`);
      expect(providers.map((el) => el.phone)).to.deep.equal([undefined, undefined]);
      expect(providers.map((el) => el.snapshot.registration)).to.deep.equal(['unregistered', 'unregistered']);
      expect(await contacts('bob')).to.equal(bob);
    } finally {
      for (const el of providers) el.remove();
    }
  });

  it('ignores malformed messages on the tabs channel, which do reach the tabs', async () => {
    const leader = await mountProvider('kate');
    const follower = await mountProvider('kate');
    const errors = [...collectErrors(leader), ...collectErrors(follower)];
    // Same origin, but possibly another copy of the kit: what arrives is checked like any
    // input. The channel is named by the kit's own electionName() (see rogue-script.ts).
    const channel = new RogueScript(await sipUri('kate'));
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
    for (const message of junk) channel.post(message);
    // Then, posted the same way, a well-formed hello (anyone may say hello), which the leader
    // answers with its state: hearing that answer proves the channel is the tabs' own and
    // that the leader read what was posted before it (one channel, read in order).
    const answers = channel.count('state');
    await channel.signed(await sipUri('kate'), { type: 'hello' });
    await waitFor(() => channel.count('state') > answers, "the leader answered the hello on the tabs' channel");
    channel.close();
    expect([leader.tabRole, follower.tabRole]).to.deep.equal(['leader', 'follower']);
    expect(follower.snapshot.registration).to.equal('registered');
    expect(follower.snapshot.calls).to.deep.equal([]);
    expect(errors).to.deep.equal([]);

    const leo = await mountProvider('leo');
    const rings = nextEvent(follower, 'rc-call-incoming');
    const call = await leo.phone!.call('kate');
    const callId = (await rings).detail.callId;
    const ended = nextEvent(leader, 'rc-call-ended', (e) => e.detail.callId === callId);
    const busy = nextEvent(leo, 'rc-call-ended', (e) => e.detail.callId === call.id);
    expect(await commandsOf(follower).decline(callId)).to.equal(true);
    expect((await ended).detail.reason).to.equal('declined');
    expect((await busy).detail.reason).to.equal('busy');
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
    const one = await mountProvider('kate', { tabSharing: 'off' });
    const two = await mountProvider('kate', { tabSharing: 'off' });
    expect([one.tabRole, two.tabRole]).to.deep.equal(['single', 'single']);
    expect(one.phone).not.to.equal(undefined);
    expect(two.phone).not.to.equal(undefined);
    expect(one.phone).not.to.equal(two.phone);
  });
});
