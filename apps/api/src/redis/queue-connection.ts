import { Redis, type RedisOptions } from 'ioredis';

/**
 * What BullMQ requires of a worker's connections: wait for Redis rather than fail a command
 * (a worker that gives up stops capturing until restarted). Without `maxRetriesPerRequest:
 * null` BullMQ overrides it and prints a warning on every start.
 */
export const WORKER_CONNECTION_OPTIONS = {
  maxRetriesPerRequest: null,
  enableOfflineQueue: true,
  commandTimeout: undefined,
} as const satisfies Partial<RedisOptions>;

/**
 * The checkout queue's connection, shared by the producer (checkout, readiness, metrics) and
 * the source of its workers' connections. Used as it is, it fails a command within a second
 * while Redis is away, so a checkout answers 503 in its budget instead of waiting. BullMQ
 * gives each worker duplicates of it, and those take {@link WORKER_CONNECTION_OPTIONS}.
 * @example
 * BullModule.registerQueue({ name: 'checkout', connection: new QueueConnection(url, options) })
 */
export class QueueConnection extends Redis {
  override duplicate(override?: Partial<RedisOptions>): Redis {
    return new Redis({ ...this.options, ...WORKER_CONNECTION_OPTIONS, ...override });
  }
}
