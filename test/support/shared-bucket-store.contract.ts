import type { TierLimits } from '../../apps/api/src/rate-limit/rate-limit-tier.js';
import type { BucketSpend, SharedBucketStore } from '../../apps/api/src/rate-limit/shared-bucket.store.js';

/** What the contract needs of a fixture. */
export interface SharedBucketStoreFixture {
  store: SharedBucketStore;
  /** The store's active window (kept short where time is real). */
  activeWindowMs: number;
  /** Makes at least `ms` pass for the store; resolves with how long did. */
  elapse(ms: number): Promise<number>;
}

const LIMITS: TierLimits = { burst: 10, perSecond: 50 };

/** The behaviour every SharedBucketStore must have, run against each implementation. */
export function describeSharedBucketStoreContract(
  name: string,
  fixture: () => Promise<SharedBucketStoreFixture>,
): void {
  describe(`${name} (SharedBucketStore contract)`, () => {
    let f: SharedBucketStoreFixture;
    let clients = 0;
    let client: string;
    const spend = (spent: number, who = client, tier: BucketSpend['tier'] = 'anonymous'): BucketSpend => ({
      tier,
      client: who,
      limits: LIMITS,
      spent,
      serving: true,
    });
    const refresh = (who = client): BucketSpend => ({ ...spend(0, who), serving: false });

    beforeEach(async () => {
      f = await fixture();
      client = `10.${process.pid % 256}.${Date.now() % 256}.${++clients}`;
    });

    it("starts a client it never saw from a full bucket, less the replica's spend", async () => {
      expect(await f.store.settle('r1', [spend(3)])).toEqual({
        replicas: 1,
        buckets: [{ tokens: 7, replicas: 1 }],
      });
    });

    it('refills a bucket at perSecond between settlements, never beyond the burst', async () => {
      await f.store.settle('r1', [spend(10)]);
      const waited = await f.elapse(100);
      const [refilled] = (await f.store.settle('r1', [spend(0)])).buckets;
      expect(refilled.tokens).toBeGreaterThanOrEqual((LIMITS.perSecond * waited) / 1000);
      expect(refilled.tokens).toBeLessThanOrEqual(
        Math.min(LIMITS.burst, (LIMITS.perSecond * (waited + 100)) / 1000),
      );
      await f.elapse(400);
      expect((await f.store.settle('r1', [spend(0)])).buckets[0].tokens).toBe(LIMITS.burst);
    });

    it('records spending beyond what is left as a debt, no deeper than one burst', async () => {
      await f.store.settle('r1', [spend(8)]);
      const [bucket] = (await f.store.settle('r2', [spend(25)])).buckets;
      expect(bucket.tokens).toBe(-LIMITS.burst);
    });

    it('counts the replicas serving a client, and forgets one that stopped settling', async () => {
      await f.store.settle('r1', [spend(1)]);
      expect((await f.store.settle('r2', [spend(1)])).buckets[0].replicas).toBe(2);
      await f.elapse(f.activeWindowMs + 50);
      expect((await f.store.settle('r2', [spend(0)])).buckets[0].replicas).toBe(1);
    });

    it('counts every replica that settled lately, spends or none, as the fleet', async () => {
      const first = `${client}-a`;
      const second = `${client}-b`;
      await f.store.settle(first, []);
      expect((await f.store.settle(second, [])).replicas).toBeGreaterThanOrEqual(2);
      await f.elapse(f.activeWindowMs + 50);
      expect((await f.store.settle(second, [])).replicas).toBe(1);
    });

    it('only reads for a replica that no longer serves the client, counting that replica in the share', async () => {
      await f.store.settle('r1', [spend(6)]);
      expect((await f.store.settle('r2', [refresh()])).buckets[0]).toEqual({
        tokens: expect.any(Number),
        replicas: 2,
      });
      await f.elapse(f.activeWindowMs + 50);
      // r2 only read: once r1's mark lapses, nobody else is counted.
      expect((await f.store.settle('r1', [refresh()])).buckets[0].replicas).toBe(1);
      expect((await f.store.settle('r3', [spend(1)])).buckets[0].replicas).toBe(1);
    });

    it('answers a refresh of a client nobody spent for with a full bucket, storing nothing', async () => {
      expect((await f.store.settle('r1', [refresh()])).buckets).toEqual([
        { tokens: LIMITS.burst, replicas: 1 },
      ]);
      expect((await f.store.settle('r2', [spend(1)])).buckets).toEqual([{ tokens: 9, replicas: 1 }]);
    });

    it('keeps each client and each tier to its own bucket', async () => {
      const other = `${client}-other`;
      const settled = await f.store.settle('r1', [spend(4), spend(1, other), spend(2, client, 'keyed')]);
      expect(settled.buckets.map((b) => b.tokens)).toEqual([6, 9, 8]);
    });

    it('answers every spend of a batch larger than one script call, in order', async () => {
      const spends = Array.from({ length: 450 }, (_, i) => spend(i % 5, `${client}-${i}`));
      const settled = await f.store.settle('r1', spends);
      expect(settled.buckets.map((b) => b.tokens)).toEqual(spends.map((s) => LIMITS.burst - s.spent));
    });
  });
}
