/** Turns medians into the printed table, the targets section and the --json line. */
import { MIN_BATCH_NS, MIN_CALLS, MODES, type Entry, type Mode, type Summary } from './harness.js';
import { TARGETS } from './targets.js';

/** One timed entry's figures, as printed (and as a child process reports them). */
export interface Row extends Summary {
  id: string;
  caseId: string;
  mode: string;
  label: string;
  /** ns/call over the baseline's; undefined for cases without one. */
  added?: number;
  /** `<baseline>.<mode>`, or null for cases reported by their total. */
  baselineId: string | null;
  rejects?: boolean;
  peers?: Record<string, string>;
  /** The subject whose own process timed it (own-process.ts). */
  process?: string;
}

/** Machine and run figures for the report's header. */
export interface RunMeta {
  cpus: number;
  cpuModel: string;
  rounds: number;
  warmup: number;
  seconds: number;
  /** The peers' versions, and whether this Node is one they declare. */
  peers: string;
}

type Print = (line: string) => void;

/** One row per timed entry: its median and quartiles, and ns added over its baseline. */
export function buildRows(entries: readonly Entry[], results: Map<string, Summary>): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const entry of entries) {
    const { median, q1, q3 } = results.get(entry.id) as Summary;
    const baseline = entry.baseline === undefined ? 'bare' : entry.baseline;
    rows.set(entry.id, { ...entry, median, q1, q3, baselineId: baseline && `${baseline}.${entry.mode}` });
  }
  for (const row of rows.values()) {
    const base = row.baselineId && rows.get(row.baselineId);
    row.added = base ? row.median - base.median : undefined;
  }
  return rows;
}

/** The human-readable report. */
export function printReport({
  rows,
  measures,
  meta,
  missing,
  print = console.log,
}: {
  rows: Map<string, Row>;
  measures: Record<string, Record<string, number>>;
  meta: RunMeta;
  missing: readonly string[];
  print?: Print;
}): void {
  print(`Carta resilience benchmark: Node ${process.version}, ${meta.cpus} CPUs (${meta.cpuModel})`);
  print(meta.peers);
  print(
    `${meta.rounds} interleaved rounds after ${meta.warmup} warm-up rounds; medians over rounds; ${meta.seconds} s`,
  );
  print(
    `Each round runs every case once: a batch of >= ${MIN_CALLS.toLocaleString('en')} calls lasting >= ${MIN_BATCH_NS / 1e6} ms.`,
  );
  for (const mode of MODES) printMode(rows, mode, print);
  printMissing(missing, print);
  if (measures.memory) printMemory(measures.memory, print);
  printTargets(rows, print);
  printLegend(
    print,
    [...rows.values()].some((r) => r.process),
  );
}

function printMode(rows: Map<string, Row>, mode: Mode, print: Print): void {
  const inMode = [...rows.values()].filter((r) => r.mode === mode.suffix);
  print('');
  print(mode.title.toUpperCase());
  print(
    `  ${'case'.padEnd(52)}${'ns/call'.padStart(9)}${'added'.padStart(9)}${'IQR'.padStart(6)}   vs peers`,
  );
  const printRow = (row: Row) => {
    const added = row.added === undefined ? '-' : signed(row.added);
    const iqr = `${Math.round(((row.q3 - row.q1) / row.median) * 100)}%`;
    print(
      `  ${row.label.padEnd(52)}${fixed(row.median).padStart(9)}${added.padStart(9)}${iqr.padStart(6)}   ${peerRatios(rows, row)}`,
    );
  };
  inMode.filter((r) => !r.rejects).forEach(printRow);
  print('  fail-fast (open breakers): ns/call is the whole rejection');
  inMode.filter((r) => r.rejects).forEach(printRow);
  for (const row of inMode.filter((r) => r.peers)) print(`  ${sentence(rows, row)}`);
}

/** "0.31x opossum, 0.03x cockatiel": of added ns, or of totals for cases without a baseline. */
function peerRatios(rows: Map<string, Row>, row: Row): string {
  return Object.entries(row.peers ?? {})
    .map(([name, id]) => {
      const peer = rows.get(`${id}.${row.mode}`);
      if (!peer) return `${name} not measured`;
      const ours = (row.baselineId ? row.added : row.median) ?? Number.NaN;
      const theirs = (row.baselineId ? peer.added : peer.median) ?? Number.NaN;
      return theirs > 0 ? `${(ours / theirs).toFixed(2)}x ${name}` : `${name} n/a`;
    })
    .join(', ');
}

function sentence(rows: Map<string, Row>, row: Row): string {
  const verb = row.baselineId ? `adds ${human(row.added)}` : `rejects in ${human(row.median)}`;
  const peers = Object.values(row.peers ?? {})
    .map((id) => rows.get(`${id}.${row.mode}`))
    .filter((p): p is Row => p !== undefined)
    .map((p) => `${p.label} ${row.baselineId ? `adds ${human(p.added)}` : `rejects in ${human(p.median)}`}`);
  return `${row.label} ${verb} = ${peerRatios(rows, row)}${peers.length ? ` (${peers.join('; ')})` : ''}`;
}

function printMissing(missing: readonly string[], print: Print): void {
  for (const note of missing) {
    print('');
    print(note);
  }
}

function printMemory(memory: Record<string, number>, print: Print): void {
  print('');
  print('MEMORY: heap retained per idle policy, 10,000 constructed and never called (median of 3)');
  const carta = memory.cartaBytesPerPolicy;
  for (const [key, bytes] of Object.entries(memory)) {
    const subject = key.replace(/BytesPerPolicy$/, '');
    const ratio =
      subject === 'carta' || !(bytes > 0) ? '' : `   carta = ${(carta / bytes).toFixed(2)}x ${subject}`;
    print(`  ${subject.padEnd(12)}${bytes.toLocaleString('en').padStart(8)} bytes/policy${ratio}`);
  }
}

function printTargets(rows: Map<string, Row>, print: Print): void {
  print('');
  print('TARGETS (from this run; informative, the exit code ignores them)');
  const row = (caseId: string, mode: string) => rows.get(`${caseId}.${mode}`);
  for (const target of TARGETS) {
    for (const mode of MODES) {
      for (const caseId of target.cases) {
        const r = row(caseId, mode.suffix);
        const limit = target.limit((id) => row(id, mode.suffix));
        const value = r?.[target.value];
        const verdict =
          value === undefined || limit === undefined ? 'SKIP' : value <= limit ? 'PASS' : 'FAIL';
        const shown =
          value === undefined ? 'not measured' : `${target.value === 'added' ? 'adds ' : ''}${human(value)}`;
        const bound = limit === undefined ? 'peer not measured' : `limit ${human(limit)}`;
        print(
          `  ${verdict}  ${target.title.padEnd(46)}${`${caseId}.${mode.suffix}`.padEnd(26)}${shown.padEnd(16)}${bound}`,
        );
      }
    }
  }
}

function printLegend(print: Print, ownProcess: boolean): void {
  const ownProcessLines = [
    '  Rows "in the <subject> process" were timed in a child process of their own (own-process.ts):',
    "  Carta's decorators run calls in an AsyncLocalStorage scope, whose promise hooks make every",
    "  promise there dearer. Read them against that process's bare call, not the one above.",
  ];
  [
    '',
    'LEGEND',
    '  ns/call: batch time / calls, median over rounds (case order shuffled each round, seeded).',
    '  added: ns/call minus the bare call of the same mode.',
    '  IQR: interquartile range over rounds, as a share of the median (run-to-run noise).',
    '  Every case calls the same `async () => 42`. Each batch starts with an empty young generation',
    '  (minor gc), so each case pays for its own garbage. Every batch is checked: all calls resolved',
    '  through work(), or all rejected without reaching it. Rejections: call().catch(noop), for all.',
    '  carta full stack: breaker + retry (3 attempts) + per-attempt timeout 1 s + bulkhead (2,000), in one',
    "  pipeline. The attempt context's AbortSignal is created lazily on first read of ctx.signal; the",
    '  benchmarked function never reads it, so the happy path pays for no AbortController.',
    '  cockatiel wrap: retry (maxAttempts 2 = 3 attempts; skips BrokenCircuitError) + ConsecutiveBreaker(5)',
    '  + bulkhead(2,000) + timeout(1 s, Aggressive), which creates an AbortController per call and, while',
    "  calls overlap, adds an abort listener per call to one shared AbortSignal (hence Node's",
    '  MaxListenersExceededWarning on stderr in the concurrent mode).',
    '  opossum: one CircuitBreaker per case, timeout 1 s (a setTimeout per call) or timeout: false.',
    '  Peer ratios compare like with like, added over added (totals for open breakers):',
    '    breaker alone: cockatiel circuitBreaker alone, opossum fire() without timeout;',
    '    full stack: opossum fire() with timeout, cockatiel wrap; open: the same subjects, opened.',
    "  Open breakers: carta transitionTo('open'), cockatiel tripped by 5 failures, opossum .open();",
    '  reset timeouts of 1 h keep them open through the run.',
    ...(ownProcess ? ownProcessLines : []),
  ].forEach((line) => print(line));
}

/** The --json line: every entry's median ns/call, plus one object per measure. */
export function jsonLine(rows: Map<string, Row>, measures: Record<string, Record<string, number>>): string {
  const out: Record<string, number> = {};
  for (const [id, row] of rows) out[id] = Math.round(row.median * 10) / 10;
  return JSON.stringify({ ...out, ...measures });
}

function fixed(ns: number): string {
  return Math.round(ns).toLocaleString('en');
}

function signed(ns: number): string {
  return `${ns >= 0 ? '+' : ''}${fixed(ns)}`;
}

function human(ns: number | undefined): string {
  if (ns === undefined) return 'n/a';
  return Math.abs(ns) < 1_000 ? `${Math.round(ns)} ns` : `${(ns / 1_000).toFixed(2)} us`;
}
