// `npm run drill`: the runbook, walked under load against the real stack, with a verdict.
// Starts Redis (unless REDIS_URL), the upstreams and the api on free ports, drives a steady
// load while it injects each failure in turn, checks every target, and writes drill-report/
// (index.html, summary.json, stack.log). Exits 0 only when every target passes.
//
//   node dist/scripts/drill.js [--quick] [--replicas <n> | --rate <n>] [--out <dir>]
//
// With --replicas (2 is what the runbook is written for), the stack runs that many ROLE=api
// and ROLE=worker processes on one Redis, the load round-robins over the apis, and the
// replicas runbook runs: shared breakers, a worker killed mid-capture, Redis restarted.
// With --rate, the mixed lanes are scaled to about that many requests a second, and a burst
// phase beyond the rate limits and the shed threshold ends the runbook.
import { resolve } from 'node:path';
import { isRedisServerMissingError } from '@carta/embedded-redis';
import type { ApiConfig } from '../apps/api/src/config/api.config.js';
import { isDrillUsageError, parseDrillArgs, USAGE, type DrillArgs } from './drill/args.js';
import { DrillAbortedError, runDrill } from './drill/run.js';

const REDIS_URL = 'REDIS_URL' satisfies keyof ApiConfig;

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

let args: DrillArgs;
try {
  args = parseDrillArgs(process.argv.slice(2));
} catch (error) {
  if (!isDrillUsageError(error)) throw error;
  process.stderr.write(`drill: ${error.message}\n${USAGE}\n`);
  process.exit(2);
}
try {
  const dir = resolve(args.out);
  const started = Date.now();
  const summary = await runDrill({
    quick: args.quick,
    replicas: args.replicas,
    rate: args.rate,
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
