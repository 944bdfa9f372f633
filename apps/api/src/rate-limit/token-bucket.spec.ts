import fc from 'fast-check';
import { TokenBucket } from './token-bucket.js';

const full = (capacity: number, perSecond: number, now = 0): TokenBucket =>
  new TokenBucket({ capacity, perSecond, level: capacity }, now);

function takeAll(bucket: TokenBucket, now: number): number {
  let taken = 0;
  while (bucket.take(now)) taken++;
  return taken;
}

describe('TokenBucket', () => {
  it('admits its whole capacity at once, then refuses', () => {
    const bucket = full(5, 1);
    expect(takeAll(bucket, 0)).toBe(5);
    expect(bucket.take(0)).toBe(false);
  });

  it('admits one more request for each 1 / perSecond that passes', () => {
    const bucket = full(5, 10);
    takeAll(bucket, 0);
    expect(bucket.take(99)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it('never holds more than its capacity however long it idles', () => {
    const bucket = full(5, 10);
    bucket.take(0);
    expect(bucket.levelAt(3_600_000)).toBe(5);
    expect(takeAll(bucket, 3_600_000)).toBe(5);
  });

  it('tells how long until it holds a token, and until it is full again', () => {
    const bucket = full(4, 2);
    takeAll(bucket, 0);
    expect(bucket.msUntil(1, 0)).toBe(500);
    expect(bucket.msUntil(4, 0)).toBe(2_000);
    expect(bucket.msUntil(4, 2_000)).toBe(0);
    expect(bucket.msUntil(5, 0)).toBe(Infinity);
  });

  it('pays a debt off with its refill before it admits again', () => {
    const bucket = full(4, 1);
    bucket.reset({ capacity: 4, perSecond: 1, level: -2 }, 0);
    expect(bucket.take(2_999)).toBe(false);
    expect(bucket.take(3_000)).toBe(true);
  });

  it('is never refilled by a time earlier than the last one it saw', () => {
    const bucket = full(2, 1, 1_000);
    takeAll(bucket, 1_000);
    expect(bucket.take(500)).toBe(false);
    expect(bucket.levelAt(1_000)).toBe(0);
  });

  it('never admits more than capacity + perSecond x elapsed over any run of requests', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 300 }),
        (capacity, perSecond, gaps) => {
          const bucket = full(capacity, perSecond);
          let now = 0;
          let admitted = 0;
          for (const gap of gaps) {
            now += gap;
            if (bucket.take(now)) admitted++;
          }
          return admitted <= capacity + (perSecond * now) / 1000;
        },
      ),
    );
  });
});
