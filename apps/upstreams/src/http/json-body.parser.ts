import type { FastifyRequest } from 'fastify';
import { messages } from '../upstreams.messages.js';
import { InvalidJsonError } from './invalid-json.error.js';

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Parses a JSON body, or fails with {@link InvalidJsonError} (400 `invalid_json`) where
 * Fastify's parser would fail with its own error. A plain JSON.parse is safe here: the only
 * readers of bodies are the validation pipe, which strips `__proto__` keys, and the fault
 * settings parser, which rejects every unknown key.
 */
export function parseJsonBody(_request: FastifyRequest, body: Buffer, done: Done): void {
  if (body.length === 0) return done(new InvalidJsonError(messages.emptyJsonBody()));
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return done(new InvalidJsonError((error as Error).message));
  }
  done(null, parsed);
}
