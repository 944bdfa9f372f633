import { runInScope, type AttemptContext, type PolicyPipeline } from '../core/index.js';
import type { Method } from './method.type.js';

/**
 * The replacement for a decorated method: runs the original through `pipeline`, inside the
 * attempt's scope so `currentAttempt()` gives it the attempt's AbortSignal. It keeps the
 * original's name and every reflect-metadata entry, so other decorators keep working.
 */
export function wrapMethod(original: Method, pipeline: PolicyPipeline, fallback?: Method): Method {
  const wrapped = function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const run = (attempt: AttemptContext): Promise<unknown> =>
      runInScope(attempt, () => original.apply(this, args) as Promise<unknown>);
    if (fallback === undefined) return pipeline.execute(run);
    return pipeline.execute(run, { fallback: (error) => fallback.call(this, ...args, error) });
  };
  Object.defineProperty(wrapped, 'name', { value: original.name, configurable: true });
  for (const key of Reflect.getMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
  }
  return wrapped;
}
