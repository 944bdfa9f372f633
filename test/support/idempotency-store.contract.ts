import type { IdempotencyStore, StoredResponse } from '../../apps/api/src/idempotency/idempotency.store.js';

/** Clock control the contract needs from a fixture. */
export interface StoreFixture {
  store: IdempotencyStore;
  /** Makes `ms` pass for the store's expiry. */
  elapse(ms: number): Promise<void>;
}

const response: StoredResponse = {
  status: 201,
  body: { orderId: 'o-1' },
  headers: { location: '/orders/o-1' },
};

/** The behaviour every IdempotencyStore must have, run against each implementation. */
export function describeIdempotencyStoreContract(name: string, fixture: () => Promise<StoreFixture>): void {
  describe(`${name} (IdempotencyStore contract)`, () => {
    let f: StoreFixture;
    let key = 0;
    const nextKey = (): string => `k-${Date.now()}-${++key}`;

    beforeEach(async () => {
      f = await fixture();
    });

    it('lets the first request claim a key', async () => {
      expect(await f.store.begin(nextKey(), 'f1', 1_000)).toEqual({ kind: 'started' });
    });

    it('answers in_flight to the same body while the key is claimed', async () => {
      const k = nextKey();
      await f.store.begin(k, 'f1', 1_000);
      expect(await f.store.begin(k, 'f1', 1_000)).toEqual({ kind: 'in_flight' });
    });

    it('answers mismatch to a different body, claimed or completed', async () => {
      const k = nextKey();
      await f.store.begin(k, 'f1', 1_000);
      expect(await f.store.begin(k, 'f2', 1_000)).toEqual({ kind: 'mismatch' });
      await f.store.complete(k, 'f1', response, 60_000);
      expect(await f.store.begin(k, 'f2', 1_000)).toEqual({ kind: 'mismatch' });
    });

    it('replays the stored answer to the same body once completed', async () => {
      const k = nextKey();
      await f.store.begin(k, 'f1', 1_000);
      await f.store.complete(k, 'f1', response, 60_000);
      expect(await f.store.begin(k, 'f1', 1_000)).toEqual({ kind: 'completed', response });
    });

    it('frees a released claim for a retry', async () => {
      const k = nextKey();
      await f.store.begin(k, 'f1', 1_000);
      await f.store.release(k, 'f1');
      expect(await f.store.begin(k, 'f1', 1_000)).toEqual({ kind: 'started' });
    });

    it('never releases a completed record', async () => {
      const k = nextKey();
      await f.store.begin(k, 'f1', 1_000);
      await f.store.complete(k, 'f1', response, 60_000);
      await f.store.release(k, 'f1');
      expect(await f.store.begin(k, 'f1', 1_000)).toEqual({ kind: 'completed', response });
    });

    it('frees a claim whose lock expired, as after a crash mid-request', async () => {
      const k = nextKey();
      await f.store.begin(k, 'f1', 50);
      await f.elapse(60);
      expect(await f.store.begin(k, 'f1', 1_000)).toEqual({ kind: 'started' });
    });

    it('forgets a completed record after its ttl', async () => {
      const k = nextKey();
      await f.store.begin(k, 'f1', 1_000);
      await f.store.complete(k, 'f1', response, 50);
      await f.elapse(60);
      expect(await f.store.begin(k, 'f2', 1_000)).toEqual({ kind: 'started' });
    });

    it('lets exactly one of many concurrent claims of a key start', async () => {
      const k = nextKey();
      const results = await Promise.all(Array.from({ length: 20 }, () => f.store.begin(k, 'f1', 1_000)));
      expect(results.filter((r) => r.kind === 'started')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'in_flight')).toHaveLength(19);
    });
  });
}
