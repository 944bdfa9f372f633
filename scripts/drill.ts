// `npm run drill`: the runbook, walked under load against the real stack, with a verdict.
// Starts Redis (unless REDIS_URL), the upstreams and the api on free ports, drives a steady
// load while it injects each failure in turn, checks every target, and writes drill-report/
// (index.html, summary.json, stack.log). Exits 0 only when every target passes.
//
//   node dist/scripts/drill.js [--quick] [--replicas <n>] [--out <dir>]
//
// With --replicas (2 is what the runbook is written for), the stack runs that many ROLE=api
// and ROLE=worker processes on one Redis, the load round-robins over the apis, and the
// replicas runbook runs: shared breakers, a worker killed mid-capture, Redis restarted.
import { resolve } from 'node:path';
import { isRedisServerMissingError } from '@carta/embedded-redis';
import type { ApiConfig } from '../apps/api/src/config/api.config.js';
import { DrillAbortedError, runDrill } from './drill/run.js';

const USAGE =
  'usage: node dist/scripts/drill.js [--quick] [--replicas <n>] [--out <dir>]   (npm run drill -- --quick --replicas 2)';
const REDIS_URL = 'REDIS_URL' satisfies keyof ApiConfig;

/** What the command line asks for. */
interface DrillArgs {
  quick: boolean;
  out: string;
  /** Api (and worker) processes; undefined: one api of every role. */
  replicas?: number;
}

// At least two: one api of every role is the drill without the flag.
const replicasOf = (text: string | undefined): number | null =>
  text !== undefined && /^\d+$/.test(text) && Number(text) >= 2 && Number(text) <= 8 ? Number(text) : null;

/** The arguments, or null (usage printed) for anything else. */
function parseArgs(argv: readonly string[]): DrillArgs | null {
  const args: DrillArgs = { quick: false, out: 'drill-report' };
  for (let i = 0; i < argv.length; i++) {
    const replicas = argv[i].startsWith('--replicas=')
      ? replicasOf(argv[i].slice('--replicas='.length))
      : argv[i] === '--replicas'
        ? replicasOf(argv[++i])
        : undefined;
    if (replicas !== undefined) {
      if (replicas === null) {
        process.stderr.write(`drill: --replicas takes a number from 2 to 8\n${USAGE}\n`);
        return null;
      }
      args.replicas = replicas;
    } else if (argv[i] === '--quick') args.quick = true;
    else if (argv[i] === '--out' && argv[i + 1]) args.out = argv[++i];
    else if (argv[i].startsWith('--out=')) args.out = argv[i].slice('--out='.length);
    else {
      process.stderr.write(`drill: unknown argument "${argv[i]}"\n${USAGE}\n`);
      return null;
    }
  }
  return args;
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

const args = parseArgs(process.argv.slice(2));
if (args === null) process.exit(2);
try {
  const dir = resolve(args.out);
  const started = Date.now();
  const summary = await runDrill({
    quick: args.quick,
    replicas: args.replicas,
    out: dir,
    print: (line) => process.stdout.write(`${line}\n`),
    redisUrl: process.env[REDIS_URL],
    signal: controller.signal,
  });
  const failed = summary.targets.filter((t) => !t.pass).length;
  const verdict = summary.pass ? 'PASS' : `FAIL: ${failed} of ${summary.targets.length} targets missed`;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(`\n${verdict} in ${seconds} s; report: ${dir}/index.html\n`);
  process.exitCode = summary.pass ? 0 : 1;
} catch (error) {
  if (isRedisServerMissingError(error))
    process.stderr.write(
      `drill: ${REDIS_URL} is not set, so the drill starts its own Redis, but ${error.message}\n`,
    );
  else if (error instanceof DrillAbortedError)
    process.stderr.write(`drill: ${error.message}; everything it started is stopped\n`);
  else process.stderr.write(`drill: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
}
