/** Token of the {@link IdempotencyStore} in use. */
export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/** An answer as it will be replayed. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** What claiming a key found. */
export type BeginResult =
  | { kind: 'started' }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' }
  | { kind: 'completed'; response: StoredResponse };

/**
 * Idempotency records: a key is claimed by one request at a time (`begin`), then holds that
 * request's answer (`complete`) or is freed for a retry (`release`).
 */
export interface IdempotencyStore {
  /** Claims `key` for a request whose body hashes to `fingerprint`, for at most `lockMs`; or says who has it. */
  begin(key: string, fingerprint: string, lockMs: number): Promise<BeginResult>;
  /** Stores the answer to replay for `ttlMs`. */
  complete(key: string, fingerprint: string, response: StoredResponse, ttlMs: number): Promise<void>;
  /** Frees a claim that produced nothing worth replaying; a completed record is left alone. */
  release(key: string, fingerprint: string): Promise<void>;
}

/** The stored form, shared by the implementations. */
export interface IdempotencyRecord {
  fingerprint: string;
  response?: StoredResponse;
}

/** What `begin` answers for an existing record. */
export function resultOf(record: IdempotencyRecord, fingerprint: string): BeginResult {
  if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
  return record.response ? { kind: 'completed', response: record.response } : { kind: 'in_flight' };
}
