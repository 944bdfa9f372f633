/**
 * Timing for bench/run.ts: batches of calls, interleaved rounds, medians.
 *
 * Each case runs in two modes, `<id>.seq` and `<id>.c1000`. Every batch is checked, so a
 * breaker that opened (or closed) by mistake stops the run instead of producing a plausible
 * number.
 */

/** One subject's way of calling {@link work}. */
export interface BenchCase {
  id: string;
  label: string;
  /**
   * One call through the subject. A happy-path case must call {@link work} exactly once per
   * call and resolve; a `rejects` case must reject without calling it.
   */
  call: () => Promise<unknown>;
  rejects?: boolean;
  /**
   * The id whose ns/call "added" is measured over. @default 'bare'
   * null for cases reported by their total (an open breaker calls nothing).
   */
  baseline?: string | null;
  /** `{ name: caseId }` to print ratios against (of added ns, or of totals when `baseline` is null). */
  peers?: Record<string, string>;
  /** Calls per batch, for a case whose calls cost a network round trip. @default MIN_CALLS */
  calls?: number;
}

/** What a case module's `setup()` returns. */
export interface CaseSetup {
  cases?: BenchCase[];
  /** One-shot figures (e.g. bytes per policy), by name. */
  measure?: () => Record<string, number> | Promise<Record<string, number>>;
  teardown?: () => unknown;
}

/** A module under bench/cases/. */
export interface CaseModule {
  subject: string;
  setup(): CaseSetup | Promise<CaseSetup>;
}

/** How a mode drives `n` calls. */
type RunCalls = (call: BenchCase['call'], rejects: boolean, n: number) => Promise<void>;

/** A way of calling: one after the other, or many at once. */
export interface Mode {
  suffix: string;
  title: string;
  run: RunCalls;
}

/** A case in one mode: what a batch times. */
export interface Entry extends BenchCase {
  caseId: string;
  mode: string;
  calls: number;
  run: RunCalls;
}

/** Median and quartiles over rounds, ns per call. */
export interface Summary {
  median: number;
  q1: number;
  q3: number;
}

export const MIN_CALLS = 20_000;
export const CONCURRENT_WIDTH = 1_000;
// A batch shorter than a major GC pause measures the pause, not the calls: cheap cases get
// more calls, so every batch lasts at least this long.
export const MIN_BATCH_NS = 15e6;

let worked = 0;

/** The dependency every case calls: the cheapest async function there is. */
export async function work(): Promise<number> {
  worked++;
  return 42;
}

let rejected = 0;
// Both modes catch a rejection the same way, for every library: .catch(countRejection).
const countRejection = () => {
  rejected++;
};

export const MODES: readonly Mode[] = [
  {
    suffix: 'seq',
    title: 'sequential (each call awaited before the next)',
    async run(call, rejects, n) {
      if (rejects) {
        for (let i = 0; i < n; i++) await call().catch(countRejection);
      } else {
        for (let i = 0; i < n; i++) await call();
      }
    },
  },
  {
    suffix: 'c1000',
    title: `${CONCURRENT_WIDTH.toLocaleString('en')} concurrent (started together, then Promise.all)`,
    async run(call, rejects, n) {
      const promises = new Array<Promise<unknown>>(CONCURRENT_WIDTH);
      for (let b = 0; b < n / CONCURRENT_WIDTH; b++) {
        if (rejects) {
          for (let j = 0; j < CONCURRENT_WIDTH; j++) promises[j] = call().catch(countRejection);
        } else {
          for (let j = 0; j < CONCURRENT_WIDTH; j++) promises[j] = call();
        }
        await Promise.all(promises);
      }
    },
  },
];

/** Expands cases into one timed entry per mode, with ids `<id>.<mode>`. */
export function expand(cases: readonly BenchCase[]): Entry[] {
  return MODES.flatMap((mode) =>
    cases.map((c) => ({
      ...c,
      caseId: c.id,
      mode: mode.suffix,
      id: `${c.id}.${mode.suffix}`,
      calls: c.calls ?? MIN_CALLS,
      run: mode.run,
    })),
  );
}

/** Runs one batch of an entry; returns ns per call. Throws if a call misbehaved. */
export async function batch(entry: Entry): Promise<number> {
  // Each batch starts with an empty young generation, so a case pays for its own garbage and
  // not the previous case's. A full gc() here would be wrong: it deoptimizes code that
  // embeds objects it frees ("weak objects"), so every batch would re-run the JIT.
  globalThis.gc?.({ type: 'minor' });
  const workedBefore = worked;
  const rejectedBefore = rejected;
  const started = process.hrtime.bigint();
  await entry.run(entry.call, entry.rejects === true, entry.calls);
  const elapsed = process.hrtime.bigint() - started;
  check(entry, worked - workedBefore, rejected - rejectedBefore);
  return Number(elapsed) / entry.calls;
}

function check(entry: Entry, calledWork: number, rejections: number): void {
  const expected = entry.rejects
    ? { calledWork: 0, rejections: entry.calls }
    : { calledWork: entry.calls, rejections: 0 };
  if (calledWork !== expected.calledWork || rejections !== expected.rejections) {
    throw new Error(
      `${entry.id}: expected ${expected.calledWork} calls of work() and ${expected.rejections} rejections ` +
        `in a batch of ${entry.calls}, got ${calledWork} and ${rejections}`,
    );
  }
}

/**
 * Runs `warmup` rounds then `rounds` recorded rounds; each round runs every entry once, in
 * an order shuffled per round (seeded, so runs repeat it): a case's neighbours change from
 * round to round, and what one leaves behind (old-space garbage, JIT state) spreads over all.
 * After the warm-up, each entry's batch is sized from its last warm-up batch (see
 * MIN_BATCH_NS). Returns each entry's summary in ns/call, by id.
 */
export async function interleave(
  entries: readonly Entry[],
  {
    rounds,
    warmup,
    onRound = () => {},
  }: { rounds: number; warmup: number; onRound?: (round: number, of: number) => void },
): Promise<Map<string, Summary>> {
  const samples = new Map(entries.map((e): [string, number[]] => [e.id, []]));
  const random = seeded(0x5eed);
  for (let r = 0; r < warmup + rounds; r++) {
    for (const entry of shuffled(entries, random)) {
      const ns = await batch(entry);
      if (r >= warmup) samples.get(entry.id)?.push(ns);
      else if (r === warmup - 1) entry.calls = batchSize(ns);
    }
    onRound(r - warmup + 1, rounds);
  }
  return new Map([...samples].map(([id, xs]) => [id, summarize(xs)]));
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** mulberry32: a small PRNG, so the order is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function batchSize(nsPerCall: number): number {
  const calls = Math.ceil(MIN_BATCH_NS / nsPerCall / CONCURRENT_WIDTH) * CONCURRENT_WIDTH;
  return Math.max(MIN_CALLS, calls);
}

/** Median and quartiles of a non-empty sample. */
export function summarize(xs: readonly number[]): Summary {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75) };
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Retained heap per item of what `build(i)` returns, over `count` items (needs --expose-gc). */
export function retainedBytesPer<T>(
  count: number,
  build: (i: number) => T,
): { bytesPer: number; items: T[] } {
  const items = new Array<T>(count);
  collect();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < count; i++) items[i] = build(i);
  collect();
  const after = process.memoryUsage().heapUsed;
  return { bytesPer: (after - before) / count, items };
}

function collect(): void {
  if (globalThis.gc === undefined) throw new Error('run node with --expose-gc');
  // Two passes: the first may leave objects held only by weak references or finalizers.
  globalThis.gc();
  globalThis.gc();
}
