import { expect } from '@open-wc/testing';
import { Phone } from '../../src/core/phone.js';
import { createRingCentralSession } from '../../src/providers/ringcentral/index.js';
import { rigCommand, rigConfig } from '../rig/phone-rig.js';

describe('ringcentral smoke', () => {
  it('signs in by popup and registers', async () => {
    const rig = (await rigConfig()) as unknown as { ringcentral: string };
    const session = createRingCentralSession({ server: rig.ringcentral, clientId: 'rc-kit-test-client', redirectUri: `${location.origin}/examples/ringcentral/callback.html` });
    await session.start();
    const login = session.login();
    await rigCommand('ringcentral-sign-in', { user: 'alice' });
    await login;
    expect(session.signedIn).to.equal(true);
    const phone = new Phone({ credentials: session.createSource(), iceGatheringTimeout: 200 });
    await phone.start();
    expect(phone.registration).to.equal('registered');
    await phone.dispose();
    await session.logout();
    session.dispose();
  });
});
