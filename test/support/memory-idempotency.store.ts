import {
  resultOf,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  type StoredResponse,
} from '../../apps/api/src/idempotency/idempotency.store.js';

/** Idempotency records in this process's memory: a test double of `IdempotencyStore` (the app always has Redis, so nothing else wires it). */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  begin(key: string, fingerprint: string, lockMs: number): Promise<BeginResult> {
    const existing = this.live(key);
    if (existing) return Promise.resolve(resultOf(existing, fingerprint));
    this.records.set(key, { record: { fingerprint }, expiresAt: this.now() + lockMs });
    return Promise.resolve({ kind: 'started' });
  }

  complete(key: string, fingerprint: string, response: StoredResponse, ttlMs: number): Promise<void> {
    this.records.set(key, { record: { fingerprint, response }, expiresAt: this.now() + ttlMs });
    return Promise.resolve();
  }

  release(key: string, fingerprint: string): Promise<void> {
    const existing = this.live(key);
    if (existing && !existing.response && existing.fingerprint === fingerprint) this.records.delete(key);
    return Promise.resolve();
  }

  private live(key: string): IdempotencyRecord | undefined {
    const entry = this.records.get(key);
    if (entry && entry.expiresAt <= this.now()) this.records.delete(key);
    return entry && entry.expiresAt > this.now() ? entry.record : undefined;
  }
}
