import { expect } from '@open-wc/testing';
import { refreshDelay, retrying, wallClockTimer } from './refresh-timing.js';
import { ErrorCode, PhoneError } from './errors.js';

describe('credential refresh timing', () => {
  it('renews at 80 % of a long life, 30 s early for a minute-long one, never in the first half', () => {
    expect(refreshDelay(600_000)).to.equal(480_000);
    expect(refreshDelay(60_000)).to.equal(30_000);
    expect(refreshDelay(10_000)).to.equal(5_000);
  });

  it('never schedules a busy loop for credentials that are already expired', () => {
    expect(refreshDelay(0)).to.equal(1_000);
    expect(refreshDelay(-5_000)).to.equal(1_000);
  });

  it('says when the next attempt is, keeping the code', () => {
    const error = retrying(new PhoneError(ErrorCode.TokenFetchFailed), 2_400);
    expect(error.code).to.equal('token-fetch-failed');
    expect(error.message).to.match(/Trying again in 3 s\.$/);
  });

  it('fires a wall-clock timer once its time has come, and not after cancel', async () => {
    const fired: string[] = [];
    const cancel = wallClockTimer(Date.now() + 10, () => fired.push('kept'));
    wallClockTimer(Date.now() + 5, () => fired.push('cancelled'))();
    // A later timer as the witness: by the time it fires, the earlier ones have had their turn.
    await new Promise<void>((resolve) => wallClockTimer(Date.now() + 30, resolve));
    expect(fired).to.deep.equal(['kept']);
    cancel();
  });
});
