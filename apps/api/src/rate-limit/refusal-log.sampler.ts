import type { Clock } from '@carta/resilience/core';

/** Options of {@link RefusalLogSampler}. */
export interface RefusalLogSamplerOptions {
  clock: Clock;
  /** Each client's refusals are logged at most once per interval. */
  intervalMs: number;
  /** Lines per interval across all clients: many clients flooding at once still make few. */
  maxLinesPerInterval: number;
}

/**
 * Picks the refusals worth a log line, so a flood cannot flood the log: a client's first
 * refusal in each interval, while the interval has lines left. The rest are only counted, and
 * the next line logged says how many went unlogged since the line before.
 */
export class RefusalLogSampler {
  private readonly options: RefusalLogSamplerOptions;
  private readonly loggedClients = new Set<string>();
  private intervalEndsAt = -Infinity;
  private unlogged = 0;

  constructor(options: RefusalLogSamplerOptions) {
    this.options = options;
  }

  /** For a refusal of `client`: undefined if it is not logged, else the refusals left unlogged since the last line. */
  sample(client: string): number | undefined {
    const now = this.options.clock.now();
    if (now >= this.intervalEndsAt) {
      this.intervalEndsAt = now + this.options.intervalMs;
      this.loggedClients.clear();
    }
    if (this.loggedClients.has(client) || this.loggedClients.size >= this.options.maxLinesPerInterval) {
      this.unlogged++;
      return undefined;
    }
    this.loggedClients.add(client);
    const unlogged = this.unlogged;
    this.unlogged = 0;
    return unlogged;
  }
}
