import { expect, oneEvent } from '@open-wc/testing';
import { PhoneError } from '../../core/errors.js';
import { CallDirection, CallState, RegistrationState } from '../../core/states.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import type { RcEmbeddableBridge } from './rc-embeddable-bridge.component.js';
import { callNotifications, parseAdapterMessage, type Notification } from './rc-embeddable-bridge.messages.js';
import './rc-embeddable-bridge.js';

const CRM = 'https://crm.example.com';

/** A bridge allowing `origins`, posting to a recorder instead of a parent frame. */
async function bridge(phone = new FakePhone(), origins = CRM) {
  const el = document.createElement('rc-embeddable-bridge');
  const posted: { message: Notification; origin: string }[] = [];
  el.target = { postMessage: (message: Notification, origin: string) => posted.push({ message, origin }) } as RcEmbeddableBridge['target'];
  el.allowedOrigins = origins;
  await mountWithPhone(el, phone);
  return { el, phone, posted, types: () => posted.map((p) => p.message.type) };
}

/** What a page at `origin` posting `data` to this window looks like to it. */
const send = (data: unknown, origin = CRM): boolean => window.dispatchEvent(new MessageEvent('message', { data, origin }));

/** Lets the bridge's async command run. */
const settle = () => new Promise((resolve) => setTimeout(resolve));

describe('<rc-embeddable-bridge>', () => {
  afterEach(() => unmountPhones());

  it("reads Embeddable's commands; malformed ones are invalid-message, others' messages are not its business", () => {
    expect(parseAdapterMessage({ type: 'rc-adapter-new-call', phoneNumber: '+16505550100', toCall: true })).to.deep.equal({
      type: 'rc-adapter-new-call',
      phoneNumber: '+16505550100',
      toCall: true,
    });
    expect(parseAdapterMessage({ type: 'rc-adapter-new-call', phoneNumber: '101' })).to.include({ toCall: false });
    expect(parseAdapterMessage({ type: 'rc-adapter-control-call', callAction: 'hold' })).to.deep.equal({
      type: 'rc-adapter-control-call',
      callAction: 'hold',
      callId: undefined,
      argument: undefined,
    });
    expect(parseAdapterMessage({ type: 'rc-adapter-control-call', callAction: 'transfer', callId: 'c1', options: { transferNumber: '102' } })).to.include({
      argument: '102',
    });
    expect(parseAdapterMessage({ type: 'rc-adapter-logout' })).to.deep.equal({ type: 'rc-adapter-logout' });
    for (const malformed of [
      { type: 'rc-adapter-new-call' },
      { type: 'rc-adapter-new-call', phoneNumber: 42, toCall: true },
      { type: 'rc-adapter-new-call', phoneNumber: '1'.repeat(300), toCall: true },
      { type: 'rc-adapter-new-call', phoneNumber: '101', toCall: 'yes' },
      { type: 'rc-adapter-control-call', callAction: 'explode' },
      { type: 'rc-adapter-control-call', callAction: 'toString' },
      { type: 'rc-adapter-control-call', callAction: 'hangup', callId: { id: 1 } },
      { type: 'rc-adapter-control-call', callAction: 'transfer', callId: 'c1' },
    ]) {
      const result = parseAdapterMessage(malformed);
      expect(result, JSON.stringify(malformed)).to.be.instanceOf(PhoneError);
      expect((result as PhoneError).code).to.equal('invalid-message');
    }
    for (const foreign of [null, 'rc-adapter-logout', [], { type: 'rc-adapter-new-sms' }, { type: 'webpackOk' }])
      expect(parseAdapterMessage(foreign)).to.equal(undefined);
  });

  it("turns snapshots into Embeddable's call notifications, with its field names", () => {
    const phone = new FakePhone({ uri: 'sip:101@example.com' });
    const before = phone.snapshot;
    const call = phone.addCall({
      state: CallState.Ringing,
      remote: { user: '+16505550100', displayName: 'Acme' },
      platformIds: { telephonySessionId: 's-1', partyId: 'p-1' },
    });
    const ringing = callNotifications(before, phone.snapshot, 0);
    expect(ringing.map((n) => n.type)).to.deep.equal(['rc-call-ring-notify', 'rc-active-call-notify']);
    expect(ringing[0]).to.deep.include({
      call: {
        id: call.id,
        direction: 'Inbound',
        callStatus: 'webphone-session-connecting',
        from: '+16505550100',
        fromUserName: 'Acme',
        to: '101',
        toUserName: undefined,
        startTime: undefined,
        creationTime: call.createdAt,
        isOnHold: false,
        isOnMute: false,
        recordStatus: 'webphone-record-idle',
        partyData: { partyId: 'p-1', sessionId: 's-1' },
      },
    });
    expect(ringing[1]).to.deep.include({
      call: { ...(ringing[1] as { call: object }).call, telephonyStatus: 'Ringing', telephonySessionId: 's-1', partyId: 'p-1' },
    });

    let previous = phone.snapshot;
    phone.updateCall(call.id, { state: CallState.Established, startedAt: 5 });
    expect(callNotifications(previous, phone.snapshot, 0).map((n) => n.type)).to.deep.equal(['rc-call-start-notify', 'rc-active-call-notify']);
    previous = phone.snapshot;
    phone.updateCall(call.id, { held: true, muted: true });
    const held = callNotifications(previous, phone.snapshot, 0);
    expect(held.map((n) => n.type)).to.deep.equal(['rc-call-hold-notify', 'rc-call-mute-notify', 'rc-active-call-notify']);
    expect(held[0]).to.deep.nested.include({ 'call.callStatus': 'webphone-session-onHold', 'call.isOnHold': true, 'call.isOnMute': true });
    previous = phone.snapshot;
    phone.removeCall(call.id);
    const ended = callNotifications(previous, phone.snapshot, 1234);
    expect(ended.map((n) => n.type)).to.deep.equal(['rc-call-end-notify', 'rc-active-call-notify']);
    expect(ended[0]).to.deep.nested.include({ 'call.callStatus': 'webphone-session-finished', 'call.endTime': 1234 });
    expect(ended[1]).to.deep.nested.include({ 'call.telephonyStatus': 'NoCall' });

    previous = phone.snapshot;
    phone.addCall({ direction: CallDirection.Outbound, state: CallState.Dialing, remote: { user: '102' } });
    expect(callNotifications(previous, phone.snapshot, 0)[0]).to.deep.nested.include({ type: 'rc-call-init-notify', 'call.from': '101', 'call.to': '102' });
  });

  it('carries out commands from an allowed origin only, through the cancelable request events', async () => {
    const { phone } = await bridge();
    send({ type: 'rc-adapter-new-call', phoneNumber: '102', toCall: true }, 'https://evil.example.com');
    send({ type: 'rc-adapter-new-call', phoneNumber: '102', toCall: true }, 'https://crm.example.com.evil.example');
    await settle();
    expect(phone.received).to.deep.equal([]);

    const dial = oneEvent(document, 'rc-request-dial');
    send({ type: 'rc-adapter-new-call', phoneNumber: '102', toCall: true });
    expect((await dial).detail).to.deep.include({ target: '102', input: '102' });
    await settle();
    expect(phone.calls('call').map((c) => c.args[0])).to.deep.equal(['102']);
    // Without toCall Embeddable only fills its dial pad: nothing to call.
    send({ type: 'rc-adapter-new-call', phoneNumber: '103' });
    await settle();
    expect(phone.calls('call')).to.have.length(1);

    const ringing = phone.addCall({ state: CallState.Ringing });
    const veto = (e: Event) => e.preventDefault();
    document.addEventListener('rc-request-call-action', veto, { once: true });
    send({ type: 'rc-adapter-control-call', callAction: 'answer' });
    await settle();
    expect(phone.calls('answer')).to.deep.equal([]);
    send({ type: 'rc-adapter-control-call', callAction: 'answer' });
    await settle();
    expect(phone.calls('answer').map((c) => c.args)).to.deep.equal([[ringing.id]]);
    send({ type: 'rc-adapter-control-call', callAction: 'hold', callId: ringing.id });
    send({ type: 'rc-adapter-control-call', callAction: 'reject', callId: ringing.id });
    await settle();
    // Without a callId: the current call (here the one dialled above), as Embeddable's active call.
    const current = phone.snapshot.currentCallId;
    send({ type: 'rc-adapter-control-call', callAction: 'startRecord' });
    send({ type: 'rc-adapter-control-call', callAction: 'dtmf', options: { dtmf: '12#' } });
    await settle();
    expect(phone.received.slice(2).map((c) => [c.name, ...c.args])).to.deep.equal([
      ['hold', ringing.id],
      ['decline', ringing.id],
      ['providerAction', current, 'record', { on: true }],
      ['sendDtmf', current, '12#'],
    ]);
  });

  it('takes commands only from the window it posts to, when that is a window', async () => {
    const { el, phone } = await bridge();
    // The counterpart is this page's window; another frame of the same allowed origin is not it.
    el.target = window;
    const other = document.body.appendChild(document.createElement('iframe'));
    try {
      const dial = (source: Window | null) =>
        window.dispatchEvent(new MessageEvent('message', { data: { type: 'rc-adapter-new-call', phoneNumber: '102', toCall: true }, origin: CRM, source }));
      dial(other.contentWindow);
      dial(null);
      await settle();
      expect(phone.calls('call')).to.deep.equal([]);
      dial(window);
      await settle();
      expect(phone.calls('call').map((c) => c.args[0])).to.deep.equal(['102']);
    } finally {
      other.remove();
    }
  });

  it('reports malformed messages, a missing call and a wildcard origin as rc-error', async () => {
    const el = document.createElement('rc-embeddable-bridge');
    el.allowedOrigins = `* ${CRM} https://crm.example.com/path`;
    const refused = oneEvent(el, 'rc-error');
    await mountWithPhone(el, new FakePhone());
    expect((await refused).detail.code).to.equal('invalid-configuration');
    expect((await refused).detail.error.message).to.include('* https://crm.example.com/path');

    let error = oneEvent(el, 'rc-error');
    send({ type: 'rc-adapter-control-call', callAction: 'explode' });
    expect((await error).detail.code).to.equal('invalid-message');
    error = oneEvent(el, 'rc-error');
    send({ type: 'rc-adapter-control-call', callAction: 'hangup' });
    expect((await error).detail.code).to.equal('invalid-state');
    // From a page not allowed, not even an error: the page is not told anything.
    let heard = false;
    el.addEventListener('rc-error', () => (heard = true));
    send({ type: 'rc-adapter-control-call', callAction: 'explode' }, 'https://evil.example.com');
    await settle();
    expect(heard).to.equal(false);
  });

  it('posts notifications to each allowed origin only: login, presence, calls, sessions on request; logout unregisters a plain SIP phone', async () => {
    const phone = new FakePhone({ uri: 'sip:101@example.com' });
    const { posted, types } = await bridge(phone, `${CRM} https://other.example.com`);
    expect(types()).to.deep.equal(['rc-adapter-syncPresence', 'rc-adapter-syncPresence', 'rc-login-status-notify', 'rc-login-status-notify']);
    expect(posted.map((p) => p.origin)).to.deep.equal([CRM, 'https://other.example.com', CRM, 'https://other.example.com']);
    expect(posted[0]!.message).to.deep.equal({
      type: 'rc-adapter-syncPresence',
      telephonyStatus: 'NoCall',
      userStatus: null,
      dndStatus: null,
      presenceOption: null,
    });
    expect(posted[2]!.message).to.deep.equal({ type: 'rc-login-status-notify', loggedIn: true, loginNumber: '101' });
    posted.length = 0;

    const call = phone.addCall({ state: CallState.Ringing });
    expect(types().filter((_, i) => i % 2 === 0)).to.deep.equal(['rc-call-ring-notify', 'rc-active-call-notify', 'rc-adapter-syncPresence']);
    posted.length = 0;
    send({ type: 'rc-adapter-webphone-sessions-sync' });
    await settle();
    expect(posted[0]!.message).to.deep.nested.include({ type: 'rc-webphone-sessions-sync', 'calls[0].id': call.id });
    posted.length = 0;

    send({ type: 'rc-adapter-logout' });
    await settle();
    expect(phone.calls('unregister')).to.have.length(1);
    expect(phone.snapshot.registration).to.equal(RegistrationState.Unregistered);
    expect(posted[0]!.message).to.deep.equal({ type: 'rc-login-status-notify', loggedIn: false, loginNumber: undefined });
  });
});
