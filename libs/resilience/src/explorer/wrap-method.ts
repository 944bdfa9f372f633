import { currentScope, runInScope, type AttemptContext, type PolicyPipeline } from '../core/index.js';
import type { Method } from './method.type.js';

/**
 * The replacement for a decorated method: runs the original through `pipeline`, always in the
 * attempt's scope, so `currentAttempt()` gives it the attempt's AbortSignal. It keeps the
 * original's name and every reflect-metadata entry, so other decorators keep working.
 */
export function wrapMethod(original: Method, pipeline: PolicyPipeline, fallback?: Method): Method {
  const wrapped = function (this: unknown, ...args: unknown[]): Promise<unknown> {
    const call = (): Promise<unknown> => original.apply(this, args) as Promise<unknown>;
    // The pipeline enters the scope itself when the attempt can be cut short.
    const run = (attempt: AttemptContext): Promise<unknown> =>
      currentScope() === attempt ? call() : runInScope(attempt, call);
    if (fallback === undefined) return pipeline.execute(run);
    return pipeline.execute(run, { fallback: (error) => fallback.call(this, ...args, error) });
  };
  Object.defineProperty(wrapped, 'name', { value: original.name, configurable: true });
  for (const key of Reflect.getMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
  }
  return wrapped;
}
