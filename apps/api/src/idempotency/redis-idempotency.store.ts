import type { Redis } from 'ioredis';
import {
  resultOf,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  type StoredResponse,
} from './idempotency.store.js';

const keyOf = (key: string): string => `carta:idempotency:${key}`;

// Deletes the claim only if it is still exactly ours: never a completed record, never
// another request's claim made after ours expired.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Idempotency records in Redis, shared by every api instance. The claim is one SET NX. */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: Redis) {}

  async begin(key: string, fingerprint: string, lockMs: number): Promise<BeginResult> {
    const claim = JSON.stringify({ fingerprint } satisfies IdempotencyRecord);
    // Two tries: the record found by a failed claim can expire before it is read.
    for (let i = 0; i < 2; i++) {
      if ((await this.redis.set(keyOf(key), claim, 'PX', lockMs, 'NX')) === 'OK') return { kind: 'started' };
      const raw = await this.redis.get(keyOf(key));
      if (raw !== null) return resultOf(JSON.parse(raw) as IdempotencyRecord, fingerprint);
    }
    return { kind: 'in_flight' };
  }

  async complete(key: string, fingerprint: string, response: StoredResponse, ttlMs: number): Promise<void> {
    await this.redis.set(
      keyOf(key),
      JSON.stringify({ fingerprint, response } satisfies IdempotencyRecord),
      'PX',
      ttlMs,
    );
  }

  async release(key: string, fingerprint: string): Promise<void> {
    await this.redis.eval(
      RELEASE,
      1,
      keyOf(key),
      JSON.stringify({ fingerprint } satisfies IdempotencyRecord),
    );
  }
}
