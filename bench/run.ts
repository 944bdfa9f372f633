/**
 * Per-call overhead of Carta's resilience core against a bare call, cockatiel and opossum,
 * interleaved in one process. `npm run bench` (builds first); `-- --json` ends stdout with
 * one JSON object of every case's median ns/call; `-- --rounds N` for a quicker look.
 * Targets are reported, not enforced: the exit code is non-zero only if something crashed.
 */
import { describePeers, peerVersions } from './peer-versions.js';
import os from 'node:os';
import { expand, interleave, type BenchCase, type CaseModule, type CaseSetup } from './harness.js';
import { childLine, runInOwnProcess } from './own-process.js';
import { buildRows, jsonLine, printReport, type Row } from './report.js';

/** A case module timed in a child process of its own (see own-process.ts). */
interface OwnProcessModule {
  path: string;
  ownProcess: true;
}

// Every case module, in table order. Each exports `subject` and `setup()` (CaseModule in
// harness.ts). `{ path, ownProcess: true }` times a module in a child process beside a bare
// call of its own: for modules that change the cost of every promise in the process, as
// Carta's decorators do (see own-process.ts).
const CASE_MODULES: readonly (string | OwnProcessModule)[] = [
  './cases/bare.js',
  './cases/carta.js',
  './cases/cockatiel.js',
  './cases/opossum.js',
  './cases/memory.js',
  // AsyncLocalStorage, which the Nest layer's scopes use, slows every promise of the process
  // on Node 20: measured apart, beside that process's own bare call.
  { path: './cases/nest.js', ownProcess: true },
  // Redis round trips would disturb the interleaved cases above: measured apart.
  { path: './cases/redis-store.js', ownProcess: true },
];

const EXPECTED_SUBJECTS: Record<string, string> = {
  nest:
    'NEST: not measured (a decorated provider method vs the same method undecorated); add\n' +
    "  { path: './cases/nest.js', ownProcess: true } to CASE_MODULES in bench/run.ts.",
};

const WARMUP_ROUNDS = 3;

interface Options {
  json: boolean;
  rounds: number;
  /** Set in a child process: the one module it times. */
  child: string | undefined;
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseArgs(argv);
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (npm run bench does)');
  if (options.child) {
    // The child's own baseline: the bare call alone, without the main process's extras.
    const keep = (subject: string, c: BenchCase) => subject !== 'bare' || c.id === 'bare';
    const { subjects, rows } = await runModules(['./cases/bare.js', options.child], options, keep);
    console.log(childLine(subjects.at(-1) ?? options.child, rows));
    return;
  }

  const started = Date.now();
  const { subjects, rows, measures } = await runModules(
    CASE_MODULES.filter((m) => typeof m === 'string'),
    options,
  );
  for (const { path } of CASE_MODULES.filter((m) => typeof m !== 'string')) {
    const own = await runInOwnProcess(path, options.rounds);
    subjects.push(own.subject);
    for (const row of own.rows) rows.set(row.id, row);
  }
  const missing = Object.entries(EXPECTED_SUBJECTS)
    .filter(([subject]) => !subjects.includes(subject))
    .map(([, note]) => note);

  const cpus = os.cpus();
  const meta = {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    rounds: options.rounds,
    warmup: WARMUP_ROUNDS,
    seconds: Math.round((Date.now() - started) / 1_000),
    peers: describePeers(peerVersions()),
  };
  printReport({ rows, measures, meta, missing });
  if (options.json) console.log(jsonLine(rows, measures));
}

/** Sets up the modules, takes their one-shot measures, times their cases, tears them down. */
async function runModules(
  paths: readonly string[],
  options: Options,
  keep: (subject: string, c: BenchCase) => boolean = () => true,
): Promise<{ subjects: string[]; rows: Map<string, Row>; measures: Record<string, Record<string, number>> }> {
  const setups: (CaseSetup & { subject: string })[] = [];
  try {
    for (const path of paths) {
      const mod = (await import(path)) as CaseModule;
      setups.push({ subject: mod.subject, ...(await mod.setup()) });
    }
    const measures: Record<string, Record<string, number>> = {};
    for (const s of setups) if (s.measure) measures[s.subject] = await s.measure();

    const entries = expand(setups.flatMap((s) => (s.cases ?? []).filter((c) => keep(s.subject, c))));
    const results = await interleave(entries, {
      rounds: options.rounds,
      warmup: WARMUP_ROUNDS,
      onRound: (r, n) => {
        if (r > 0)
          process.stderr.write(`bench${options.child ? ` ${options.child}` : ''}: round ${r}/${n}\n`);
      },
    });
    return { subjects: setups.map((s) => s.subject), rows: buildRows(entries, results), measures };
  } finally {
    for (const s of setups) await s.teardown?.();
  }
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { json: false, rounds: 15, child: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--json') options.json = true;
    else if (flag === '--rounds') {
      options.rounds = Number(value());
      if (!Number.isInteger(options.rounds) || options.rounds < 1)
        throw new Error('--rounds takes a positive integer');
    } else if (flag === '--child') options.child = value();
    else throw new Error(`unknown argument ${argv[i]} (expected --json, --rounds N)`);
  }
  return options;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
