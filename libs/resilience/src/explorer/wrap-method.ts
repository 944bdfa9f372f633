import { runInScope, type AttemptContext, type PolicyPipeline } from '../core/index.js';
import { isObservable, type Observable } from 'rxjs';
import type { Method } from './method.type.js';
import { observableCall } from './observable-call.js';

/**
 * What a decorated method returns, read from its design-time type at boot; a method of a
 * `@Resilient` class that has none (it wears no decorator) is judged at each call: an
 * Observable it returns goes through the pipeline, anything else (a sync helper's value)
 * passes as it is.
 */
export type MethodReturns = 'promise' | 'observable' | 'observable_if_returned';

/**
 * The replacement for a decorated method: runs the original through `pipeline`, always in the
 * attempt's scope, so `currentAttempt()` gives it the attempt's AbortSignal. An Observable
 * method becomes one call per subscription (see {@link observableCall}). It keeps the
 * original's name and every reflect-metadata entry, so other decorators keep working.
 */
export function wrapMethod(
  original: Method,
  pipeline: PolicyPipeline,
  { fallback, returns }: { fallback?: Method; returns: MethodReturns },
): Method {
  const wrapped =
    returns === 'observable_if_returned'
      ? function (this: unknown, ...args: unknown[]): unknown {
          const result = original.apply(this, args);
          if (!isObservable(result)) return result;
          const answer = fallback && ((error: unknown) => fallback.call(this, ...args, error));
          return observableCall(pipeline, () => result, answer);
        }
      : returns === 'observable'
        ? function (this: unknown, ...args: unknown[]): unknown {
            let source: unknown;
            // Called once per subscription; each attempt subscribes to it anew.
            const sourceOnce = () => (source ??= original.apply(this, args)) as Observable<unknown>;
            const answer = fallback && ((error: unknown) => fallback.call(this, ...args, error));
            return observableCall(pipeline, sourceOnce, answer);
          }
        : function (this: unknown, ...args: unknown[]): Promise<unknown> {
            const call = (): Promise<unknown> => original.apply(this, args) as Promise<unknown>;
            // A no-op when the pipeline already entered the scope (an attempt that can be cut short).
            const run = (attempt: AttemptContext): Promise<unknown> => runInScope(attempt, call);
            if (fallback === undefined) return pipeline.execute(run);
            return pipeline.execute(run, { fallback: (error) => fallback.call(this, ...args, error) });
          };
  Object.defineProperty(wrapped, 'name', { value: original.name, configurable: true });
  for (const key of Reflect.getMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
  }
  return wrapped;
}
