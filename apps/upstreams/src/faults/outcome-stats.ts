import type { IncomingHttpHeaders } from 'node:http';
import { DEADLINE_HEADER, TIMEOUT_HEADER } from '@carta/resilience/http';

/** What became of a request that reached a dependency's listener. */
export const OUTCOMES = [
  'ok',
  'client_error',
  'server_error',
  'injected_failure',
  'hung',
  'reset',
  'expired',
] as const;

/** One of {@link OUTCOMES}. */
export type Outcome = (typeof OUTCOMES)[number];

/** The deadline headers one request carried, each present only if it came. */
export type DeadlineHeadersSeen = Partial<Record<typeof DEADLINE_HEADER | typeof TIMEOUT_HEADER, string>>;

/** Counts since start (or the last reset). */
export interface StatsSnapshot {
  /** Requests that reached the listener, including those still in flight. */
  total: number;
  outcomes: Record<Outcome, number>;
  /** The deadline headers of the latest request to arrive (`{}`: it sent none); null before any. */
  lastDeadlineHeaders: DeadlineHeadersSeen | null;
}

/** Counts the requests that reached one dependency, by {@link Outcome}. */
export class OutcomeStats {
  private total = 0;
  private outcomes = zeroes();
  // Kept whole, not copied: the healthy path pays one assignment, the snapshot picks the headers.
  private lastHeaders: IncomingHttpHeaders | undefined;

  /** A request with `headers` reached the listener. */
  arrived(headers: IncomingHttpHeaders): void {
    this.total++;
    this.lastHeaders = headers;
  }

  /** A request ended as `outcome`. */
  record(outcome: Outcome): void {
    this.outcomes[outcome]++;
  }

  /** A request was answered with `statusCode` by the service itself. */
  answered(statusCode: number): void {
    this.record(statusCode >= 500 ? 'server_error' : statusCode >= 400 ? 'client_error' : 'ok');
  }

  /** A copy of the counts. */
  snapshot(): StatsSnapshot {
    return {
      total: this.total,
      outcomes: { ...this.outcomes },
      lastDeadlineHeaders: this.lastHeaders === undefined ? null : deadlineHeadersIn(this.lastHeaders),
    };
  }

  /** Starts counting from zero again. */
  reset(): void {
    this.total = 0;
    this.outcomes = zeroes();
    this.lastHeaders = undefined;
  }
}

function zeroes(): Record<Outcome, number> {
  return { ok: 0, client_error: 0, server_error: 0, injected_failure: 0, hung: 0, reset: 0, expired: 0 };
}

function deadlineHeadersIn(headers: IncomingHttpHeaders): DeadlineHeadersSeen {
  const seen: DeadlineHeadersSeen = {};
  for (const name of [DEADLINE_HEADER, TIMEOUT_HEADER] as const) {
    const value = headers[name];
    if (value !== undefined) seen[name] = String(value);
  }
  return seen;
}
