import { AsyncLocalStorage } from 'node:async_hooks';

/** What nested calls inherit: the deadline by which the current work must finish. */
export interface ResilienceScope {
  /** Epoch milliseconds (clock time); undefined when no deadline applies. */
  readonly deadlineAt: number | undefined;
}

// One store for the edge's request deadline and, inside a decorated method, the attempt
// itself (an Attempt is a ResilienceScope whose deadline includes its own timeout).
const storage = new AsyncLocalStorage<ResilienceScope>();

/** The scope of the running async context, if any. */
export function currentScope(): ResilienceScope | undefined {
  return storage.getStore();
}

/** The deadline of the running async context, if any. */
export function currentDeadline(): number | undefined {
  return storage.getStore()?.deadlineAt;
}

/**
 * Runs `fn` inside `scope`; everything it awaits or starts sees it. Already inside it (the
 * pipeline entered an attempt's scope before a decorated method asks again), it just calls
 * `fn`: entering costs an AsyncLocalStorage run.
 */
export function runInScope<T>(scope: ResilienceScope, fn: () => T): T {
  return storage.getStore() === scope ? fn() : storage.run(scope, fn);
}

/**
 * Runs `fn` with a deadline, never later than the one already in force.
 * @example
 * // Deadlines are on the policies' clock (monotonic): systemClock.now(), not Date.now().
 * await runWithDeadline(systemClock.now() + 3_000, () => checkout.place(order));
 */
export function runWithDeadline<T>(deadlineAt: number | undefined, fn: () => T): T {
  return storage.run({ deadlineAt: earliest(deadlineAt, currentDeadline()) }, fn);
}

/** The earlier of two optional deadlines. */
export function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
