import type { Socket } from 'node:net';
import type { DependencyName } from './dependency-name.js';
import type { FaultCounter, FaultSettings } from './fault-settings.js';
import { HEALTHY } from './fault-settings.js';
import { HungRequests } from './hung-requests.js';
import { OutcomeStats } from './outcome-stats.js';
import type { ServerListener } from './server-listener.js';

/**
 * The live faults of one dependency: its settings, the listener they open and shut, the
 * requests they hold and the counts of what became of every request.
 */
export class DependencyFaults {
  /** What became of the requests that reached the listener. */
  readonly stats = new OutcomeStats();
  private readonly hung = new HungRequests();
  private current: FaultSettings = { ...HEALTHY };
  // Changes run one at a time, so a "down" and an "up" sent together end in a known state.
  private changes: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    /** Which dependency. */
    readonly name: DependencyName,
    private readonly listener: ServerListener,
    private readonly random: () => number = Math.random,
  ) {}

  /** The settings in force. */
  get settings(): FaultSettings {
    return this.current;
  }

  /** How many requests "hang" mode holds right now. */
  get hungCount(): number {
    return this.hung.size;
  }

  /**
   * Puts `next` in force and resolves once the listener matches it: shut for "down",
   * listening otherwise. Leaving "hang" destroys the connections of the requests it held.
   */
  apply(next: FaultSettings): Promise<FaultSettings> {
    const change = this.changes.then(() => this.change(next));
    this.changes = change.catch(() => undefined);
    return change;
  }

  /** The delay before the next request is handled: the latency plus a random jitter. */
  nextDelayMs(): number {
    const { latencyMs, jitterMs } = this.current;
    return jitterMs === 0 ? latencyMs : latencyMs + this.random() * jitterMs;
  }

  /** Whether the next request fails on purpose: one of `failNext`, or with probability `failRate`. */
  nextFails(): boolean {
    if (this.take('failNext')) return true;
    // random() < 1 always, so a failRate of 1 fails every request and 0 none.
    return this.current.failRate > 0 && this.random() < this.current.failRate;
  }

  /** Whether the next response is dropped: in "reset" mode, or one of `resetNext`. */
  nextResets(): boolean {
    return this.current.mode === 'reset' || this.take('resetNext');
  }

  /** Holds a request unanswered ("hang" mode) until the mode changes or the simulator closes. */
  hold(socket: Socket): void {
    this.stats.record('hung');
    this.hung.hold(socket);
  }

  /** Releases held requests and shuts the listener for good. */
  async close(): Promise<void> {
    this.closed = true;
    await this.changes;
    this.hung.releaseAll();
    await this.listener.shut();
  }

  private take(counter: FaultCounter): boolean {
    const left = this.current[counter];
    if (left === undefined) return false;
    const { [counter]: _used, ...rest } = this.current;
    this.current = left > 1 ? { ...rest, [counter]: left - 1 } : rest;
    return true;
  }

  private async change(next: FaultSettings): Promise<FaultSettings> {
    if (this.closed) return this.current;
    const previous = this.current;
    this.current = next;
    if (next.mode !== 'hang') this.hung.releaseAll();
    try {
      if (next.mode === 'down') await this.listener.shut();
      else await this.listener.open();
    } catch (error) {
      // Only reopening can fail (the port was taken meanwhile): the listener is still down.
      this.current = previous;
      throw error;
    }
    return next;
  }
}
