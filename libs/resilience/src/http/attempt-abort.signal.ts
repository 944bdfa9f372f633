import type { Attempt, NestedCall } from '../core/context/attempt.js';

type AbortListener = (this: AttemptAbortSignal, event: { type: 'abort'; target: AttemptAbortSignal }) => void;

/**
 * An attempt's cancellation in the shape axios reads a signal (its `GenericAbortSignal`:
 * `aborted`, `reason`, `abort` listeners), without an AbortController: creating one costs
 * more than the rest of the interceptor, and reading `aborted` on a real one is dearer too
 * (see Attempt). Listeners hang on the attempt as nested calls, so aborting the attempt calls
 * them as an AbortSignal would: `this` the signal, an event of type `abort`.
 */
export class AttemptAbortSignal {
  private readonly listeners = new Map<AbortListener, NestedCall>();

  constructor(private readonly attempt: Attempt) {}

  get aborted(): boolean {
    return this.attempt.isAborted;
  }

  get reason(): unknown {
    return this.attempt.reason;
  }

  addEventListener(type: string, listener: AbortListener): void {
    // As an AbortSignal: a listener added after the abort is never called.
    if (type !== 'abort' || this.aborted || this.listeners.has(listener)) return;
    const call: NestedCall = {
      cancel: () => {
        this.listeners.delete(listener);
        listener.call(this, { type: 'abort', target: this });
      },
    };
    this.listeners.set(listener, call);
    this.attempt.adopt(call);
  }

  removeEventListener(type: string, listener: AbortListener): void {
    const call = type === 'abort' ? this.listeners.get(listener) : undefined;
    if (call === undefined) return;
    this.listeners.delete(listener);
    this.attempt.release(call);
  }
}
