// @carta/resilience/redis: breaker state shared by every replica through Redis. Only this
// entry point loads ioredis (an optional peer).
export { RedisBreakerStore } from './redis-breaker.store.js';
export type { BreakerStoreLogger, RedisBreakerStoreOptions } from './redis-breaker-store.options.js';
