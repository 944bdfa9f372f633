import type { FastifyReply } from 'fastify';
import type { ErrorResponse } from './error-response.js';

/** Sends an {@link ErrorResponse}: its status, headers, Retry-After and `{ error, message }`. */
export function sendErrorResponse(reply: FastifyReply, response: ErrorResponse): void {
  if (response.headers) void reply.headers(response.headers);
  if (response.retryAfterSeconds !== undefined)
    void reply.header('retry-after', String(response.retryAfterSeconds));
  void reply
    .status(response.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(response.body);
}
