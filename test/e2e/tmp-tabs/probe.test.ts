import { expect } from '@open-wc/testing';
import { mountProvider, rigCommand, unmountAll } from '../../rig/phone-rig.js';

describe('probe', () => {
  afterEach(unmountAll);
  it('same instance id twice', async () => {
    await mountProvider('heidi', { phoneOptions: { instanceId: '11111111-2222-3333-4444-555555555555' } });
    await mountProvider('heidi', { phoneOptions: { instanceId: '11111111-2222-3333-4444-555555555555' } });
    const n = await rigCommand<number>('contacts', { user: 'heidi' });
    console.log('contacts with same instance', n);
    expect(n).to.be.a('number');
  });
});
