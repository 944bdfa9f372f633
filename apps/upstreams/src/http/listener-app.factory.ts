import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseJsonBody } from './json-body.parser.js';
import { requestValidationPipe } from './request-validation.pipe.js';
import { StderrLogger } from './stderr.logger.js';
import { UpstreamExceptionFilter } from './upstream-exception.filter.js';

/**
 * One listener's Nest app on Fastify, with the error shape, validation and JSON parsing every
 * listener shares. Not initialised: the caller adds its hooks first, which Fastify only
 * accepts before it boots.
 */
export async function createListenerApp(module: Type | DynamicModule): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter(), {
    // Route-mapping lines times four listeners are noise; errors and warnings still show.
    logger: new StderrLogger({ logLevels: ['fatal', 'error', 'warn'] }),
    // Fail with an error the caller can handle, not process.abort(): tests start it in-process.
    abortOnError: false,
  });
  app.useGlobalFilters(new UpstreamExceptionFilter());
  app.useGlobalPipes(requestValidationPipe());
  app.useBodyParser('application/json', {}, parseJsonBody);
  return app;
}
