import { messages } from '../upstreams.messages.js';
import { UpstreamError } from './upstream.error.js';

/** A method and path no controller of the listener serves. */
export class RouteNotFoundError extends UpstreamError {
  override readonly name = 'RouteNotFoundError';
  readonly code = 'not_found';

  constructor(method: string, url: string) {
    super(messages.routeNotFound(method, url));
  }
}
