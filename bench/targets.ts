/**
 * The performance targets, each checked against figures of the same run so the
 * machine's speed cancels out.
 */

/** A row's figures as a target reads them. */
interface Figures {
  median: number;
  added?: number;
}

/** One target: `value` is what a row is judged on; `limit` may depend on a peer's row. */
export interface Target {
  title: string;
  cases: string[];
  value: 'added' | 'median';
  /** The bound, from this run's rows; undefined when the peer it depends on was not measured. */
  limit: (row: (caseId: string) => Figures | undefined) => number | undefined;
}

export const TARGETS: readonly Target[] = [
  {
    title: 'breaker alone adds <= 150 ns',
    cases: ['carta.breaker'],
    value: 'added',
    limit: () => 150,
  },
  {
    title: 'full stack adds <= 1 us',
    cases: ['carta.full'],
    value: 'added',
    limit: () => 1_000,
  },
  {
    title: "full stack adds <= 0.5x opossum's added",
    cases: ['carta.full'],
    value: 'added',
    limit: (row) => scaled(row('opossum.fire')?.added, 0.5),
  },
  {
    title: "full stack adds <= 0.05x cockatiel's added",
    cases: ['carta.full'],
    value: 'added',
    limit: (row) => scaled(row('cockatiel.wrap')?.added, 0.05),
  },
  {
    title: 'an open breaker rejects in <= 1 us per call',
    cases: ['carta.breaker.open', 'carta.full.open'],
    value: 'median',
    limit: () => 1_000,
  },
];

function scaled(ns: number | undefined, factor: number): number | undefined {
  return ns === undefined ? undefined : ns * factor;
}
