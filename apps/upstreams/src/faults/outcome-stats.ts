/** What became of a request that reached a dependency's listener. */
export const OUTCOMES = ['ok', 'client_error', 'server_error', 'injected_failure', 'hung', 'reset'] as const;

/** One of {@link OUTCOMES}. */
export type Outcome = (typeof OUTCOMES)[number];

/** Counts since start (or the last reset). */
export interface StatsSnapshot {
  /** Requests that reached the listener, including those still in flight. */
  total: number;
  outcomes: Record<Outcome, number>;
}

/** Counts the requests that reached one dependency, by {@link Outcome}. */
export class OutcomeStats {
  private total = 0;
  private outcomes = zeroes();

  /** A request reached the listener. */
  arrived(): void {
    this.total++;
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
    return { total: this.total, outcomes: { ...this.outcomes } };
  }

  /** Starts counting from zero again. */
  reset(): void {
    this.total = 0;
    this.outcomes = zeroes();
  }
}

function zeroes(): Record<Outcome, number> {
  return { ok: 0, client_error: 0, server_error: 0, injected_failure: 0, hung: 0, reset: 0 };
}
