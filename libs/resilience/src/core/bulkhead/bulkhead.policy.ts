import type { Clock, Timer } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error.js';
import { EventStream } from '../events/event-stream.js';
import { OptionReader } from '../options/option-readers.js';
import { mergePatch, type OptionsPatch } from '../options/options-patch.js';
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

/** A bulkhead's effective settings: its options validated, defaults applied, `null` for none. */
export interface BulkheadSettings {
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly queueTimeoutMs: number | null;
}

// The one reading of the options, at construction and on reconfiguration alike.
function readBulkheadSettings(policy: string, options: BulkheadOptions): BulkheadSettings {
  const read = new OptionReader(policy, 'bulkhead');
  return {
    maxConcurrent: read.int('maxConcurrent', options.maxConcurrent, 10),
    maxQueue: read.int('maxQueue', options.maxQueue, 0, 0, true),
    queueTimeoutMs:
      options.queueTimeoutMs === undefined ? null : read.number('queueTimeoutMs', options.queueTimeoutMs, 0),
  };
}

/** Limits concurrent calls, optionally queueing a bounded number. */
export class BulkheadPolicy {
  readonly events: EventStream;
  private readonly clock: Clock;
  private options: BulkheadOptions;
  private settings: BulkheadSettings;
  private running = 0;
  private readonly queue: QueuedCall[] = [];

  constructor(
    readonly name: string,
    options: BulkheadOptions = {},
    deps: { clock?: Clock; events?: EventStream } = {},
  ) {
    this.options = options;
    this.settings = readBulkheadSettings(name, options);
    this.clock = deps.clock ?? systemClock;
    this.events = deps.events ?? new EventStream();
  }

  /** Calls admitted to run at once. */
  get maxConcurrent(): number {
    return this.settings.maxConcurrent;
  }

  /** Calls allowed to wait for a slot. */
  get maxQueue(): number {
    return this.settings.maxQueue;
  }

  /** Longest wait in the queue, if limited. */
  get queueTimeoutMs(): number | undefined {
    return this.settings.queueTimeoutMs ?? undefined;
  }

  /** Every setting in effect, defaults applied. */
  get effectiveSettings(): BulkheadSettings {
    return this.settings;
  }

  /**
   * Changes settings at runtime: `patch` merges into the current options and is validated as
   * at construction (an invalid one throws and changes nothing). Calls running keep their
   * slots: a smaller `maxConcurrent` applies to new admissions (a freed slot goes to a waiting
   * call only once fewer than the new limit run), a larger one admits waiting calls at once.
   * A smaller `maxQueue` turns away new arrivals but keeps the calls already waiting; a new
   * `queueTimeoutMs` applies to calls queued after the change.
   */
  reconfigure(patch: OptionsPatch<BulkheadOptions>): void {
    this.prepareReconfigure(patch)();
  }

  /** Validates `patch` as {@link reconfigure} does and returns the function that applies it. */
  prepareReconfigure(patch: OptionsPatch<BulkheadOptions>): () => void {
    const options = mergePatch(this.options, patch);
    const settings = readBulkheadSettings(this.name, options);
    return () => {
      this.options = options;
      this.settings = settings;
      this.admitWaiting();
    };
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Takes a slot if one is free. */
  tryAcquire(): boolean {
    if (this.running >= this.settings.maxConcurrent) return false;
    this.running++;
    return true;
  }

  /**
   * Frees a slot, handing it straight to the longest-waiting call, unless more calls run than
   * a limit lowered meanwhile allows: then the slot goes.
   */
  release(): void {
    const next = this.running > this.settings.maxConcurrent ? undefined : this.queue.shift();
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
    if (this.queue.length >= this.settings.maxQueue) return undefined;
    const call: QueuedCall = {
      admit,
      reject,
      timer: undefined,
      cancel: () => this.dequeue(call),
    };
    const { queueTimeoutMs } = this.settings;
    if (queueTimeoutMs !== null) {
      call.timer = this.clock.setTimer(queueTimeoutMs, () => {
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

  // After the limit grew: waiting calls take the new slots in arrival order.
  private admitWaiting(): void {
    while (this.running < this.settings.maxConcurrent && this.queue.length > 0) {
      const next = this.queue.shift()!;
      next.timer?.cancel();
      this.running++;
      next.admit();
    }
  }

  private dequeue(call: QueuedCall): void {
    const i = this.queue.indexOf(call);
    if (i < 0) return;
    this.queue.splice(i, 1);
    call.timer?.cancel();
  }
}
