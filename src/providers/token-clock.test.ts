import { expect } from '@open-wc/testing';
import { refreshDelay } from '../core/refresh-timing.js';
import { tokenCredentials } from './token.js';

/**
 * A browser clock an hour off the app server's must not change when the token is renewed:
 * measured against the server's clock (its `Date` header) or from `expiresIn`, the lifetime
 * is the same. (An absolute `expiresAt` read with a clock an hour fast is already past: the
 * phone would fetch a token, re-REGISTER and fire `credentials-expiring` every second.)
 */
const SERVER_NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const TEN_MINUTES = 10 * 60_000;
const HOUR = 60 * 60_000;

function answering(body: Record<string, unknown>, date: number | undefined): typeof fetch {
  return () =>
    Promise.resolve(
      new Response(JSON.stringify({ server: 'wss://pbx.example.com/ws', uri: 'sip:alice@example.com', username: '1:alice', password: 'x', ...body }), {
        headers: { 'content-type': 'application/json', ...(date === undefined ? {} : { date: new Date(date).toUTCString() }) },
      }),
    );
}

async function lifetimeSeen(skew: number, body: Record<string, unknown>, date: number | undefined = SERVER_NOW): Promise<number> {
  const localNow = SERVER_NOW + skew;
  const source = tokenCredentials({ url: 'https://app.example/sip-token', fetch: answering(body, date), now: () => localNow });
  const credentials = await source.load(new AbortController().signal);
  return credentials.expiresAt! - localNow;
}

describe('token credentials with a skewed browser clock', () => {
  for (const [name, skew] of [
    ['an hour fast', HOUR],
    ['an hour slow', -HOUR],
    ['right', 0],
  ] as const) {
    it(`expiresAt and the Date header: the clock ${name} still sees ten minutes`, async () => {
      const lifetime = await lifetimeSeen(skew, { expiresAt: SERVER_NOW + TEN_MINUTES });
      expect(lifetime).to.equal(TEN_MINUTES);
      expect(refreshDelay(lifetime)).to.equal(0.8 * TEN_MINUTES);
    });

    it(`expiresIn: the clock ${name} still sees ten minutes`, async () => {
      expect(await lifetimeSeen(skew, { expiresIn: 600, expiresAt: SERVER_NOW - 5 * HOUR })).to.equal(TEN_MINUTES);
    });
  }

  it('without a Date header, expiresAt is read as it is (the clocks are assumed to agree)', async () => {
    expect(await lifetimeSeen(0, { expiresAt: SERVER_NOW + TEN_MINUTES }, undefined)).to.equal(TEN_MINUTES);
  });

  it('an answer with neither expiresAt nor expiresIn is refused', async () => {
    const error = await lifetimeSeen(0, {}).then(
      () => undefined,
      (e: unknown) => e as Error & { code: string },
    );
    expect(error?.code).to.equal('token-fetch-failed');
    expect(error?.message).to.include('expiresAt (or expiresIn)');
  });
});
