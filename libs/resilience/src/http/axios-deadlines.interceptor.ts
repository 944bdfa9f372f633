// Type-only: importing @carta/resilience/http must never load axios, which a fetch user lacks.
import type { HttpService } from '@nestjs/axios';
import type { AxiosInstance, InternalAxiosRequestConfig } from 'axios';
import { Attempt, currentScope, systemClock } from '../core/index.js';
import { AttemptAbortSignal } from './attempt-abort.signal.js';
import { deadlineHeadersFor } from './outbound-deadline-headers.js';
import type { OutboundDeadlineOptions } from './outbound-deadline.options.js';

/**
 * Installs a request interceptor on an axios instance: every request made in a deadline's
 * scope carries `X-Request-Deadline` and `X-Request-Timeout-Ms` and, unless its config has a
 * signal of its own, the running attempt's cancellation (an {@link AttemptAbortSignal}: the
 * request is cancelled when the attempt times out or is aborted). Ours replace headers of the same
 * name the caller set: both derive from the same scope, and a tighter budget is set with
 * `runWithDeadline`. A call whose budget is spent rejects with `DeadlineExceededError` and
 * is never sent. Returns a function that removes the interceptor.
 * @example
 * const http = axios.create({ baseURL });
 * useOutboundDeadlines(http, { clock: registry.clock });
 */
export function useOutboundDeadlines(
  axios: AxiosInstance,
  options: OutboundDeadlineOptions = {},
): () => void {
  const clock = options.clock ?? systemClock;
  const addDeadline = (config: InternalAxiosRequestConfig): InternalAxiosRequestConfig => {
    const scope = currentScope();
    if (scope === undefined) return config;
    const headers = deadlineHeadersFor(scope, { clock, callee: () => calleeOf(config) });
    if (headers !== undefined) for (const name in headers) config.headers.set(name, headers[name]);
    if (config.signal === undefined && scope instanceof Attempt)
      config.signal = new AttemptAbortSignal(scope);
    return config;
  };
  // Synchronous: axios runs it inside request(), in the caller's async context, without a
  // promise turn; a throw rejects the request before anything is sent.
  const id = axios.interceptors.request.use(addDeadline, undefined, { synchronous: true });
  return () => axios.interceptors.request.eject(id);
}

/**
 * {@link useOutboundDeadlines} for `@nestjs/axios`'s `HttpService` (on its `axiosRef`), so
 * the requests its Observables make carry the deadline. Subscribe inside the scope (as a
 * decorated method returning the Observable does). Returns a function that removes it.
 * @example
 * constructor(private readonly http: HttpService, registry: PolicyRegistry) {
 *   useHttpServiceDeadlines(http, { clock: registry.clock });
 * }
 */
export function useHttpServiceDeadlines(
  http: HttpService,
  options: OutboundDeadlineOptions = {},
): () => void {
  return useOutboundDeadlines(http.axiosRef, options);
}

// Only for the error of a call not sent: the host it was meant for.
function calleeOf(config: InternalAxiosRequestConfig): string {
  try {
    return new URL(config.url ?? '', config.baseURL).host;
  } catch {
    return config.url ?? 'outbound';
  }
}
