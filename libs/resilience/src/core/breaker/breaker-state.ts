/**
 * A breaker's state. `forced_open` and `disabled` are set only by an operator, and stay
 * until an operator sets `closed` again.
 */
export type BreakerState = 'closed' | 'open' | 'half_open' | 'forced_open' | 'disabled';

/** Numeric codes for gauges: 0 closed, 1 open, 2 half-open, 3 forced open, 4 disabled. */
export const BREAKER_STATE_CODES: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  open: 1,
  half_open: 2,
  forced_open: 3,
  disabled: 4,
};
