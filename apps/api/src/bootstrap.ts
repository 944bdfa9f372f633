import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { PolicyRegistry } from '@carta/resilience';
import { AppModule } from './app.module.js';
import type { ApiConfig } from './config/api.config.js';
import { addHttpTiming } from './http/http-timing.hook.js';
import { addRequestDeadlines } from './http/request-deadline.hook.js';
import { acceptJsonBodiesOnly, MAX_BODY_DEPTH } from './http/json-body.parser.js';
import { ShopMetrics } from './metrics/shop-metrics.js';
import { toErrorResponse } from './errors/error-response.js';
import { sendErrorResponse } from './errors/send-error-response.js';

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
  const limits = { bodyLimit: config.BODY_LIMIT_BYTES };
  const adapter = new FastifyAdapter({
    ...limits,
    // request.ip, which anonymous rate limits go by: behind a proxy (the compose edge), the
    // address it appended to X-Forwarded-For, not the proxy's own.
    // (A hop count as the function Fastify makes of one: Nest's options type takes no number.)
    trustProxy:
      config.TRUST_PROXY_HOPS > 0 ? (_address: string, hop: number) => hop < config.TRUST_PROXY_HOPS : false,
    // A malformed URL or an over-long path parameter is refused by the router, before Nest's
    // exception filter can see it: answer it in the same `{ error, message }` shape.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
      sendErrorResponse(reply, toErrorResponse(error, limits)),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forConfig(config, env), adapter, {
    bufferLogs: true,
    // A module that fails to build (an invalid RESILIENCE_* variable) rejects here, for main to
    // report and exit 1, instead of Nest aborting the process.
    abortOnError: false,
    // JSON is the only body the api reads, through acceptJsonBodiesOnly.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  acceptJsonBodiesOnly(fastify, { maxDepth: MAX_BODY_DEPTH });
  addHttpTiming(fastify, app.get(ShopMetrics));
  // Every route's handler runs in the request's deadline, which the policies' calls inherit.
  addRequestDeadlines(fastify, {
    budgetMs: config.REQUEST_TIMEOUT_MS,
    clock: app.get(PolicyRegistry).clock,
    onInvalid: (reply, error) => sendErrorResponse(reply, toErrorResponse(error, limits)),
  });
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  return { app, url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}` };
}
