import { isObservable, Observable, type Subscription } from 'rxjs';
import { runInScope, type AttemptContext, type CancelSignal, type PolicyPipeline } from '../core/index.js';

/**
 * Runs an Observable-returning method through `pipeline`, once per subscription:
 * - each subscription is one logical call, and each attempt subscribes to the source anew
 *   (a retry re-subscribes, which repeats a cold request such as `HttpService.get`);
 * - the attempt succeeds on the first value (or on completion without one) and fails on an
 *   error before any value; that outcome is what the breaker counts and the retry judges;
 * - values, and the completion or error that follows the first value, go straight to the
 *   subscriber: later values of a long stream are not timed, retried or counted;
 * - a timeout or an abort unsubscribes the attempt's subscription (cancelling an
 *   `@nestjs/axios` request), and unsubscribing cancels the call.
 */
export function observableCall(
  pipeline: PolicyPipeline,
  source: () => Observable<unknown>,
  fallback: ((error: unknown) => unknown) | undefined,
): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    const cancel = new Cancellation();
    let live: Subscription | undefined;
    // Once a value or the completion came, the call has succeeded (the pipeline hears it a
    // microtask later): a subscriber that then unsubscribes, as firstValueFrom does at once,
    // cancels nothing.
    let answered = false;
    let ended = false;
    const attempt = (context: AttemptContext): Promise<unknown> =>
      new Promise((resolve, reject) => {
        let settled = false;
        const succeed = (value: unknown): void => {
          if (settled) return;
          settled = answered = true;
          resolve(value);
        };
        // In the attempt's scope, so the method and what it calls see the attempt's deadline.
        const subscribe = (): Subscription =>
          source().subscribe({
            next: (value) => {
              succeed(value);
              subscriber.next(value);
            },
            error: (error: unknown) => {
              if (settled) return subscriber.error(error);
              settled = true;
              reject(error);
            },
            complete: () => {
              succeed(undefined);
              subscriber.complete();
            },
          });
        live = runInScope(context, subscribe);
        context.onAbort(() => live?.unsubscribe());
      });
    let fellBack = false;
    const options =
      fallback === undefined
        ? { signal: cancel }
        : {
            signal: cancel,
            fallback: (error: unknown) => {
              fellBack = true;
              return fallback(error);
            },
          };
    pipeline.execute(attempt, options).then(
      (value) => {
        ended = true;
        if (fellBack) emit(subscriber, value);
      },
      (error: unknown) => {
        ended = true;
        subscriber.error(error);
      },
    );
    return () => {
      live?.unsubscribe();
      // Built only when it cancels something: an Error's stack costs microseconds.
      if (!answered && !ended) cancel.abort(new UnsubscribedError());
    };
  });
}

// A fallback's answer: its Observable's values, or the value itself.
function emit(
  subscriber: { next(v: unknown): void; complete(): void; error(e: unknown): void },
  value: unknown,
) {
  if (isObservable(value)) {
    value.subscribe(subscriber);
    return;
  }
  subscriber.next(value);
  subscriber.complete();
}

/** The reason a call ends when its subscriber unsubscribes first. */
export class UnsubscribedError extends Error {
  override readonly name = 'UnsubscribedError';
  constructor() {
    super('The subscriber unsubscribed before the call ended.');
  }
}

/** The caller's side of one subscription, as a CancelSignal without an AbortController. */
class Cancellation implements CancelSignal {
  aborted = false;
  reason: unknown;
  private listener: (() => void) | undefined;

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listener = listener;
  }

  removeEventListener(): void {
    this.listener = undefined;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.listener?.();
  }
}
