import { Attempt } from '../context/attempt.js';
import type { AttemptFn } from './attempt-fn.js';
import type { CallStages } from './call-stages.js';

/**
 * A call with nothing to time, retry, queue or cancel: no deadline, no caller signal, no outer
 * attempt, and at most a breaker around it (the pipeline checks). It settles with `fn`'s own
 * promise and skips {@link PipelineCall}'s state machine: one promise and no call object,
 * which is what running a breaker alone should cost.
 */
export function directCall<T>(stages: CallStages, fn: AttemptFn<T>, ticket: number): Promise<T> {
  const { breaker, clock } = stages;
  let result: Promise<T>;
  const started = breaker?.timesCalls ? clock.now() : 0;
  try {
    result = fn(new Attempt(stages.name, 1, undefined));
  } catch (error) {
    // A function that throws instead of rejecting has still used its ticket.
    result = Promise.reject(error);
  }
  if (!(result instanceof Promise)) result = Promise.resolve(result);
  if (breaker === undefined) return result;
  return result.then(
    (value) => {
      breaker.onSuccess(ticket, started ? clock.now() - started : 0);
      return value;
    },
    (error: unknown) => {
      // A throwing isFailure rejects the call with its own error, as the pipeline does.
      breaker.onFailure(ticket, error, started ? clock.now() - started : 0);
      throw error;
    },
  );
}
