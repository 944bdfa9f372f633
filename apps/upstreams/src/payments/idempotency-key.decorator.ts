import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { IdempotencyKeyRequiredError } from './idempotency-key-required.error.js';

/**
 * The request's `Idempotency-Key` header; throws {@link IdempotencyKeyRequiredError} when it
 * is missing or blank. Param decorators resolve before the body pipe finishes, so a request
 * without the key is told so even when its body is also wrong.
 */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const key = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (typeof key !== 'string' || key.trim() === '') throw new IdempotencyKeyRequiredError();
  return key;
});
