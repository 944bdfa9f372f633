import type { PolicySnapshot } from '../core/index.js';

/** One policy's dependency as the health indicator reports it. */
export interface PolicyHealth {
  /** `down` while its breaker keeps calls away (open, forced_open, half_open); `up` when closed or disabled. */
  status: 'up' | 'down';
  /** The breaker's state; `closed` for a policy without a breaker, which never keeps calls away. */
  state: string;
  /** Failed share (0-1) of the calls in the breaker's window; null until it holds `minimumCalls`, or without a window. */
  failureRate: number | null;
  consecutiveFailures: number;
  /** When the breaker last opened (ISO 8601); null while closed since the last reset. */
  openSince: string | null;
  /** When the next probe is admitted (ISO 8601); null unless open. */
  nextProbeAt: string | null;
  /** The bulkhead's calls running and waiting, and its limit; null without a bulkhead. */
  bulkhead: { active: number; queued: number; maxConcurrent: number } | null;
}

/** Every reported policy's health, and `degraded` when any is down: for dashboards, not load balancers. */
export interface ResilienceHealthView {
  status: 'ok' | 'degraded';
  /** By policy name: one policy guards one dependency. */
  dependencies: Record<string, PolicyHealth>;
}

const iso = (epochMs: number | null | undefined): string | null =>
  epochMs == null ? null : new Date(epochMs).toISOString();

/** How one policy's live state reads on a health endpoint. */
export function policyHealth(snapshot: PolicySnapshot): PolicyHealth {
  const breaker = snapshot.circuitBreaker;
  const state = breaker?.state ?? 'closed';
  return {
    status: state === 'closed' || state === 'disabled' ? 'up' : 'down',
    state,
    failureRate: breaker?.failureRate == null ? null : breaker.failureRate / 100,
    consecutiveFailures: breaker?.consecutiveFailures ?? 0,
    openSince: iso(breaker?.openedAt),
    nextProbeAt: iso(breaker?.nextProbeAt),
    bulkhead: snapshot.bulkhead && {
      active: snapshot.bulkhead.active,
      queued: snapshot.bulkhead.queued,
      maxConcurrent: snapshot.bulkhead.maxConcurrent,
    },
  };
}

/** The health of every policy in `snapshots`, `degraded` when any is down. */
export function resilienceHealthView(snapshots: readonly PolicySnapshot[]): ResilienceHealthView {
  const dependencies: Record<string, PolicyHealth> = {};
  for (const snapshot of snapshots) dependencies[snapshot.name] = policyHealth(snapshot);
  const degraded = Object.values(dependencies).some((health) => health.status === 'down');
  return { status: degraded ? 'degraded' : 'ok', dependencies };
}
