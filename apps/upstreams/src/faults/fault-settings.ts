/** How a dependency's listener treats connections and requests. */
export const FAULT_MODES = ['up', 'down', 'hang', 'reset'] as const;

/** One of {@link FAULT_MODES}: serve, refuse connections, never answer, or drop the answer. */
export type FaultMode = (typeof FAULT_MODES)[number];

/** The faults injected into every request to one dependency. */
export interface FaultSettings {
  /** Delay before the request is handled, in ms. @default 0 */
  latencyMs: number;
  /** Extra delay, uniform in [0, jitterMs], added to `latencyMs`. @default 0 */
  jitterMs: number;
  /** Share of requests answered 503 without running the handler, in [0, 1]. @default 0 */
  failRate: number;
  /** What the listener does with connections. @default 'up' */
  mode: FaultMode;
  /** The next N requests fail as a `failRate` hit would; present only while some are left. */
  failNext?: number;
  /** The next N responses are dropped as in "reset" mode; present only while some are left. */
  resetNext?: number;
}

/** The one-shot counters of {@link FaultSettings}, used up request by request. */
export type FaultCounter = 'failNext' | 'resetNext';

/** The fields of {@link FaultSettings}, in the order they are checked. */
export const FAULT_FIELDS = ['latencyMs', 'jitterMs', 'failRate', 'mode', 'failNext', 'resetNext'] as const;

/** No faults: the settings every dependency starts with and omitted fields take. */
export const HEALTHY: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  failRate: 0,
  mode: 'up',
});

// Both delays together stay far below setTimeout's 2^31-1 ms limit, past which Node fires
// after 1 ms instead; a dependency slower than an hour is better simulated by "hang".
/** The largest `latencyMs` or `jitterMs`: one hour. */
export const MAX_DELAY_MS = 3_600_000;

/** The largest `failNext` or `resetNext`. */
export const MAX_COUNTER = 1_000_000;
