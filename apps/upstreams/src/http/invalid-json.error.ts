import { messages } from '../upstreams.messages.js';
import { UpstreamError } from './upstream.error.js';

/** A JSON request body that does not parse. */
export class InvalidJsonError extends UpstreamError {
  override readonly name = 'InvalidJsonError';
  readonly code = 'invalid_json';

  constructor(reason: string) {
    super(messages.invalidJson(reason));
  }
}
