import type { PolicySnapshot } from '@carta/resilience';

/** One dependency as GET /health/dependencies shows it. */
export interface DependencyHealth {
  /** `down` while its breaker keeps calls away (open, forced open, half-open). */
  status: 'up' | 'down';
  state: string;
  /** Failed share (0-1) of the calls in the breaker's window; null until it holds enough. */
  failureRate: number | null;
  consecutiveFailures: number;
  openSince: string | null;
  nextProbeAt: string | null;
  bulkhead: { active: number; queued: number; maxConcurrent: number } | null;
}

const iso = (ms: number | null | undefined): string | null =>
  ms == null ? null : new Date(ms).toISOString();

/** The informational view of every dependency: for dashboards, never for a load balancer. */
export function dependenciesView(snapshots: PolicySnapshot[]): {
  status: 'ok' | 'degraded';
  dependencies: Record<string, DependencyHealth>;
} {
  const dependencies: Record<string, DependencyHealth> = {};
  for (const s of snapshots) {
    const breaker = s.circuitBreaker;
    const state = breaker?.state ?? 'closed';
    dependencies[s.name] = {
      status: state === 'closed' || state === 'disabled' ? 'up' : 'down',
      state,
      failureRate: breaker?.failureRate == null ? null : breaker.failureRate / 100,
      consecutiveFailures: breaker?.consecutiveFailures ?? 0,
      openSince: iso(breaker?.openedAt),
      nextProbeAt: iso(breaker?.nextProbeAt),
      bulkhead: s.bulkhead && {
        active: s.bulkhead.active,
        queued: s.bulkhead.queued,
        maxConcurrent: s.bulkhead.maxConcurrent,
      },
    };
  }
  const degraded = Object.values(dependencies).some((d) => d.status === 'down');
  return { status: degraded ? 'degraded' : 'ok', dependencies };
}
