import { UpstreamError } from './upstream.error.js';

/** A request body that is JSON but not what the route takes. */
export class InvalidRequestError extends UpstreamError {
  override readonly name = 'InvalidRequestError';
  readonly code = 'invalid_request';
}
