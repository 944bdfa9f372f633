import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiConfig } from '../config/api.config.js';
import { toErrorResponse } from './error-response.js';
import { sendErrorResponse } from './send-error-response.js';

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
    sendErrorResponse(reply, response);
  }
}
