import { createHash } from 'node:crypto';

/** The request header that names a keyed client. */
export const API_KEY_HEADER = 'x-api-key';

/** The id a key goes by in Redis keys and logs: never the key itself. */
export const apiKeyId = (key: string): string =>
  `key:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

/** Tells keyed clients (one of `RATE_LIMIT_API_KEYS` in X-Api-Key) from anonymous ones. */
export class RateLimitClients {
  // Built once, so a request costs one map lookup and no hashing.
  private readonly ids: Map<string, string>;

  constructor(apiKeys: readonly string[]) {
    this.ids = new Map(apiKeys.map((key) => [key, apiKeyId(key)]));
  }

  /** The keyed client's id for an X-Api-Key header; undefined for no key or an unknown one. */
  keyedClientOf(header: string | string[] | undefined): string | undefined {
    return typeof header === 'string' ? this.ids.get(header) : undefined;
  }
}
