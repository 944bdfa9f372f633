import { ROUTES, type RouteName } from './http-routes.js';
import type { PeerRatio, ResultRow } from './http-results.js';
import type { PeerName } from './http-subjects.js';

/** One of the targets: a bound on Carta's ratio to one peer, on every route of a method. */
export interface HttpTarget {
  title: string;
  method: 'GET' | 'POST';
  peer: PeerName;
  figure: 'requestsPerSecond' | 'p99';
  /** `at_least`: the ratio must be >= bound; `at_most`: <= bound. */
  direction: 'at_least' | 'at_most';
  bound: number;
}

/** Issue 12's targets, as ratios of the same run. */
export const HTTP_TARGETS: readonly HttpTarget[] = [
  {
    title: "req/s >= 0.9x the unprotected app's",
    method: 'GET',
    peer: 'unprotected',
    figure: 'requestsPerSecond',
    direction: 'at_least',
    bound: 0.9,
  },
  {
    title: "p99 <= 1.2x the unprotected app's",
    method: 'GET',
    peer: 'unprotected',
    figure: 'p99',
    direction: 'at_most',
    bound: 1.2,
  },
  {
    title: "req/s >= 1.0x the opossum app's",
    method: 'GET',
    peer: 'opossum',
    figure: 'requestsPerSecond',
    direction: 'at_least',
    bound: 1.0,
  },
  {
    title: "req/s >= 1.0x the cockatiel app's",
    method: 'GET',
    peer: 'cockatiel',
    figure: 'requestsPerSecond',
    direction: 'at_least',
    bound: 1.0,
  },
  {
    title: "req/s >= 0.8x the unprotected app's",
    method: 'POST',
    peer: 'unprotected',
    figure: 'requestsPerSecond',
    direction: 'at_least',
    bound: 0.8,
  },
];

/**
 * Below this share of happy-path answers a subject was not doing the work the target is about
 * (it answered from fallbacks, or failed), so its ratio does not count.
 */
export const MIN_HAPPY_SHARE = 0.99;

/** A target judged on one route. */
export interface TargetVerdict {
  title: string;
  route: RouteName;
  peer: PeerName;
  figure: HttpTarget['figure'];
  direction: HttpTarget['direction'];
  bound: number;
  /** Carta's ratio to the peer; undefined when either was not measured. */
  ratio: number | undefined;
  verdict: 'PASS' | 'FAIL' | 'SKIP';
  /** Why it is not a plain comparison: a subject off the happy path, or not measured. */
  note?: string;
}

/** Every target on every route of its method that was run, from this run's rows and ratios. */
export function judgeTargets(
  rows: readonly ResultRow[],
  ratios: readonly PeerRatio[],
  targets: readonly HttpTarget[] = HTTP_TARGETS,
): TargetVerdict[] {
  const routes = [...new Set(rows.map((r) => r.route))];
  return targets.flatMap((target) =>
    routes
      .filter((route) => ROUTES[route].method === target.method)
      .map((route) => judge(target, route, rows, ratios)),
  );
}

function judge(
  target: HttpTarget,
  route: RouteName,
  rows: readonly ResultRow[],
  ratios: readonly PeerRatio[],
): TargetVerdict {
  const base = {
    title: target.title,
    route,
    peer: target.peer,
    figure: target.figure,
    direction: target.direction,
    bound: target.bound,
  };
  const found = ratios.find((r) => r.route === route && r.peer === target.peer);
  if (!found)
    return { ...base, ratio: undefined, verdict: 'SKIP', note: `carta or ${target.peer} not measured` };
  const ratio = found[target.figure];
  const unhappy = rows
    .filter((r) => r.route === route && (r.subject === 'carta' || r.subject === target.peer))
    .filter((r) => r.happyShare < MIN_HAPPY_SHARE)
    .map((r) => `${r.subject} answered ${percent(1 - r.happyShare)} off the happy path`);
  const within = target.direction === 'at_least' ? ratio >= target.bound : ratio <= target.bound;
  return {
    ...base,
    ratio,
    verdict: within && unhappy.length === 0 ? 'PASS' : 'FAIL',
    ...(unhappy.length > 0 ? { note: `${unhappy.join('; ')}: not like for like` } : {}),
  };
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
