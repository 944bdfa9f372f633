import type { Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { PEER_SETTINGS, type PeerSettings } from './peer-settings.js';

/** Token of the peer's ioredis connection (orders, idempotency records, the catalog copy). */
export const PEER_REDIS = Symbol('PEER_REDIS');

/** One ioredis connection, closed with the app. */
export const peerRedisProvider: Provider = {
  provide: PEER_REDIS,
  inject: [PEER_SETTINGS],
  useFactory: (settings: PeerSettings) =>
    // ioredis reconnects by itself and fails the commands meanwhile; unheard, each reconnect
    // error would print a stack trace.
    new Redis(settings.redisUrl, { maxRetriesPerRequest: 2 }).on('error', () => undefined),
};
