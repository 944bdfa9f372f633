import type { RetryOptions } from '../core/index.js';
import { RETRY_METADATA } from '../resilience.constants.js';
import { recordOnMethod, type AsyncMethodDecorator } from './async-method.js';

/**
 * Retries the method with policy `name`'s retry settings, or with options of its own.
 * @example
 * \@Retry({ maxAttempts: 2, backoff: 'constant', baseDelayMs: 50 })
 */
export function Retry(nameOrOptions: string | RetryOptions): AsyncMethodDecorator {
  return recordOnMethod(RETRY_METADATA, nameOrOptions);
}
