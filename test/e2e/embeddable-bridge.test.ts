/**
 * `<rc-embeddable-bridge>` driven exactly as a RingCentral Embeddable integration drives
 * Embeddable's iframe: this test page (http://localhost:…) is the integration; it frames the
 * phone page from another origin (http://127.0.0.1:…, fixtures/embeddable-phone.ts), posts
 * `rc-adapter-*` messages to the frame and reads the notifications from its own `message`
 * events. The far end is JsSIP (fixtures/jssip-peer.ts), where the call, its audio and the
 * hold are checked. A third frame, of an origin the bridge does not allow, posts commands too.
 */
import { expect } from '@open-wc/testing';
import type { EmbeddablePhoneSetup, RogueSetup } from './fixtures/embeddable-phone.js';
import { account, rigConfig, sipUri, waitFor } from '../rig/phone-rig.js';
import { JssipClient } from './jssip-client.js';

/** The phone page's origin: the same test server under another host name. */
const PHONE_ORIGIN = `http://127.0.0.1:${location.port}`;
const FIXTURE = `${PHONE_ORIGIN}/test/e2e/fixtures/embeddable-phone.html`;

type Received = { readonly type: string } & Readonly<Record<string, unknown>>;
type WebCall = Readonly<Record<string, unknown>>;

let peer: JssipClient | undefined;
const frames: HTMLIFrameElement[] = [];
const received: Received[] = [];
/** Notifications from the phone frame (the first one; the rogue frame has the same origin). */
const onMessage = (event: MessageEvent): void => {
  if (event.origin !== PHONE_ORIGIN || event.source !== frames[0]?.contentWindow) return;
  if (typeof (event.data as Received | null)?.type === 'string') received.push(event.data as Received);
};

function frame(setup: EmbeddablePhoneSetup | RogueSetup): HTMLIFrameElement {
  const el = document.createElement('iframe');
  // As Embeddable's own iframe is embedded: the microphone delegated to the frame.
  el.allow = 'microphone; autoplay';
  el.src = `${FIXTURE}#${encodeURIComponent(JSON.stringify(setup))}`;
  document.body.append(el);
  frames.push(el);
  return el;
}

/** The first notification of `type` (from `after` on) that matches, once it arrives. */
async function notified(type: string, matches: (message: Received) => boolean = () => true, after = 0): Promise<Received> {
  let found: Received | undefined;
  await waitFor(() => (found = received.slice(after).find((m) => m.type === type && matches(m))) !== undefined, `${type} at the integration page`);
  return found!;
}

describe('<rc-embeddable-bridge>: an Embeddable integration on another origin drives the kit', () => {
  before(() => window.addEventListener('message', onMessage));
  after(() => window.removeEventListener('message', onMessage));
  afterEach(async () => {
    for (const el of frames.splice(0)) el.remove();
    received.length = 0;
    await peer?.call('stop').catch(() => undefined);
    await peer?.close();
    peer = undefined;
  });

  it('new-call reaches JsSIP with audio; hold and hangup by control-call; notifications in Embeddable’s names; a non-allowed origin is ignored', async () => {
    peer = await JssipClient.start('dave');
    const erin = await account('erin');
    const phone = frame({
      server: (await rigConfig()).servers['primary']!,
      uri: await sipUri('erin'),
      password: erin.password,
      displayName: erin.displayName,
      allowed: location.origin,
    });
    const post = (message: Readonly<Record<string, unknown>>) => phone.contentWindow!.postMessage(message, PHONE_ORIGIN);

    expect(await notified('rc-login-status-notify', (m) => m['loggedIn'] === true)).to.deep.equal({
      type: 'rc-login-status-notify',
      loggedIn: true,
      loginNumber: 'erin',
    });
    expect(await notified('rc-adapter-syncPresence')).to.deep.equal({
      type: 'rc-adapter-syncPresence',
      telephonyStatus: 'NoCall',
      userStatus: null,
      dndStatus: null,
      presenceOption: null,
    });

    post({ type: 'rc-adapter-new-call', phoneNumber: 'dave', toCall: true });
    const init = (await notified('rc-call-init-notify'))['call'] as WebCall;
    expect(init).to.include({ direction: 'Outbound', from: 'erin', to: 'dave', callStatus: 'webphone-session-connecting' });
    const started = (await notified('rc-call-start-notify'))['call'] as WebCall;
    expect(started).to.include({
      id: init['id'],
      callStatus: 'webphone-session-connected',
      isOnHold: false,
      isOnMute: false,
      recordStatus: 'webphone-record-idle',
    });
    expect(started['startTime']).to.be.a('number');
    await waitFor(async () => (await peer!.state()).established, 'the call is up at JsSIP');
    await waitFor(async () => (await peer!.stats()).packetsReceived > 10 && (await peer!.stats()).receivedEnergy > 0, 'JsSIP hears the kit');
    expect(await notified('rc-active-call-notify', (m) => (m['call'] as WebCall)['telephonyStatus'] === 'CallConnected')).to.deep.nested.include({
      'call.direction': 'Outbound',
      'call.to': 'dave',
    });

    let seen = await peer.eventCount();
    post({ type: 'rc-adapter-control-call', callAction: 'hold', callId: init['id'] });
    expect(((await notified('rc-call-hold-notify'))['call'] as WebCall)['callStatus']).to.equal('webphone-session-onHold');
    await peer.nextEvent((e) => e.type === 'hold' && e.originator === 'remote', 'hold by the kit', seen);
    await notified('rc-adapter-syncPresence', (m) => m['telephonyStatus'] === 'OnHold');

    // A page of an origin the bridge does not allow: its hang-up and new call are ignored.
    seen = await peer.eventCount();
    const before = received.length;
    frame({
      rogue: [
        { type: 'rc-adapter-control-call', callAction: 'hangup', callId: init['id'] },
        { type: 'rc-adapter-new-call', phoneNumber: 'dave', toCall: true },
      ],
    });
    await new Promise<void>((resolve) => {
      const sent = (event: MessageEvent): void => {
        if ((event.data as Received | null)?.type !== 'rogue-sent') return;
        window.removeEventListener('message', sent);
        resolve();
      };
      window.addEventListener('message', sent);
    });
    // Its messages reached the phone frame before this one (same sender process, earlier task).
    post({ type: 'rc-adapter-webphone-sessions-sync' });
    const sync = (await notified('rc-webphone-sessions-sync', () => true, before))['calls'] as WebCall[];
    expect(sync.map((call) => [call['id'], call['callStatus']])).to.deep.equal([[init['id'], 'webphone-session-onHold']]);
    expect(received.slice(before).map((m) => m.type)).to.deep.equal(['rc-webphone-sessions-sync']);
    expect((await peer.events()).slice(seen).map((e) => e.type)).to.not.include('ended');

    post({ type: 'rc-adapter-control-call', callAction: 'hangup' });
    const ended = (await notified('rc-call-end-notify'))['call'] as WebCall;
    expect(ended).to.include({ id: init['id'], callStatus: 'webphone-session-finished' });
    expect(ended['endTime']).to.be.a('number');
    await peer.nextEvent((e) => e.type === 'ended', 'JsSIP saw the BYE', seen);
    await notified('rc-adapter-syncPresence', (m) => m['telephonyStatus'] === 'NoCall', before);
  });
});
