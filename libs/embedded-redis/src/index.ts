export { startRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from './embedded-redis.js';
export { freePort } from './free-port.js';
export { RedisServerMissingError, isRedisServerMissingError } from './redis-server-missing.error.js';
