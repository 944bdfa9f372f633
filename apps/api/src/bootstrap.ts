import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { ApiConfig } from './config/api.config.js';
import { addHttpTiming } from './http/http-timing.hook.js';
import { ShopMetrics } from './metrics/shop-metrics.js';

/** A started api process: its URL, and the app to close. */
export interface RunningApi {
  url: string;
  app: INestApplicationContext;
}

/**
 * Starts the api as `config.ROLE` says. Every role listens: `api` and `all` serve the shop,
 * `worker` only health, metrics and admin, so the platform can probe and scrape it too.
 */
export async function bootstrap(
  config: ApiConfig,
  env: Record<string, string | undefined>,
): Promise<RunningApi> {
  const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config, env), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  addHttpTiming(app.getHttpAdapter().getInstance(), app.get(ShopMetrics));
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  return { app, url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}` };
}
