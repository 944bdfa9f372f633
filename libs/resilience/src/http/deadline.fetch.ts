import { Attempt, currentScope, systemClock } from '../core/index.js';
import { deadlineHeadersFor } from './outbound-deadline-headers.js';
import type { OutboundDeadlineOptions } from './outbound-deadline.options.js';

/** Options of {@link createDeadlineFetch}. */
export interface DeadlineFetchOptions extends OutboundDeadlineOptions {
  /** The fetch that sends the request. @default globalThis.fetch, read at each call */
  fetch?: typeof fetch;
}

/**
 * A fetch whose requests, made in a deadline's scope, carry `X-Request-Deadline` and
 * `X-Request-Timeout-Ms` (replacing the caller's headers of those names) and the running
 * attempt's AbortSignal, combined with the caller's own through `AbortSignal.any`. A call
 * whose budget is spent rejects with `DeadlineExceededError` and is never sent.
 * @example
 * const fetchWithDeadline = createDeadlineFetch({ clock: registry.clock });
 * const answer = await fetchWithDeadline(`${baseUrl}/charges`, { method: 'POST', body });
 */
export function createDeadlineFetch(options: DeadlineFetchOptions = {}): typeof fetch {
  const clock = options.clock ?? systemClock;
  const send = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    (options.fetch ?? globalThis.fetch)(input, init);
  return async (input, init) => {
    const scope = currentScope();
    if (scope === undefined) return send(input, init);
    const deadlineHeaders = deadlineHeadersFor(scope, { clock, callee: () => calleeOf(input) });
    const attempt = scope instanceof Attempt ? scope : undefined;
    if (deadlineHeaders === undefined && attempt === undefined) return send(input, init);
    // init's headers and signal replace a Request's own, so start from the Request's.
    const request = input instanceof Request ? input : undefined;
    const headers = new Headers(init?.headers ?? request?.headers);
    for (const name in deadlineHeaders) headers.set(name, deadlineHeaders[name]);
    const callerSignal = init?.signal ?? request?.signal;
    const signal =
      attempt === undefined
        ? callerSignal
        : callerSignal
          ? AbortSignal.any([callerSignal, attempt.signal])
          : attempt.signal;
    return send(input, { ...init, headers, signal });
  };
}

/** {@link createDeadlineFetch} on the system clock and the global fetch. */
export const deadlineFetch: typeof fetch = createDeadlineFetch();

// Only for the error of a call not sent: the host it was meant for.
function calleeOf(input: string | URL | Request): string {
  try {
    return new URL(input instanceof Request ? input.url : input).host;
  } catch {
    return 'outbound';
  }
}
