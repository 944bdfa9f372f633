import { STATUS_CODES } from 'node:http';
import {
  Catch,
  HttpException,
  Logger,
  NotFoundException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { messages } from '../upstreams.messages.js';
import { RouteNotFoundError } from './route-not-found.error.js';
import { isUpstreamError, type UpstreamErrorCode } from './upstream.error.js';

const STATUS: Readonly<Record<UpstreamErrorCode, number>> = {
  invalid_request: 400,
  invalid_json: 400,
  idempotency_key_required: 400,
  invalid_fault: 400,
  not_found: 404,
  product_not_found: 404,
  reservation_not_found: 404,
  charge_not_found: 404,
  unknown_dependency: 404,
  insufficient_stock: 409,
  idempotency_key_mismatch: 422,
};

/** An error as the simulator answers it. */
interface ErrorResponse {
  status: number;
  body: { error: string; message: string };
}

/** Answers every error of a listener with its status and a `{ error, message }` body. */
@Catch()
export class UpstreamExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Upstreams');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const { status, body } = this.toResponse(exception, http.getRequest<FastifyRequest>());
    void http.getResponse<FastifyReply>().status(status).send(body);
  }

  private toResponse(exception: unknown, request: FastifyRequest): ErrorResponse {
    // Controllers throw UpstreamErrors, so a NotFoundException is Nest's: no route matched.
    const error =
      exception instanceof NotFoundException
        ? new RouteNotFoundError(request.method, request.url)
        : exception;
    if (isUpstreamError(error))
      return { status: STATUS[error.code], body: { error: error.code, message: error.message } };
    // Fastify's own refusals (unsupported media type, body too large) reach here as HttpExceptions.
    if (error instanceof HttpException && error.getStatus() < 500) {
      const status = error.getStatus();
      return { status, body: { error: snakeCase(STATUS_CODES[status] ?? 'error'), message: error.message } };
    }
    this.logger.error(error);
    return { status: 500, body: { error: 'internal_error', message: messages.internalError() } };
  }
}

function snakeCase(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}
