import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiConfig } from '../config/api.config.js';
import { toErrorResponse } from './error-response.js';

/** The one exception filter: every error leaves as its status with `{ error, message }`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(private readonly config: ApiConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const response = toErrorResponse(exception, { bodyLimit: this.config.BODY_LIMIT_BYTES });
    if (response.unexpected) {
      this.logger.error(
        `${request.method} ${request.url} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (response.headers) void reply.headers(response.headers);
    if (response.retryAfterSeconds !== undefined)
      void reply.header('retry-after', String(response.retryAfterSeconds));
    void reply
      .status(response.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(response.body);
  }
}
