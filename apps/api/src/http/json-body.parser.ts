import type { FastifyInstance } from 'fastify';
import { apiMessages } from '../api.messages.js';
import { BodyTooDeepError, InvalidRequestError } from '../errors/api-errors.js';
import { nestingDepthExceeds } from './nesting-depth.js';

/** Deepest nesting of objects and arrays a request body may have (a checkout needs 3). */
export const MAX_BODY_DEPTH = 32;

/**
 * Makes a JSON object the only body the api reads. Any other content type is `415` (Fastify's
 * own `text/plain` parser goes; start Nest with `bodyParser: false` so it adds no form parser).
 * A JSON body that is not an object, or nests deeper than `maxDepth`, is `400 invalid_request`
 * before validation walks it: class-transformer recurses, and a few thousand levels overflow
 * its stack.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance, options: { maxDepth: number }): void {
  fastify.removeContentTypeParser('text/plain');
  // Fastify's own parser: `__proto__` and `constructor.prototype` keys are refused.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser<string>('application/json', { parseAs: 'string' }, (request, body, done) => {
    // Fastify's default parser answers through the callback (its type also allows a promise).
    void parseJson(request, body, (error, value: unknown) => {
      if (error) done(error, undefined);
      else if (typeof value !== 'object' || value === null || Array.isArray(value))
        done(new InvalidRequestError([apiMessages.bodyNotObject()]), undefined);
      else if (nestingDepthExceeds(value, options.maxDepth))
        done(new BodyTooDeepError(options.maxDepth), undefined);
      else done(null, value);
    });
  });
}
