import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { StoredResponse } from '../../../apps/api/src/idempotency/idempotency.store.js';
import type { Order } from '../../../apps/api/src/orders/order.js';
import { PEER_OPTIONS, type PeerOptions } from './peer.options.js';
import { PEER_REDIS } from './peer-redis.provider.js';

/** What one Idempotency-Key holds: the request it was claimed for, and its answer once there is one. */
interface KeyRecord {
  fingerprint: string;
  answer?: StoredResponse;
}

/** What claiming a key found. */
export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; answer: StoredResponse }
  | { kind: 'in_use' }
  | { kind: 'mismatch' };

// Carta's IDEMPOTENCY_LOCK_MS and IDEMPOTENCY_TTL_MS defaults.
const LOCK_MS = 30_000;
const ANSWER_TTL_MS = 24 * 3_600_000;

/**
 * Orders and idempotency records in Redis, the way a hand-written checkout keeps them: a key
 * claimed with one SET NX, then the order and the key's answer written together in one MULTI.
 */
@Injectable()
export class CheckoutRecords {
  private readonly prefix: string;

  constructor(
    @Inject(PEER_REDIS) private readonly redis: Redis,
    @Inject(PEER_OPTIONS) options: PeerOptions,
  ) {
    this.prefix = `bench:${options.name}:`;
  }

  async claim(key: string, fingerprint: string): Promise<Claim> {
    const claimed = await this.redis.set(
      this.keyOf(key),
      JSON.stringify({ fingerprint } satisfies KeyRecord),
      'PX',
      LOCK_MS,
      'NX',
    );
    if (claimed === 'OK') return { kind: 'claimed' };
    const raw = await this.redis.get(this.keyOf(key));
    const record = raw === null ? undefined : (JSON.parse(raw) as KeyRecord);
    if (record?.fingerprint !== fingerprint) return { kind: record ? 'mismatch' : 'in_use' };
    return record.answer ? { kind: 'replay', answer: record.answer } : { kind: 'in_use' };
  }

  /** Stores the order and the key's answer in one round trip. */
  async store(order: Order, fingerprint: string, answer: StoredResponse): Promise<void> {
    await this.redis
      .multi()
      .set(`${this.prefix}order:${order.orderId}`, JSON.stringify(order))
      .set(
        this.keyOf(order.idempotencyKey),
        JSON.stringify({ fingerprint, answer } satisfies KeyRecord),
        'PX',
        ANSWER_TTL_MS,
      )
      .exec();
  }

  /** Frees a key whose checkout failed, so a retry may run. */
  async release(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }

  private keyOf(key: string): string {
    return `${this.prefix}idempotency:${key}`;
  }
}
