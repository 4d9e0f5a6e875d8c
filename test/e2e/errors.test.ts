import { expect } from '@open-wc/testing';
import type { RcPhoneProvider } from '../../src/elements/rc-phone-provider/rc-phone-provider.component.js';
import type { Invitation } from 'sip.js';
import type { PhoneError } from '../../src/core/errors.js';
import type { CredentialSource } from '../../src/core/credentials.js';
import { commandsOf, mountProvider, nextEvent, rigCommand, rigConfig, sipUri, unmountAll, waitFor } from '../rig/phone-rig.js';
import { type FarEnd, sipjsFarEnd } from './sipjs-far-end.js';

describe('errors are typed rc-error events and end reasons', () => {
  let far: FarEnd | undefined;
  afterEach(async () => {
    await unmountAll();
    await far?.stop();
    far = undefined;
  });

  it('wrong password: registration-rejected with the 403', async () => {
    const el = await mountProvider('alice', { password: 'not-the-password', register: false });
    const error = await nextEvent(el, 'rc-error');
    expect(error.detail.code).to.equal('registration-rejected');
    expect(error.detail.error.statusCode).to.equal(403);
    expect(error.detail.error.solutions.length).to.be.greaterThan(0);
    expect(el.snapshot.registration).to.equal('failed');
  });

  it('calling a user who does not exist ends with not-found', async () => {
    const alice = await mountProvider('alice');
    const ended = nextEvent(alice, 'rc-call-ended');
    await alice.phone!.call('nobody-here');
    const { detail } = await ended;
    expect(detail.reason).to.equal('not-found');
    expect(detail.error?.code).to.equal('not-found');
    expect(detail.error?.statusCode).to.equal(404);
  });

  it('a declined call ends as busy for the caller and declined for the callee', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const aliceEnded = nextEvent(alice, 'rc-call-ended');
    const bobEnded = nextEvent(bob, 'rc-call-ended');
    await alice.phone!.call('bob');
    await bob.phone!.getCall((await ringing).detail.callId)!.decline();
    expect((await bobEnded).detail.reason).to.equal('declined');
    const { detail } = await aliceEnded;
    expect(detail.reason).to.equal('busy');
    expect(detail.error?.code).to.equal('busy');
    expect(detail.error?.statusCode).to.equal(486);
  });

  it('cancel before answer: cancelled for the callee, local hangup for the caller', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const bobEnded = nextEvent(bob, 'rc-call-ended');
    const aliceEnded = nextEvent(alice, 'rc-call-ended');
    const call = await alice.phone!.call('bob');
    await ringing;
    await call.hangup();
    expect((await bobEnded).detail.reason).to.equal('cancelled');
    expect((await aliceEnded).detail.reason).to.equal('local-hangup');
  });

  // A far end that is not the kit (plain sip.js) refuses the INVITE with a status; Kamailio
  // relays it, and the kit maps it (RFC 3261 §21) to an end reason and an error code. A proxy
  // never relays a 503 as such (RFC 3261 §16.7 step 6): the kit receives Kamailio's 500.
  for (const [status, relayed, reason, code] of [
    [603, 603, 'remote-declined', 'declined'],
    [408, 408, 'timeout', 'request-timeout'],
    [503, 500, 'failed', 'unavailable'],
  ] as const) {
    it(`a far end answering ${status} ends the call as ${reason} with ${code}`, async () => {
      far = await sipjsFarEnd('carol', (invitation: Invitation) => void invitation.reject({ statusCode: status }));
      const alice = await mountProvider('alice');
      const ended = nextEvent(alice, 'rc-call-ended');
      await alice.phone!.call('carol');
      const { detail } = await ended;
      expect(far.invites, 'the INVITE reached the far end').to.have.length(1);
      expect(detail.reason).to.equal(reason);
      expect(detail.error?.code).to.equal(code);
      expect(detail.error?.statusCode).to.equal(relayed);
    });
  }

  it('a phone used after its provider left the page rejects with disposed', async () => {
    const alice = await mountProvider('alice');
    const phone = alice.phone!;
    alice.remove();
    // The provider disposed its phone: the un-REGISTER reached the registrar.
    await waitFor(async () => (await rigCommand<number>('contacts', { user: 'alice' })) === 0, 'alice un-REGISTERed');
    const refused = await phone.call('bob').then(
      () => undefined,
      (error: unknown) => error as PhoneError,
    );
    expect(refused?.code).to.equal('disposed');
    expect(refused?.solutions.length).to.be.greaterThan(0);
  });

  it('a credential source that fails (the app server is down): credentials-failed, nothing registered', async () => {
    const el = document.createElement('rc-phone-provider');
    const source: CredentialSource = {
      kind: 'app',
      // Nothing listens on port 2: fetch rejects with a TypeError, as when the app server is down.
      load: async () => (await fetch('http://127.0.0.1:2/sip-credentials')).json(),
    };
    el.credentials = source;
    const error = nextEvent(el, 'rc-error');
    document.body.append(el);
    try {
      const { detail } = await error;
      expect(detail.code).to.equal('credentials-failed');
      expect(el.snapshot.registration).not.to.equal('registered');
      expect(await rigCommand('contacts', { user: 'alice' })).to.equal(0);
    } finally {
      el.remove();
    }
  });

  it('a microphone that another application holds (NotReadableError): media-failed, and the call is not placed', async () => {
    // The browser's fake microphone cannot be made busy; this getUserMedia fails as
    // Chromium's does when the OS device is taken ("Could not start audio source").
    const mediaDevices = { getUserMedia: () => Promise.reject(new DOMException('Could not start audio source', 'NotReadableError')) };
    const alice = await mountProvider('alice', { phoneOptions: { mediaDevices } });
    const error = nextEvent(alice, 'rc-error');
    expect(await commandsOf(alice).call('bob')).to.equal(undefined);
    const { detail } = await error;
    expect(detail.code).to.equal('media-failed');
    expect(detail.error.solutions.length).to.be.greaterThan(0);
    expect(alice.snapshot.calls).to.have.length(0);
  });

  for (const target of ['', '   ', 'bob smith', '<script>alert(1)</script>', 'sip:bob@exa mple.com', '"quoted"', 'a'.repeat(300) + ' x']) {
    it(`invalid target ${JSON.stringify(target.slice(0, 24))} → rc-error invalid-target, no call`, async () => {
      const alice = await mountProvider('alice');
      const error = nextEvent(alice, 'rc-error');
      const id = await commandsOf(alice).call(target);
      expect(id).to.equal(undefined);
      const { detail } = await error;
      expect(detail.code).to.equal('invalid-target');
      expect(alice.snapshot.calls).to.have.length(0);
    });
  }

  it('a typed phone number with separators is normalised, not rejected', async () => {
    const alice = await mountProvider('alice');
    const ended = nextEvent(alice, 'rc-call-ended');
    await alice.phone!.call('+1 (650) 422-3279');
    // Nobody is registered as that number: the INVITE went out and Kamailio answered 404.
    expect((await ended).detail.call.remote.user).to.equal('+16504223279');
  });

  it('microphone denied: microphone-denied, and the call is not placed', async () => {
    const alice = await mountProvider('alice');
    await rigCommand('microphone', { setting: 'denied' });
    try {
      const error = nextEvent(alice, 'rc-error');
      expect(await commandsOf(alice).call('bob')).to.equal(undefined);
      expect((await error).detail.code).to.equal('microphone-denied');
      expect(alice.snapshot.calls).to.have.length(0);
    } finally {
      await rigCommand('microphone', { setting: 'granted' });
    }
  });

  it('microphone denied while answering keeps the call ringing', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const call = await alice.phone!.call('bob');
    const callId = (await ringing).detail.callId;
    await rigCommand('microphone', { setting: 'denied' });
    try {
      const error = nextEvent(bob, 'rc-error');
      expect(await commandsOf(bob).answer(callId)).to.equal(false);
      expect((await error).detail).to.include({ code: 'microphone-denied', callId });
      expect(bob.snapshot.calls[0]!.state).to.equal('ringing');
    } finally {
      await rigCommand('microphone', { setting: 'granted' });
    }
    const ended = nextEvent(bob, 'rc-call-ended');
    await call.hangup();
    await ended;
  });

  // With the microphone allowed already, a call is set up while it opens (README,
  // Performance). A chosen device that is gone fails to open only after the INVITE or the
  // 200 OK may have left: the call then ends with the typed error and nothing stays behind.
  it('allowed microphone that fails to open while dialling: the call ends with no-microphone', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    await alice.phone!.setAudioInput('a-device-that-was-unplugged');
    const errors: string[] = [];
    alice.addEventListener('rc-error', (e) => errors.push(e.detail.code));
    const ended = nextEvent(alice, 'rc-call-ended');
    const call = await alice.phone!.call('bob');
    const { detail } = await ended;
    expect(detail.call.id).to.equal(call.id);
    expect(errors, 'one rc-error for one failure').to.deep.equal(['no-microphone']);
    expect(detail.reason).to.equal('failed');
    expect(detail.error?.code).to.equal('no-microphone');
    expect(alice.snapshot.calls).to.have.length(0);
    // Bob's phone rang at most until the CANCEL, and the next call goes through.
    await waitFor(() => bob.snapshot.calls.length === 0, 'bob stops ringing');
    await alice.phone!.setAudioInput('');
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const next = await alice.phone!.call('bob');
    const { callId } = (await ringing).detail;
    expect(bob.phone!.calls.map((c) => c.id)).to.deep.equal([callId]);
    const bobEnded = nextEvent(bob, 'rc-call-ended');
    await next.hangup();
    expect((await bobEnded).detail.reason).to.equal('cancelled');
  });

  it('allowed microphone that fails to open while answering: the answered call ends with no-microphone', async () => {
    const alice = await mountProvider('alice');
    const bob = await mountProvider('bob');
    await bob.phone!.setAudioInput('a-device-that-was-unplugged');
    const ringing = nextEvent(bob, 'rc-call-incoming');
    const aliceEnded = nextEvent(alice, 'rc-call-ended');
    const bobEnded = nextEvent(bob, 'rc-call-ended');
    const error = nextEvent(bob, 'rc-error');
    await alice.phone!.call('bob');
    const callId = (await ringing).detail.callId;
    await commandsOf(bob).answer(callId);
    expect((await error).detail).to.include({ code: 'no-microphone', callId });
    const { detail } = await bobEnded;
    expect(detail.reason).to.equal('failed');
    expect(detail.error?.code).to.equal('no-microphone');
    expect((await aliceEnded).detail.reason).to.be.oneOf(['remote-hangup', 'failed']);
    expect(bob.snapshot.calls).to.have.length(0);
  });

  it('a registrar that takes no more devices (603 Too Many Contacts, as RingCentral): too-many-devices', async () => {
    // This server takes two devices per address, as RingCentral takes five per extension.
    const { url } = await rigCommand<{ url: string }>('start', { name: 'two-devices', defines: ['DEVICE_LIMIT=2'] });
    const device = (n: number, register = true): Promise<RcPhoneProvider> =>
      mountProvider('alice', { server: url, tabSharing: 'off', register, phoneOptions: { instanceId: `00000000-0000-4000-8000-00000000000${n}` } });
    const first = await device(1);
    await device(2);
    const third = await device(3, false);
    const { detail } = await nextEvent(third, 'rc-error');
    expect(detail.code).to.equal('too-many-devices');
    expect(detail.error.statusCode).to.equal(603);
    expect(detail.error.solutions.length).to.be.greaterThan(0);
    await waitFor(() => third.snapshot.registration === 'failed', 'the third device is not registered');
    // A device that signs out makes room.
    first.remove();
    await waitFor(async () => (await rigCommand<number>('contacts', { user: 'alice', name: 'two-devices' })) === 1, 'the first device unregistered');
    const fourth = await device(4);
    expect(fourth.snapshot.registration).to.equal('registered');
  });

  it('server not running: server-unreachable', async () => {
    const el = document.createElement('rc-phone-provider');
    el.server = 'ws://127.0.0.1:9';
    el.uri = await sipUri('alice');
    el.password = 'alice-secret';
    const error = nextEvent(el, 'rc-error');
    document.body.append(el);
    try {
      const { detail } = await error;
      expect(detail.code).to.equal('server-unreachable');
      expect(el.snapshot.connection).to.equal('disconnected');
    } finally {
      el.remove();
    }
  });

  it('a malformed server URL or URI is invalid-configuration', async () => {
    const { domain } = await rigConfig();
    for (const [server, uri] of [
      ['http://127.0.0.1:1', `sip:alice@${domain}`],
      ['ws://127.0.0.1:1', 'alice'],
    ]) {
      const el = document.createElement('rc-phone-provider');
      el.server = server!;
      el.uri = uri!;
      const error = nextEvent(el, 'rc-error');
      document.body.append(el);
      try {
        expect((await error).detail.code).to.equal('invalid-configuration');
      } finally {
        el.remove();
      }
    }
  });
});
