import type { Redis } from 'ioredis';
import type { SharedBucketView } from './client-bucket.js';
import { SETTLE_SPENDS_LUA } from './rate-limit.lua.js';
import {
  REPLICA_ACTIVE_MS,
  type BucketSpend,
  type SettledSpends,
  type SharedBucketStore,
} from './shared-bucket.store.js';

/** Options of {@link RedisSharedBucketStore}. */
export interface RedisSharedBucketStoreOptions {
  /** @default 'carta:rate-limit:' */
  keyPrefix?: string;
  /** @default REPLICA_ACTIVE_MS */
  activeWindowMs?: number;
}

// ioredis adds a method of this name for the script (EVALSHA, EVAL on NOSCRIPT) to the client
// and its pipelines.
const COMMAND = 'cartaRateLimitSettle';
// Clients per script call: one call holds Redis for its whole batch, so a large batch is cut
// into calls other clients' commands can run between (sent in one pipeline all the same).
const CLIENTS_PER_CALL = 200;

type ScriptCommand = (...args: (string | number)[]) => unknown;

/**
 * The shared buckets in Redis, shared by every replica on it: one hash per client
 * (`<prefix><tier>:<client>`) and a sorted set of the replicas that settled lately
 * (`<prefix>replicas`), settled by one Lua script (rate-limit.lua.ts). A bucket's key expires
 * once the bucket is full again, so Redis keeps only clients that spent lately.
 */
export class RedisSharedBucketStore implements SharedBucketStore {
  private readonly prefix: string;
  private readonly activeWindowMs: number;

  constructor(
    private readonly redis: Redis,
    options: RedisSharedBucketStoreOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'carta:rate-limit:';
    this.activeWindowMs = options.activeWindowMs ?? REPLICA_ACTIVE_MS;
    redis.defineCommand(COMMAND, { lua: SETTLE_SPENDS_LUA });
  }

  async settle(replica: string, spends: readonly BucketSpend[]): Promise<SettledSpends> {
    const pipeline = this.redis.pipeline();
    const settle = (pipeline as unknown as Record<string, ScriptCommand>)[COMMAND];
    // With no spends, still one call: it marks this replica as one of the fleet.
    for (let from = 0; from === 0 || from < spends.length; from += CLIENTS_PER_CALL) {
      const part = spends.slice(from, from + CLIENTS_PER_CALL);
      const keys = part.map(({ tier, client }) => `${this.prefix}${tier}:${client}`);
      const counts = part.flatMap(({ spent, limits, serving }) => [
        spent,
        limits.burst,
        limits.perSecond,
        serving ? 1 : 0,
      ]);
      settle.call(
        pipeline,
        keys.length + 1,
        `${this.prefix}replicas`,
        ...keys,
        replica,
        this.activeWindowMs,
        ...counts,
      );
    }
    const results = (await pipeline.exec()) ?? [];
    let replicas = 1;
    const buckets: SharedBucketView[] = [];
    for (const [error, reply] of results) {
      if (error) throw error;
      const fields = reply as (string | number)[];
      replicas = Math.max(replicas, Number(fields[0]));
      for (let i = 1; i < fields.length; i += 2)
        buckets.push({ tokens: Number(fields[i]), replicas: Number(fields[i + 1]) });
    }
    return { replicas, buckets };
  }
}
