import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { peerReadyLine } from './peer-ready.js';
import { readPeerSettings } from './peer-settings.js';
import type { PeerOptions } from './peer.options.js';
import { ShopPeerModule } from './shop-peer.module.js';

/**
 * Starts a peer from its environment (PORT, REDIS_URL and the dependency URLs), on loopback,
 * and prints its ready line; SIGTERM closes it. Any failure to start prints why and exits 1.
 */
export async function runPeer(options: PeerOptions): Promise<void> {
  try {
    const settings = readPeerSettings(process.env);
    const app = await NestFactory.create<NestFastifyApplication>(
      ShopPeerModule.forPeer(options, settings),
      new FastifyAdapter(),
      // A hand-written app's default logger, without the boot chatter.
      { logger: ['error', 'warn'], abortOnError: false },
    );
    app.enableShutdownHooks();
    await app.listen(settings.port, '127.0.0.1');
    process.stdout.write(`${peerReadyLine({ name: options.name, url: await app.getUrl() })}\n`);
  } catch (error) {
    process.stderr.write(`peer ${options.name}: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}
