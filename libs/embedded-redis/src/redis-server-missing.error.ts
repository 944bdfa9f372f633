import { embeddedRedisMessages } from './embedded-redis.messages.js';

/** The `redis-server` binary is not installed (or not on PATH). */
export class RedisServerMissingError extends Error {
  override readonly name = 'RedisServerMissingError';

  constructor(readonly binary: string) {
    super(embeddedRedisMessages.missing(binary));
  }
}

/** Type guard for {@link RedisServerMissingError}. */
export const isRedisServerMissingError = (error: unknown): error is RedisServerMissingError =>
  error instanceof RedisServerMissingError;
