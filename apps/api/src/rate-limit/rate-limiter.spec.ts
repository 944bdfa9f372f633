import { FakeClock } from '@carta/resilience/core';
import { RateLimiter } from './rate-limiter.js';

const TIERS = { anonymous: { burst: 4, perSecond: 2 }, keyed: { burst: 10, perSecond: 5 } };

function setup() {
  const clock = new FakeClock(0);
  return { clock, limiter: new RateLimiter({ tiers: TIERS, clock }) };
}

function admitted(
  limiter: RateLimiter,
  tier: 'anonymous' | 'keyed',
  client: string,
  requests: number,
): number {
  let count = 0;
  for (let i = 0; i < requests; i++) if (limiter.take(tier, client).allowed) count++;
  return count;
}

describe('RateLimiter', () => {
  it("admits a new client's burst, then refuses it with Retry-After until a token has refilled", () => {
    const { clock, limiter } = setup();
    expect(admitted(limiter, 'anonymous', '10.0.0.1', 10)).toBe(4);
    expect(limiter.take('anonymous', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.advance(500);
    expect(limiter.take('anonymous', '10.0.0.1').allowed).toBe(true);
  });

  it('reports the burst as the limit, the whole tokens left, and the seconds until the bucket is full', () => {
    const { limiter } = setup();
    expect({ ...limiter.take('anonymous', '10.0.0.1') }).toEqual({
      allowed: true,
      limit: 4,
      remaining: 3,
      resetSeconds: 1,
      retryAfterSeconds: 0,
    });
    admitted(limiter, 'anonymous', '10.0.0.1', 3);
    expect(limiter.take('anonymous', '10.0.0.1')).toMatchObject({
      allowed: false,
      remaining: 0,
      resetSeconds: 2,
    });
  });

  it('keeps one bucket per client and per tier, with the tier’s own limits', () => {
    const { limiter } = setup();
    admitted(limiter, 'anonymous', '10.0.0.1', 4);
    expect(limiter.take('anonymous', '10.0.0.2').allowed).toBe(true);
    expect(limiter.take('keyed', '10.0.0.1')).toMatchObject({ allowed: true, limit: 10 });
  });

  it('starts a client new to one of N replicas with 1 / N of its burst', () => {
    const { limiter } = setup();
    limiter.settle({ buckets: [], spends: [] }, { replicas: 2, buckets: [] });
    expect(admitted(limiter, 'keyed', 'key:a', 20)).toBe(5);
  });

  it('admits a client on a replica whose share of its burst is under one token, and tells a refused one when to retry', () => {
    const { clock, limiter } = setup();
    // Eight replicas, a burst of 4: half a token each, which alone could never admit anything.
    limiter.settle({ buckets: [], spends: [] }, { replicas: 8, buckets: [] });
    expect(admitted(limiter, 'anonymous', '10.0.0.1', 5)).toBe(1);
    // The share refills at 2/s / 8: a whole token in 4 s.
    expect(limiter.take('anonymous', '10.0.0.1')).toMatchObject({
      allowed: false,
      retryAfterSeconds: 4,
      resetSeconds: 4,
    });
    clock.advance(4_000);
    expect(limiter.take('anonymous', '10.0.0.1').allowed).toBe(true);
  });

  it('cuts a batch of every client it holds, with what each spent since the last cut and whether it was asked', () => {
    const { limiter } = setup();
    admitted(limiter, 'anonymous', '10.0.0.1', 6);
    limiter.take('keyed', 'key:a');
    expect(limiter.cutBatch().spends).toEqual([
      { tier: 'anonymous', client: '10.0.0.1', limits: TIERS.anonymous, spent: 4, serving: true },
      { tier: 'keyed', client: 'key:a', limits: TIERS.keyed, spent: 1, serving: true },
    ]);
    limiter.take('anonymous', '10.0.0.1');
    expect(limiter.cutBatch().spends).toEqual([
      { tier: 'anonymous', client: '10.0.0.1', limits: TIERS.anonymous, spent: 0, serving: true },
      { tier: 'keyed', client: 'key:a', limits: TIERS.keyed, spent: 0, serving: false },
    ]);
  });

  it('adopts its share of the shared bucket, less what it spent while the sync was out', () => {
    const { limiter } = setup();
    admitted(limiter, 'keyed', 'key:a', 2);
    const batch = limiter.cutBatch();
    admitted(limiter, 'keyed', 'key:a', 1);
    // The fleet's bucket holds 6 after this replica's 2, shared by two replicas: 3 here, 1 spent since.
    limiter.settle(batch, { replicas: 2, buckets: [{ tokens: 6, replicas: 2 }] });
    expect(admitted(limiter, 'keyed', 'key:a', 10)).toBe(2);
    expect(limiter.take('keyed', 'key:a').limit).toBe(10);
  });

  it('forgets a client once it is full again and unasked, and keeps one still refilling', () => {
    const { clock, limiter } = setup();
    limiter.take('anonymous', '10.0.0.1');
    admitted(limiter, 'anonymous', '10.0.0.2', 4);
    limiter.cutBatch();
    clock.advance(500); // the first is full again, the second has 1 of its 4 back
    expect(limiter.cutBatch().spends.map((s) => s.client)).toEqual(['10.0.0.2']);
    expect(limiter.clients).toBe(1);
    clock.advance(1_500);
    expect(limiter.cutBatch().spends).toEqual([]);
    expect(limiter.clients).toBe(0);
  });

  it('keeps a client asked since the last cut, even when full', () => {
    const { clock, limiter } = setup();
    limiter.take('anonymous', '10.0.0.1');
    clock.advance(10_000);
    expect(limiter.cutBatch().spends).toHaveLength(1);
    expect(limiter.clients).toBe(1);
  });
});
