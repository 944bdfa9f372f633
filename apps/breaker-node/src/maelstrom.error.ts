import { ErrorCode } from './maelstrom.js';

/** A request the node answers with a Maelstrom error code instead of a reply of its type. */
export class MaelstromError extends Error {
  override readonly name: string = 'MaelstromError';

  constructor(
    /** The Maelstrom error code sent back. */
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The line is not JSON, or a field is missing or of the wrong type (code 12). */
export class MalformedRequestError extends MaelstromError {
  override readonly name = 'MalformedRequestError';

  constructor(message: string) {
    super(ErrorCode.malformedRequest, message);
  }
}

/** The message type is not one this node handles (code 10). */
export class NotSupportedError extends MaelstromError {
  override readonly name = 'NotSupportedError';

  constructor(message: string) {
    super(ErrorCode.notSupported, message);
  }
}

/** True when `error` is a {@link MaelstromError}. */
export function isMaelstromError(error: unknown): error is MaelstromError {
  return error instanceof MaelstromError;
}
