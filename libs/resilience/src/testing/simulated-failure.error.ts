/**
 * The failure `openCircuit` feeds a breaker unless the test gives its own: an upstream 503,
 * which the default `countsAsFailure` counts, and so does a predicate that reads HTTP statuses.
 */
export class SimulatedFailureError extends Error {
  override readonly name = 'SimulatedFailureError';
  /** The HTTP status the classifiers read (`httpStatusOf`). */
  readonly status = 503;

  constructor(policy: string) {
    super(`Simulated 503 from the dependency of policy "${policy}" (@carta/resilience/testing).`);
  }
}
