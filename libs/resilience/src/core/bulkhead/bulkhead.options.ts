/** Bulkhead settings. */
export interface BulkheadOptions {
  /** Calls running at once. @default 10 */
  maxConcurrent?: number;
  /** Calls waiting for a slot; 0 rejects at once when full. @default 0 */
  maxQueue?: number;
  /** Longest wait in the queue; unset waits until the attempt's timeout or deadline. */
  queueTimeoutMs?: number;
}
