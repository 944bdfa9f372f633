import type { ErrorPredicate, FallbackKind } from '../core/index.js';
import { FALLBACK_METADATA } from '../resilience.constants.js';
import { recordOnMethod, type AsyncMethodDecorator } from './async-method.js';

/** Where a fallback goes and which failures it answers. */
export interface FallbackMetadata {
  method: string;
  on?: readonly FallbackKind[] | ErrorPredicate;
}

/**
 * On a broken circuit, a full bulkhead, a timeout or exhausted retries (or the kinds given),
 * answers with `methodName` of the same class, called with the original arguments plus the error.
 * @example
 * \@Fallback('cachedProducts')
 * listProducts(): Promise<Product[]> { ... }
 * cachedProducts(error: unknown): Promise<Product[]> { ... }
 */
export function Fallback(
  methodName: string,
  options: { on?: readonly FallbackKind[] | ErrorPredicate } = {},
): AsyncMethodDecorator {
  const metadata: FallbackMetadata = { method: methodName, on: options.on };
  return recordOnMethod(FALLBACK_METADATA, metadata);
}
