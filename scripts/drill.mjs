// `npm run drill`: the runbook, walked under load against the real stack, with a verdict.
// Starts Redis (unless REDIS_URL), the upstreams and the api on free ports, drives a steady
// load while it injects each failure in turn, checks every target, and writes drill-report/
// (index.html, summary.json, stack.log). Exits 0 only when every target passes.
//
//   node scripts/drill.mjs [--quick] [--out <dir>]
import { resolve } from 'node:path';
import { DrillAbortedError, runDrill } from './drill/run.mjs';
import { embeddedRedis } from './lib/stack.mjs';

const USAGE = 'usage: node scripts/drill.mjs [--quick] [--out <dir>]   (npm run drill -- --quick)';

/** `{ quick, out }`, or null (usage printed) for anything else. */
function parseArgs(argv) {
  const args = { quick: false, out: 'drill-report' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') args.quick = true;
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
    out: dir,
    print: (line) => process.stdout.write(`${line}\n`),
    redisUrl: process.env.REDIS_URL,
    signal: controller.signal,
  });
  const failed = summary.targets.filter((t) => !t.pass).length;
  process.stdout.write(
    `\n${summary.pass ? 'PASS' : `FAIL: ${failed} of ${summary.targets.length} targets missed`} in ${((Date.now() - started) / 1000).toFixed(0)} s; report: ${dir}/index.html\n`,
  );
  process.exitCode = summary.pass ? 0 : 1;
} catch (error) {
  const { isRedisServerMissingError } = await embeddedRedis();
  if (isRedisServerMissingError(error))
    process.stderr.write(
      `drill: REDIS_URL is not set, so the drill starts its own Redis, but ${error.message}\n`,
    );
  else if (error instanceof DrillAbortedError)
    process.stderr.write(`drill: ${error.message}; everything it started is stopped\n`);
  else process.stderr.write(`drill: ${error.stack ?? error}\n`);
  process.exitCode = 2;
}
