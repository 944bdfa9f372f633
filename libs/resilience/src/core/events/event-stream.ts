import type { ResilienceEvent, ResilienceListener } from './resilience-event.js';

/**
 * A synchronous, typed event stream. Policies check {@link active} before building an event
 * so an unobserved policy allocates nothing on its hot path.
 */
export class EventStream {
  private listeners: ResilienceListener[] = [];

  /** True when someone listens; emitters skip building events otherwise. */
  get active(): boolean {
    return this.listeners.length > 0;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: ResilienceListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  emit(event: ResilienceEvent): void {
    // Iterate a snapshot: subscribe/unsubscribe replace the array instead of mutating it.
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A metrics exporter that throws must not fail the caller's request.
        queueMicrotask(() => process.emitWarning(`resilience event listener threw: ${String(error)}`));
      }
    }
  }
}
