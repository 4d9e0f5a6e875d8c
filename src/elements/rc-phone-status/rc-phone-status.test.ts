import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { CallDirection, CallEndReason, CallState, ConnectionState, RegistrationState } from '../../core/states.js';
import { ErrorCode } from '../../core/errors.js';
import { FakePhone, mountWithPhone, unmountPhones } from '../testing.harness.js';
import { PhoneStatusHarness } from './rc-phone-status.harness.js';
import './rc-phone-status.js';

async function status(phone: FakePhone | null = new FakePhone()) {
  const el = document.createElement('rc-phone-status');
  await mountWithPhone(el, phone);
  return { el, phone: phone!, ui: new PhoneStatusHarness(el) };
}

/** Ends `id` as the phone does: one snapshot with the ended call, then the call is gone. */
function end(phone: FakePhone, id: string, endReason: CallEndReason, endCode?: ErrorCode): void {
  phone.updateCall(id, { state: CallState.Ended, endReason, endCode, endedAt: Date.now() });
  phone.removeCall(id);
}

describe('<rc-phone-status>', () => {
  afterEach(unmountPhones);

  it('renders nothing while the phone is ready, or without a provider', async () => {
    const { el } = await status();
    expect(el.status).to.equal('');
    expect(el.hasAttribute('outcome')).to.equal(false);
    const none = await status(null);
    expect(none.el.shadowRoot!.textContent!.trim()).to.equal('');
  });

  it('shows the connection and registration states', async () => {
    const { el, phone, ui } = await status();
    const cases: [Parameters<FakePhone['update']>[0], string, string][] = [
      [{ connection: ConnectionState.Connecting, registration: RegistrationState.Unregistered }, 'connecting', 'Connecting…'],
      [{ connection: ConnectionState.Connected, registration: RegistrationState.Registering }, 'registering', 'Signing in…'],
      [{ connection: ConnectionState.Reconnecting, connectionAttempt: 3, registration: RegistrationState.Unregistered }, 'reconnecting', 'Reconnecting…'],
      [{ connection: ConnectionState.Disconnected, registration: RegistrationState.Unregistered }, 'offline', 'Offline'],
    ];
    for (const [patch, kind, title] of cases) {
      phone.update(patch);
      await el.updateComplete;
      expect(el.status).to.equal(kind);
      expect(ui.title).to.equal(title);
    }
    expect(ui.detail).to.equal('The phone is not connected to its server.');
    await expect(el).to.be.accessible();
  });

  it('counts down to the next reconnection attempt, with Retry now', async () => {
    const { el, phone, ui } = await status();
    phone.update({
      connection: ConnectionState.Reconnecting,
      connectionAttempt: 2,
      reconnectAt: Date.now() + 2_500,
      registration: RegistrationState.Unregistered,
    });
    await el.updateComplete;
    expect(ui.title).to.equal('Reconnecting in 3 s…');
    expect(ui.detail).to.equal('The connection was lost. Attempt 2.');
    expect(ui.helpButton!.textContent!.trim()).to.equal('Retry now');
    await waitUntil(() => ui.title === 'Reconnecting in 2 s…', 'it counts down', { timeout: 2_000 });
    // The live region's text does not tick: screen readers hear "Reconnecting…" once, not each second.
    const region = el.shadowRoot!.querySelector('[part="status"]')!;
    expect(region.getAttribute('role')).to.equal('status');
    expect(region.querySelector('[part="status-title"]')!.getAttribute('aria-hidden')).to.equal('true');
    expect(region.querySelector('.visually-hidden')!.textContent).to.equal('Reconnecting…');
    await expect(el).to.be.accessible();
    await ui.act();
    expect(phone.calls('start')).to.have.length(1);
    // An attempt under way: no countdown, no button.
    phone.update({ connection: ConnectionState.Reconnecting, connectionAttempt: 3, reconnectAt: undefined, registration: RegistrationState.Unregistered });
    await el.updateComplete;
    expect(ui.title).to.equal('Reconnecting…');
    expect(ui.helpButton).to.equal(null);
  });

  it('shows the problem with the action that helps, as an alert, and tells the provider it shows it', async () => {
    const { el, phone, ui } = await status(new FakePhone({ registration: RegistrationState.Failed }));
    expect(phone.problemDisplays).to.equal(1);
    phone.setProblem({ code: ErrorCode.RegistrationRejected, message: 'The server rejected the sign-in.' });
    await el.updateComplete;
    expect(ui.title).to.equal('Wrong user name or password');
    expect(ui.helpButton!.textContent!.trim()).to.equal('Sign in again');
    expect(el.shadowRoot!.querySelector('[part="status"]')!.getAttribute('role')).to.equal('alert');
    await expect(el).to.be.accessible();
    await ui.act();
    expect(phone.calls('register')).to.have.length(1);
    await el.updateComplete;
    // Registered: the problem is solved.
    expect(el.status).to.equal('');
    el.remove();
    expect(phone.problemDisplays).to.equal(0);
  });

  it('server unreachable: Try again connects again', async () => {
    const { el, phone, ui } = await status(new FakePhone({ connection: ConnectionState.Disconnected, registration: RegistrationState.Unregistered }));
    phone.setProblem({ code: ErrorCode.ServerUnreachable, message: 'The phone server cannot be reached.' });
    await el.updateComplete;
    expect(ui.title).to.equal('Can’t reach the phone server');
    await ui.act();
    expect(phone.calls('start')).to.have.length(1);
    await el.updateComplete;
    expect(el.status).to.equal('');
  });

  it('microphone blocked stays while registered, until allowed', async () => {
    const { el, phone, ui } = await status();
    phone.setProblem({ code: ErrorCode.MicrophoneDenied, message: 'Microphone access was denied.' });
    await el.updateComplete;
    expect(ui.title).to.equal('Microphone blocked');
    expect(ui.helpButton!.textContent!.trim()).to.equal('Allow microphone');
    // The test browser grants the microphone: allowing it solves the problem.
    await ui.act();
    await waitUntil(() => el.status === '', 'the problem is dismissed once the microphone opens');
  });

  const outcomes: [CallEndReason, ErrorCode | undefined, string, string][] = [
    [CallEndReason.Busy, ErrorCode.Busy, 'Busy', 'call-again'],
    [CallEndReason.RemoteDeclined, ErrorCode.Declined, 'Call declined', 'call-again'],
    [CallEndReason.NotFound, ErrorCode.NotFound, 'Number not found', 'call-again'],
    [CallEndReason.Timeout, ErrorCode.RequestTimeout, 'No answer', 'call-again'],
    [CallEndReason.Failed, ErrorCode.IceFailed, 'Call failed', 'call-again'],
    [CallEndReason.AnsweredElsewhere, undefined, 'Answered elsewhere', 'dismiss'],
    [CallEndReason.Transferred, undefined, 'Call transferred', 'dismiss'],
  ];
  for (const [reason, code, title, first] of outcomes) {
    it(`after a call that ended ${reason}: "${title}"`, async () => {
      const { el, phone, ui } = await status();
      const direction = reason === CallEndReason.AnsweredElsewhere ? CallDirection.Inbound : CallDirection.Outbound;
      const answered = reason === CallEndReason.Transferred;
      const call = phone.addCall({
        direction,
        state: answered ? CallState.Established : CallState.Ringing,
        startedAt: answered ? Date.now() - 61_000 : undefined,
      });
      end(phone, call.id, reason, code);
      await el.updateComplete;
      expect(el.outcome).to.equal(true);
      expect(ui.outcome).to.equal(title);
      expect(ui.name).to.equal('Bob');
      if (reason === CallEndReason.Failed) expect(ui.outcomeDetail).to.equal('The audio connection could not be set up.');
      if (answered) expect(ui.outcomeDetail).to.match(/Duration 1:0\d/);
      else expect(ui.outcomeDetail).not.to.contain('Duration');
      expect(el.shadowRoot!.querySelector('[data-action]')!.getAttribute('data-action')).to.equal(first);
      await expect(el).to.be.accessible();
    });
  }

  it('Call again places the call through rc-request-dial; the outcome goes after its time', async () => {
    const { el, phone, ui } = await status();
    el.outcomeDuration = 300;
    const call = phone.addCall({ direction: CallDirection.Outbound, state: CallState.Dialing, remote: { user: 'carol', displayName: '' } });
    end(phone, call.id, CallEndReason.Busy, ErrorCode.Busy);
    await el.updateComplete;
    const dial = oneEvent(el, 'rc-request-dial');
    await ui.callAgain();
    expect((await dial).detail.target).to.equal('sip:carol@example.com');
    expect(phone.calls('call')[0]!.args).to.deep.equal(['sip:carol@example.com', { headers: undefined, dtmf: undefined }]);
    // A new call: the outcome gives way.
    expect(el.outcome).to.equal(false);
    const again = phone.snapshot.calls[0]!;
    end(phone, again.id, CallEndReason.Busy, ErrorCode.Busy);
    await el.updateComplete;
    expect(el.outcome).to.equal(true);
    await waitUntil(() => !el.outcome, 'the outcome hides by itself', { timeout: 2000 });
  });

  it('no outcome while another call is still up (call waiting)', async () => {
    const { el, phone } = await status();
    phone.addCall();
    const second = phone.addCall({ direction: CallDirection.Inbound, state: CallState.Ringing, startedAt: undefined });
    end(phone, second.id, CallEndReason.Cancelled);
    await el.updateComplete;
    expect(el.outcome).to.equal(false);
  });
});
