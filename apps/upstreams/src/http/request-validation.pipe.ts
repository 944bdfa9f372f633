import { ValidationPipe } from '@nestjs/common';
import { messages } from '../upstreams.messages.js';
import { firstViolation } from './first-violation.js';
import { InvalidRequestError } from './invalid-request.error.js';

/** Nest's ValidationPipe, failing with {@link InvalidRequestError} (400 `invalid_request`) that names the field. */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    exceptionFactory: (errors) => new InvalidRequestError(firstViolation(errors) ?? messages.invalidBody()),
  });
}
