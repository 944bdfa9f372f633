import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { isApiError } from '../../../apps/api/src/errors/api.error.js';

/** `{ error, message }` with the status: Carta's own errors as Carta answers them, the rest plainly. */
@Catch()
export class PeerErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, error, message } = answerOf(exception);
    void reply.status(status).send({ error, message });
  }
}

function answerOf(exception: unknown): { status: number; error: string; message: string } {
  if (isApiError(exception))
    return { status: exception.status, error: exception.code, message: exception.message };
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return { status, error: status === 404 ? 'not_found' : 'bad_request', message: exception.message };
  }
  // A dependency failed and nothing degraded for it (the floor), or a guard gave up.
  const message = exception instanceof Error ? exception.message : String(exception);
  return { status: 503, error: 'dependency_unavailable', message };
}
