import { expect } from '@open-wc/testing';
import { PhoneError } from '../errors.js';
import { checkIceConfiguration } from './ice-servers.js';

const inFirefox = navigator.userAgent.includes('Firefox/');

/** The error checkIceConfiguration throws for `urls`, or undefined. */
function refusal(...urls: string[]): PhoneError | undefined {
  try {
    checkIceConfiguration({ iceServers: urls.map((url) => ({ urls: url, username: 'user', credential: 'secret' })) });
    return undefined;
  } catch (error) {
    return error as PhoneError;
  }
}

describe('checkIceConfiguration: STUN/TURN servers as this browser reads them', () => {
  it('accepts usable servers, and none', () => {
    expect(refusal('stun:127.0.0.1:3478', 'turn:127.0.0.1:3478?transport=tcp')).to.equal(undefined);
    expect(refusal()).to.equal(undefined);
  });

  it('a URL the browser cannot parse: invalid-configuration naming it', () => {
    const error = refusal('stun:127.0.0.1:3478', 'stun:bad host');
    expect(error).to.be.instanceOf(PhoneError);
    expect(error!.code).to.equal('invalid-configuration');
    expect(error!.message).to.equal('The STUN/TURN server stun:bad host is not a URL this browser accepts.');
    expect((error!.cause as Error).name).to.equal('SyntaxError');
  });

  it('a port on the Fetch standard’s blocked list: Firefox refuses it and the error says so; Chromium takes it', () => {
    const error = refusal('turn:127.0.0.1:6000?transport=tcp');
    if (!inFirefox) {
      expect(error).to.equal(undefined);
      return;
    }
    expect(error!.code).to.equal('invalid-configuration');
    expect(error!.message).to.contain('turn:127.0.0.1:6000?transport=tcp').and.contain('port 6000 is blocked by this browser');
    expect(error!.message, 'no credential in the message').not.to.contain('secret');
  });
});
