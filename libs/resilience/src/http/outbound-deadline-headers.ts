import {
  Attempt,
  currentScope,
  DeadlineExceededError,
  systemClock,
  toEpoch,
  type Clock,
  type ResilienceScope,
} from '../core/index.js';
import { DEADLINE_HEADER, TIMEOUT_HEADER } from './deadline-headers.constants.js';
import type { OutboundDeadlineOptions } from './outbound-deadline.options.js';

/** What {@link deadlineHeadersFor} needs besides the scope. */
export interface DeadlineHeadersContext {
  clock: Clock;
  /** Names the callee in the error when no attempt (whose policy would) runs the call. */
  callee: () => string;
}

/**
 * The headers carrying `scope`'s deadline, or undefined when it has none. Both values are
 * rounded down, so the next hop never gets more time than is left here.
 * @throws DeadlineExceededError when less than 1 ms is left: such a call must not be sent.
 */
export function deadlineHeadersFor(
  scope: ResilienceScope | undefined,
  context: DeadlineHeadersContext,
): Record<string, string> | undefined {
  const deadlineAt = scope?.deadlineAt;
  if (deadlineAt === undefined) return undefined;
  const remainingMs = Math.floor(deadlineAt - context.clock.now());
  if (remainingMs <= 0)
    throw new DeadlineExceededError(scope instanceof Attempt ? scope.policy : context.callee(), deadlineAt);
  return {
    [DEADLINE_HEADER]: String(Math.floor(toEpoch(context.clock, deadlineAt))),
    [TIMEOUT_HEADER]: String(remainingMs),
  };
}

/**
 * The two deadline headers for the current async context's deadline: the running attempt's
 * (which includes its own timeout), else the request's; `{}` when none applies.
 * @throws DeadlineExceededError when the budget is spent: the call must not be made.
 * @example
 * await got.post(url, { json: body, headers: { ...outboundDeadlineHeaders({ clock }) } });
 */
export function outboundDeadlineHeaders(options: OutboundDeadlineOptions = {}): Record<string, string> {
  return (
    deadlineHeadersFor(currentScope(), { clock: options.clock ?? systemClock, callee: () => 'outbound' }) ??
    {}
  );
}
