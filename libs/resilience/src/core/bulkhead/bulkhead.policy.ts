import type { Clock, Timer } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { EventStream } from '../events/event-stream.js';
import { OptionReader } from '../options/option-readers.js';
import type { BulkheadOptions } from './bulkhead.options.js';

/** A call waiting for a slot; cancel() takes it out of the queue. */
export interface BulkheadWaiter {
  cancel(): void;
}

interface QueuedCall extends BulkheadWaiter {
  admit: () => void;
  reject: (error: BulkheadRejectedError) => void;
  timer: Timer | undefined;
}

/** Limits concurrent calls, optionally queueing a bounded number. */
export class BulkheadPolicy {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly queueTimeoutMs: number | undefined;
  readonly events: EventStream;
  private readonly clock: Clock;
  private running = 0;
  private readonly queue: QueuedCall[] = [];

  constructor(
    readonly name: string,
    options: BulkheadOptions = {},
    deps: { clock?: Clock; events?: EventStream } = {},
  ) {
    const read = new OptionReader(name, 'bulkhead');
    this.maxConcurrent = read.int('maxConcurrent', options.maxConcurrent, 10);
    this.maxQueue = read.int('maxQueue', options.maxQueue, 0, 0, true);
    this.queueTimeoutMs =
      options.queueTimeoutMs === undefined
        ? undefined
        : read.number('queueTimeoutMs', options.queueTimeoutMs, 0);
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Takes a slot if one is free. */
  tryAcquire(): boolean {
    if (this.running >= this.maxConcurrent) return false;
    this.running++;
    return true;
  }

  /** Frees a slot, handing it straight to the longest-waiting call. */
  release(): void {
    const next = this.queue.shift();
    if (next === undefined) {
      this.running--;
      return;
    }
    next.timer?.cancel();
    next.admit();
  }

  /**
   * Queues a call for a slot: `admit` runs once it holds one. Returns undefined, having
   * reported the rejection, when the queue is full.
   */
  enqueue(admit: () => void, reject: (error: BulkheadRejectedError) => void): BulkheadWaiter | undefined {
    if (this.queue.length >= this.maxQueue) return undefined;
    const call: QueuedCall = {
      admit,
      reject,
      timer: undefined,
      cancel: () => this.dequeue(call),
    };
    if (this.queueTimeoutMs !== undefined) {
      call.timer = this.clock.setTimer(this.queueTimeoutMs, () => {
        this.dequeue(call);
        call.reject(this.rejection('queue_timeout'));
      });
    }
    this.queue.push(call);
    return call;
  }

  /** A stackless rejection describing the bulkhead now; reports it to the event stream. */
  rejection(reason: 'full' | 'queue_timeout' = 'full'): BulkheadRejectedError {
    if (this.events.active) {
      this.events.emit({
        type: 'bulkhead_rejected',
        policy: this.name,
        active: this.running,
        queued: this.queue.length,
        reason,
      });
    }
    return BulkheadRejectedError.fast(this.name, this.running, this.queue.length, reason);
  }

  private dequeue(call: QueuedCall): void {
    const i = this.queue.indexOf(call);
    if (i < 0) return;
    this.queue.splice(i, 1);
    call.timer?.cancel();
  }
}
