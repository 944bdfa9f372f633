import { UpstreamError } from '../http/upstream.error.js';
import { messages } from '../upstreams.messages.js';
import { DEPENDENCY_NAMES } from './dependency-name.js';

/** An admin request naming a dependency the simulator does not have. */
export class UnknownDependencyError extends UpstreamError {
  override readonly name = 'UnknownDependencyError';
  readonly code = 'unknown_dependency';

  constructor(readonly dependency: string) {
    super(messages.unknownDependency(dependency, DEPENDENCY_NAMES));
  }
}
