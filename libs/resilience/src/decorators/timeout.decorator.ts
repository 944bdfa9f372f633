import { TIMEOUT_METADATA } from '../resilience.constants.js';
import { recordOnMethod, type AsyncMethodDecorator } from './async-method.js';

/**
 * Limits each attempt to `ms` milliseconds, or to policy `name`'s `timeoutMs`. The attempt's
 * AbortSignal (see `currentAttempt()`) is aborted when it fires.
 */
export function Timeout(msOrName: number | string): AsyncMethodDecorator {
  return recordOnMethod(TIMEOUT_METADATA, msOrName);
}
