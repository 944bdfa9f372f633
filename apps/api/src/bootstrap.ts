import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import { AppModule } from './app.module.js';
import { addServerTiming } from './http/server-timing.hook.js';
import type { ApiConfig } from './config/api.config.js';

/** A started api process: its URL when it serves HTTP, and how to stop it. */
export interface RunningApi {
  url?: string;
  app: INestApplicationContext;
}

/** Starts the api as `config.ROLE` says: HTTP (api), capture worker (worker), or both (all). */
export async function bootstrap(config: ApiConfig, env: Record<string, string | undefined>): Promise<RunningApi> {
  const module = AppModule.forConfig(config, env);
  const logger = levelsFrom(config.LOG_LEVEL);
  if (config.ROLE === 'worker') {
    const app = await NestFactory.createApplicationContext(module, { logger });
    app.enableShutdownHooks();
    return { app };
  }
  const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger });
  app.enableShutdownHooks();
  addServerTiming(app.getHttpAdapter().getInstance());
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  return { app, url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}` };
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** `level` and every more severe one. */
function levelsFrom(level: ApiConfig['LOG_LEVEL']): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
