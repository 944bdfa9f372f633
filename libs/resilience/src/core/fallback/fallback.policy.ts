import type { ErrorPredicate } from '../classify/error-classifier.js';
import { AttemptTimeoutError } from '../errors/attempt-timeout.error.js';
import { BrokenCircuitError } from '../errors/broken-circuit.error.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error.js';
import { FallbackFailedError } from '../errors/fallback-failed.error.js';
import { EventStream } from '../events/event-stream.js';
import { isRetriesExhausted } from '../retry/retries-exhausted.js';

/** Error kinds a fallback can answer; `timeout` includes a spent deadline. */
export type FallbackKind = 'broken_circuit' | 'bulkhead_rejected' | 'timeout' | 'retries_exhausted';

/** Every kind: the default. */
export const ALL_FALLBACK_KINDS: readonly FallbackKind[] = [
  'broken_circuit',
  'bulkhead_rejected',
  'timeout',
  'retries_exhausted',
];

const KIND_TESTS: Record<FallbackKind, ErrorPredicate> = {
  broken_circuit: (e) => e instanceof BrokenCircuitError,
  bulkhead_rejected: (e) => e instanceof BulkheadRejectedError,
  timeout: (e) => e instanceof AttemptTimeoutError || e instanceof DeadlineExceededError,
  retries_exhausted: isRetriesExhausted,
};

/** The kind of `error`, if a fallback could answer it. */
export function fallbackKindOf(error: unknown): FallbackKind | undefined {
  return ALL_FALLBACK_KINDS.find((kind) => KIND_TESTS[kind](error));
}

/** Answers failures of the kinds configured with a fallback value. */
export class FallbackPolicy {
  private readonly kinds: ReadonlySet<FallbackKind>;
  private readonly predicate: ErrorPredicate | undefined;

  constructor(
    readonly name: string,
    on: readonly FallbackKind[] | ErrorPredicate = ALL_FALLBACK_KINDS,
    private readonly events: EventStream = new EventStream(),
  ) {
    this.kinds = new Set(typeof on === 'function' ? [] : on);
    this.predicate = typeof on === 'function' ? on : undefined;
  }

  /** True when the fallback answers `error`. */
  handles(error: unknown): boolean {
    if (this.predicate) return this.predicate(error);
    const kind = fallbackKindOf(error);
    return kind !== undefined && this.kinds.has(kind);
  }

  /**
   * Answers a failed call's `error` with `fallback(error)` when it handles that kind, else
   * rethrows it. If the fallback fails too, throws a {@link FallbackFailedError} carrying both.
   */
  async recover<T>(error: unknown, fallback: (error: unknown) => T | Promise<T>): Promise<T> {
    if (!this.handles(error)) throw error;
    if (this.events.active) this.events.emit({ type: 'fallback_used', policy: this.name, error });
    try {
      return await fallback(error);
    } catch (fallbackError) {
      throw new FallbackFailedError(this.name, error, fallbackError);
    }
  }
}
