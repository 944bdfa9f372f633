/** Where the store writes its one line per outage. */
export interface BreakerStoreLogger {
  warn(message: string): void;
  log(message: string): void;
}

/** Options of `RedisBreakerStore`. */
export interface RedisBreakerStoreOptions {
  /** Prefix of every key and of the channel; keys are `<prefix><policy>:state|window|leases`. @default 'carta:breaker:' */
  keyPrefix?: string;
  /** How often each replica re-reads the shared state, a backstop for lost messages. @default 1000 */
  refreshMs?: number;
  /** How long a half-open probe's lease lives if its replica never reports back. @default 10000 */
  probeLeaseMs?: number;
  /**
   * How long a success may wait to be recorded with others. Failures are recorded with the
   * next round trip whatever this says; 0 records every outcome as soon as it can. @default 100
   */
  successFlushMs?: number;
  /** An unanswered read older than this marks the store unreachable. @default 1000 */
  timeoutMs?: number;
  /** Receives one warning per outage and one line when Redis returns. @default console */
  logger?: BreakerStoreLogger;
}
