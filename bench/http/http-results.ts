import type { RouteName } from './http-routes.js';
import type { PeerName, SubjectName } from './http-subjects.js';

/** What one load of one route on one subject measured. */
export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers received. */
  answers: number;
  /** Answers off the happy path: an error status, stale catalog data, estimated stock, an order not confirmed or not reserved. */
  unhappy: number;
  /** Requests that got no answer (connection errors, timeouts). */
  errors: number;
  /** Answers per HTTP status. */
  statuses: Record<string, number>;
}

/** A measurement and where it belongs. */
export interface RoundMeasurement {
  route: RouteName;
  subject: SubjectName;
  round: number;
  measurement: Measurement;
}

/** One row of the table: medians over the rounds of one route on one subject. */
export interface ResultRow {
  route: RouteName;
  subject: SubjectName;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of every request of every round answered on the happy path, 0 to 1. */
  happyShare: number;
  /** Answers per HTTP status over every round, and `error` for requests without one. */
  statuses: Record<string, number>;
  rounds: number;
}

/** Carta's figures over one peer's on one route: above 1 Carta serves more, or waits longer. */
export interface PeerRatio {
  route: RouteName;
  peer: PeerName;
  requestsPerSecond: number;
  p50: number;
  p99: number;
}

/** The median; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One row per route and subject measured, in the order first measured. */
export function summarise(measurements: readonly RoundMeasurement[]): ResultRow[] {
  const groups = new Map<string, RoundMeasurement[]>();
  for (const m of measurements) {
    const key = `${m.route} ${m.subject}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()].map((group) => {
    const figures = group.map((g) => g.measurement);
    const requests = figures.reduce((sum, f) => sum + f.answers + f.errors, 0);
    const happy = figures.reduce((sum, f) => sum + f.answers - f.unhappy, 0);
    return {
      route: group[0].route,
      subject: group[0].subject,
      requestsPerSecond: median(figures.map((f) => f.requestsPerSecond)),
      p50Ms: median(figures.map((f) => f.p50Ms)),
      p99Ms: median(figures.map((f) => f.p99Ms)),
      happyShare: requests === 0 ? 0 : happy / requests,
      statuses: countStatuses(figures),
      rounds: group.length,
    };
  });
}

function countStatuses(figures: readonly Measurement[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of figures) {
    for (const [status, n] of Object.entries(f.statuses)) counts[status] = (counts[status] ?? 0) + n;
    if (f.errors > 0) counts.error = (counts.error ?? 0) + f.errors;
  }
  return counts;
}

/** Carta's ratios to each peer measured on the same route. */
export function peerRatios(rows: readonly ResultRow[]): PeerRatio[] {
  const carta = new Map(rows.filter((r) => r.subject === 'carta').map((r) => [r.route, r]));
  return rows.flatMap((peer): PeerRatio[] => {
    const ours = carta.get(peer.route);
    if (peer.subject === 'carta' || !ours) return [];
    return [
      {
        route: peer.route,
        peer: peer.subject,
        requestsPerSecond: ratio(ours.requestsPerSecond, peer.requestsPerSecond),
        p50: ratio(ours.p50Ms, peer.p50Ms),
        p99: ratio(ours.p99Ms, peer.p99Ms),
      },
    ];
  });
}

// A zero denominator (a subject that answered nothing) gives Infinity or NaN, which no bound passes.
const ratio = (ours: number, theirs: number): number => ours / theirs;
