// The verdicts of the replicas topology: the baseline and the end audit as in the one-api
// drill, and the shared breaker, the killed worker and the Redis outage in between.
import { DEPENDENCY_POLICIES, PAYMENTS } from '../../apps/api/src/resilience/dependency-policies.js';
import type { PlannedPhase } from './phases.js';
import type { HealthValue, Reading } from './probes.js';
import type { ReplicaFindings } from './replica-hands.js';
import { latencyOf, type Sample } from './samples.js';
import {
  answered,
  baseline,
  doubleCharges,
  is5xx,
  judgedBy,
  lostOrders,
  MS,
  secondsIn,
  statuses,
  viewOf,
  type Check,
  type EvaluateInput,
  type Verdict,
  type View,
} from './targets.js';

/** The longest spread between the apis' first sight of the open payments breaker. */
export const TOGETHER_MS = 1_000;
const payments = DEPENDENCY_POLICIES[PAYMENTS];
/** Calls the shared breaker may let through before every replica rejects: failureThreshold + 2. */
export const MAX_CALLS_BEFORE_OPEN = (payments.circuitBreaker?.failureThreshold ?? 5) + 2;
// The breaker hears one failure per call, after its retries: each call may be this many requests.
const ATTEMPTS_PER_CALL = payments.retry?.maxAttempts ?? 1;
/** A killed worker's captures are finished by the survivor within this. */
export const CRASH_RECOVERY_MS = 15_000;
/** Each checkout answered within this while Redis is down. */
export const STORAGE_ANSWER_MS = 1_000;
/** Checkouts answer 201 again within this of Redis returning. */
export const REDIS_RECOVERY_MS = 10_000;

/** What {@link evaluateReplicas} judges besides what {@link EvaluateInput} holds. */
export interface ReplicaEvaluateInput extends EvaluateInput {
  /** Each api's /health/dependencies readings, by index. */
  replicaHealth: readonly (readonly Reading<HealthValue>[])[];
  findings: ReplicaFindings;
}

type ReplicaView = View & Pick<ReplicaEvaluateInput, 'replicaHealth' | 'findings'>;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const apiName = (i: number): string => `api-${i + 1}`;

function placedDuring(v: ReplicaView, name: 'payments-failing' | 'worker-crash'): Verdict {
  const all = v.inPhase(name);
  const checkouts = v.inPhase(name, 'checkout');
  const l = v.latency(name, 'checkout');
  const placed = checkouts.every((s) => s.status === 201 || s.status === 202);
  return {
    phase: name,
    expected: `${v.phase[name].expected}`,
    observed: `checkouts ${statuses(checkouts)}, p50/p99 ${MS(l.p50)}/${MS(l.p99)}; 5xx on any route: ${all.filter(is5xx).length}`,
    pass: checkouts.length > 0 && placed && !all.some(is5xx) && l.p99 !== null && l.p99 <= 3000,
    values: { checkoutP99: l.p99 },
  };
}

function breakersTogether(v: ReplicaView): Verdict {
  const found = v.findings.breakers;
  const p = v.phase['payments-failing'];
  const openAt = found?.openAt ?? [];
  const seen = openAt.filter((t): t is number => t !== null);
  const spread =
    seen.length === openAt.length && seen.length > 1 ? Math.max(...seen) - Math.min(...seen) : null;
  const each = openAt
    .map((t, i) => `${apiName(i)} ${t === null ? 'never seen open' : `open ${secondsIn(t, p)}`}`)
    .join(', ');
  return {
    phase: 'payments-failing',
    expected: `target: both apis' payments breakers seen open within ${TOGETHER_MS} ms of each other (GET /health/dependencies of each, every 50 ms)`,
    observed: found
      ? `${each}; spread ${spread === null ? 'n/a' : `${Math.round(spread)} ms`}`
      : 'not watched',
    pass: spread !== null && spread <= TOGETHER_MS,
    values: { spreadMs: spread, ...Object.fromEntries(openAt.map((t, i) => [`${apiName(i)}OpenAt`, t])) },
  };
}

function callsBeforeOpen(v: ReplicaView): Verdict {
  const requests = v.findings.breakers?.paymentsCalls ?? null;
  const limit = MAX_CALLS_BEFORE_OPEN * ATTEMPTS_PER_CALL;
  return {
    phase: 'payments-failing',
    expected:
      `target: at most failureThreshold + 2 = ${MAX_CALLS_BEFORE_OPEN} calls reach payments before both apis' breakers are open ` +
      `(one shared breaker, not one per replica): with ${ATTEMPTS_PER_CALL} attempts per call, at most ${limit} requests`,
    observed:
      requests === null
        ? 'n/a: not both seen open'
        : `${requests} failed requests at payments (GET /__stats/payments), about ${Math.ceil(requests / ATTEMPTS_PER_CALL)} calls`,
    pass: requests !== null && requests <= limit,
    values: { requests, limit },
  };
}

function workerCrash(v: ReplicaView): Verdict {
  const crash = v.findings.crash;
  const took = crash?.finishedAt == null ? null : crash.finishedAt - crash.killedAt;
  return {
    phase: 'worker-crash',
    expected: `target: the captures in flight when a worker is killed (SIGKILL) are all confirmed within ${CRASH_RECOVERY_MS / 1000} s, by the surviving worker`,
    observed: crash
      ? `${crash.worker} killed with ${crash.inFlight.length} captures in flight over both workers; all confirmed ${took === null ? 'not within the watch' : `${seconds(took)} after the kill`}`
      : 'no worker killed',
    pass: crash !== undefined && crash.inFlight.length > 0 && took !== null && took <= CRASH_RECOVERY_MS,
    values: { inFlight: crash?.inFlight.length ?? null, recoveredMs: took },
  };
}

function paymentsRecovers(v: ReplicaView): Verdict {
  const p = v.phase['payments-recovers'];
  // Answered inside the phase: the next phase kills Redis under the ones still running.
  const checkouts = v.inPhase('payments-recovers', 'checkout').filter((s) => s.at + s.ms <= p.end);
  const secondHalf = checkouts.filter((s) => s.at >= (p.start + p.end) / 2);
  const ends = v.replicaHealth.map(
    (health) => health.findLast((h) => h.t < p.end && h.value !== null)?.value?.deps?.payments?.state ?? null,
  );
  return {
    phase: 'payments-recovers',
    expected: p.expected,
    observed: `payments breaker at the end: ${ends.map((state, i) => `${apiName(i)} ${state}`).join(', ')}; checkouts ${statuses(checkouts)}; second half ${secondHalf.filter((s) => s.status === 201).length}/${secondHalf.length} 201`,
    pass:
      secondHalf.length > 0 && secondHalf.every((s) => s.status === 201) && ends.every((s) => s === 'closed'),
  };
}

/** The Redis outage's verdict: every checkout answered while Redis was down is a quick 503 storage_unavailable. */
export function redisDown(v: ReplicaView): Verdict {
  // A checkout sent late in the phase may still wait on its commands (ioredis retries them)
  // when the next phase restarts Redis, and then rightly answer 201: told apart (judgedBy).
  const { judged: checkouts, late } = judgedBy(v.inPhase('redis-down', 'checkout'), {
    end: v.phase['redis-down'].end,
    graceMs: STORAGE_ANSWER_MS,
  });
  const unavailable = checkouts.filter(
    (s) => s.status === 503 && s.kind === 'storage_unavailable' && s.retryAfter !== null,
  );
  const l = latencyOf(answered(checkouts));
  const catalog = v.inPhase('redis-down', 'catalog');
  const catalogBad = catalog.filter((s) => s.status >= 500 || s.status === 0).length;
  const live = catalog.filter((s) => s.kind === 'live').length;
  return {
    phase: 'redis-down',
    expected: `target: every checkout answered 503 storage_unavailable with Retry-After within ${STORAGE_ANSWER_MS / 1000} s while Redis is down; the catalog keeps answering`,
    observed: [
      `checkouts ${unavailable.length}/${checkouts.length} 503 storage_unavailable with Retry-After (${statuses(checkouts)})` +
        (late.length > 0
          ? ` (${late.length} more sent then, answered once Redis was restarting: ${statuses(late)})`
          : ''),
      `their p50/p99/max ${MS(l.p50)}/${MS(l.p99)}/${MS(l.max)}`,
      `catalog ${live}/${catalog.length} live, 5xx or no answer: ${catalogBad}`,
    ].join('; '),
    pass:
      checkouts.length > 0 &&
      unavailable.length === checkouts.length &&
      l.max !== null &&
      l.max < STORAGE_ANSWER_MS &&
      catalog.length > 0 &&
      catalogBad === 0,
    values: { checkouts: checkouts.length, unavailable: unavailable.length, maxMs: l.max, catalogBad },
  };
}

/** The first checkout from which every later one of the phase was 201, or null. */
function firstOfFinal201s(checkouts: readonly Sample[]): Sample | null {
  const sorted = [...checkouts].sort((a, b) => a.at - b.at);
  let first: Sample | null = null;
  for (const s of sorted) first = s.status === 201 ? (first ?? s) : null;
  return first;
}

function redisBack(v: ReplicaView): Verdict {
  const p = v.phase['redis-back'];
  const backAt = v.findings.redis?.backAt ?? p.start;
  const checkouts = v.inPhase('redis-back', 'checkout');
  const first = firstOfFinal201s(checkouts);
  const took = first === null ? null : Math.max(0, first.at - backAt);
  return {
    phase: 'redis-back',
    expected: `target: checkouts answer 201 again within ${REDIS_RECOVERY_MS / 1000} s of Redis returning (no process restarted)`,
    observed: `checkouts ${statuses(checkouts)}; 201 from ${took === null ? 'never' : `${seconds(took)} after Redis answered`} to the end of the phase`,
    pass: took !== null && took <= REDIS_RECOVERY_MS,
    values: { recoveryMs: took },
  };
}

/** Every check of the replicas drill, in phase order; the Redis ones only if their phases ran. */
export function evaluateReplicas(input: ReplicaEvaluateInput): Check[] {
  const view: ReplicaView = {
    ...viewOf(input),
    replicaHealth: input.replicaHealth,
    findings: input.findings,
  };
  const ran = (name: string) => input.phases.some((p: PlannedPhase) => p.name === name);
  const checks: ((v: ReplicaView) => Verdict)[] = [
    baseline,
    (v) => placedDuring(v, 'payments-failing'),
    breakersTogether,
    callsBeforeOpen,
    (v) => placedDuring(v, 'worker-crash'),
    workerCrash,
    paymentsRecovers,
    ...(ran('redis-down') ? [redisDown, redisBack] : []),
    lostOrders,
    doubleCharges,
  ];
  return checks.map((check) => ({ values: {}, ...check(view) }));
}
