/**
 * Carta's api side by side with what a user would write instead, over HTTP: the same shop
 * routes on three minimal Nest + Fastify apps (bench/peers: unprotected, opossum, cockatiel),
 * all on one Redis and one set of upstream simulators, loaded in turn by autocannon over
 * interleaved rounds. `npm run bench:http` (builds first); `-- --json` ends stdout with one JSON
 * object; `--duration`, `--rounds`, `--connections`, `--routes` for a quicker look; `--cpu-prof`
 * profiles Carta's api and summarises where its time went. Method: docs/performance.md.
 * Targets are reported, not enforced: the exit code is non-zero only if something failed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { describePeers, peerVersions } from './peer-versions.js';
import { API_CONFIG_KEYS } from '../apps/api/src/config/api.config.js';
import {
  BENCH_API_SETTINGS,
  BENCH_WIRED_SETTINGS,
  BenchStack,
  type StartedBench,
} from './http/bench.stack.js';
import { readNewestCpuProfile } from './http/cpu-profile.reader.js';
import { summariseCpuProfile, type TimeWindow } from './http/cpu-profile.summary.js';
import {
  isInvalidBenchArgumentError,
  parseHttpBenchArgs,
  USAGE,
  type HttpBenchOptions,
} from './http/http-bench.options.js';
import { loadPlan } from './http/http-plan.js';
import {
  httpJsonLine,
  printHttpReport,
  type HttpBenchReport,
  type ProfileReport,
} from './http/http-report.js';
import { peerRatios, summarise, type RoundMeasurement } from './http/http-results.js';
import { CHECKOUT_SKUS, ROUTE_NAMES, ROUTES, type RouteName } from './http/http-routes.js';
import { SUBJECT_NAMES } from './http/http-subjects.js';
import { judgeTargets } from './http/http-targets.js';
import { benchEnvironment } from './http/bench-environment.js';
import { connectionsFor } from './http/route-connections.js';
import { loadRoute } from './http/route-load.js';
import { assertStockFor } from './http/stock.check.js';

/** The run was stopped: Ctrl-C, a dead process, or the time limit. */
class BenchAbortedError extends Error {
  override readonly name = 'BenchAbortedError';
}

const WARMUP_S = 2;
// Booting Redis, the simulators, the api and three peers, and stopping them, on a loaded 2-core machine.
const BOOT_AND_STOP_S = 120;
// Checkouts a second no subject reaches on this machine: the stock check's upper bound.
const MAX_CHECKOUTS_PER_S = 5_000;
const REPO_ROOT = join(import.meta.dirname, '..', '..');

async function main(argv: readonly string[]): Promise<void> {
  const options = parseHttpBenchArgs(argv);
  const started = Date.now();
  const controller = new AbortController();
  const abort = (reason: string): void => {
    if (!controller.signal.aborted) controller.abort(new BenchAbortedError(reason));
  };
  process.once('SIGINT', () => abort('interrupted (SIGINT)'));
  process.once('SIGTERM', () => abort('terminated (SIGTERM)'));
  const budgetS = timeBudgetS(options);
  setTimeout(() => abort(`the run took longer than its ${budgetS} s limit`), budgetS * 1_000).unref();

  const profileDir = options.cpuProf ? await mkdtemp(join(os.tmpdir(), 'carta-cpu-prof-')) : undefined;
  // No bulkhead smaller than the load (bench-environment.ts), for Carta and the peers alike.
  const { env, set: benchSet } = benchEnvironment(process.env, options.connections);
  const stack = new BenchStack({
    env,
    apiNodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    peerClients: options.peerClients,
    onDeath: (error) => abort(error.message),
  });
  // Fewer than --connections where a route's bulkhead admits fewer (route-connections.ts).
  const connectionsByRoute = Object.fromEntries(
    options.routes.map((route) => [route, connectionsFor(route, options.connections, env)]),
  ) as Record<RouteName, number>;
  let measured: Measured;
  try {
    const bench = await untilAborted(stack.start(), controller.signal);
    measured = await measure(bench, { ...options, connectionsByRoute }, controller.signal);
  } finally {
    await stack.stop();
  }
  const { measurements, cartaWindows } = measured;
  const rows = summarise(measurements).sort(
    (a, b) =>
      ROUTE_NAMES.indexOf(a.route) - ROUTE_NAMES.indexOf(b.route) ||
      SUBJECT_NAMES.indexOf(a.subject) - SUBJECT_NAMES.indexOf(b.subject),
  );
  const ratios = peerRatios(rows);
  const report: HttpBenchReport = {
    meta: {
      node: process.version,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      peers: describePeers(peerVersions()),
      connections: options.connections,
      connectionsByRoute,
      durationS: options.durationS,
      warmupS: warmupOf(options),
      rounds: options.rounds,
      seconds: Math.round((Date.now() - started) / 1_000),
      cpuProf: options.cpuProf,
      peerClients: options.peerClients,
      resilienceOverrides: [
        ...Object.entries(process.env)
          .filter(([name]) => name.startsWith('RESILIENCE_'))
          .map(([name, value]) => `${name}=${value}`),
        ...benchSet.map((setting) => `${setting} (the bench's: no bulkhead below the load)`),
      ],
      cartaSettings: cartaSettings(),
    },
    rows,
    measurements,
    ratios,
    targets: judgeTargets(rows, ratios),
    profile: profileDir ? await profileReport(profileDir, cartaWindows) : undefined,
  };
  printHttpReport(report);
  if (options.json) console.log(httpJsonLine(report));
}

/** What the loads measured, and when Carta was loaded (for its profile). */
interface Measured {
  measurements: RoundMeasurement[];
  /** Each measured load of Carta, in the profile's clock (see monotonicUs). */
  cartaWindows: (TimeWindow & { route: RouteName })[];
}

/** Runs the plan: a warm-up pass, then the measured rounds. */
async function measure(
  bench: StartedBench,
  options: HttpBenchOptions & { connectionsByRoute: Record<RouteName, number> },
  signal: AbortSignal,
): Promise<Measured> {
  const plan = loadPlan({ routes: options.routes, subjects: SUBJECT_NAMES, rounds: options.rounds });
  if (options.routes.includes('checkout')) {
    const loads = plan.filter((p) => p.route === 'checkout').length;
    const units = Math.ceil((loads * options.durationS * MAX_CHECKOUTS_PER_S) / CHECKOUT_SKUS.length);
    await assertStockFor({ inventoryUrl: `http://127.0.0.1:${bench.ports.inventory}`, units });
  }
  const runId = randomBytes(4).toString('hex');
  const measurements: RoundMeasurement[] = [];
  const cartaWindows: Measured['cartaWindows'] = [];
  for (const [i, { round, route, subject }] of plan.entries()) {
    const warmup = round === 0;
    process.stderr.write(
      `bench:http ${warmup ? 'warm-up' : `round ${round}/${options.rounds}`} ${ROUTES[route].label} on ${subject} (${i + 1}/${plan.length})\n`,
    );
    const fromUs = monotonicUs();
    const measurement = await loadRoute({
      url: bench.urls[subject],
      route: ROUTES[route],
      keyPrefix: `bench-${runId}-${subject}-${round}-`,
      connections: options.connectionsByRoute[route],
      durationS: warmup ? warmupOf(options) : options.durationS,
      signal,
    });
    if (signal.aborted) throw signal.reason;
    if (warmup) continue;
    measurements.push({ route, subject, round, measurement });
    if (subject === 'carta') cartaWindows.push({ route, fromUs, toUs: monotonicUs() });
  }
  return { measurements, cartaWindows };
}

/**
 * Now on V8's profile clock: on Linux both it and process.hrtime read CLOCK_MONOTONIC, in any
 * process, so the bench can tell which of the api's samples fell within Carta's loads.
 */
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1_000n);

/** The profile summarised over each route's measured loads of Carta: warm-up, boot and the peers' turns left out. */
async function profileReport(dir: string, windows: Measured['cartaWindows']): Promise<ProfileReport> {
  const { path, profile } = await readNewestCpuProfile(dir);
  const routes = [...new Set(windows.map((w) => w.route))];
  return {
    path,
    routes: routes.map((route) => ({
      route,
      summary: summariseCpuProfile(profile, {
        top: 25,
        root: REPO_ROOT,
        windows: windows.filter((w) => w.route === route),
      }),
    })),
  };
}

/** Carta's settings off their defaults: the bench's own, then the environment's it does not override. */
function cartaSettings(): string[] {
  const ours = Object.entries(BENCH_API_SETTINGS).map(([name, value]) => `${name}=${value}`);
  const wired = new Set<string>([...Object.keys(BENCH_API_SETTINGS), ...BENCH_WIRED_SETTINGS]);
  const theirs = API_CONFIG_KEYS.filter((name) => !wired.has(name) && process.env[name]).map(
    (name) => `${name}=${process.env[name]} (from the environment)`,
  );
  return [...ours, ...theirs];
}

const warmupOf = (options: HttpBenchOptions): number => Math.min(WARMUP_S, options.durationS);

/** The longest a run may take: every load with a margin of half again, plus boot and teardown. */
function timeBudgetS(options: HttpBenchOptions): number {
  const loads = options.routes.length * SUBJECT_NAMES.length;
  const loadS = loads * (warmupOf(options) + options.rounds * options.durationS);
  return Math.ceil(loadS * 1.5 + BOOT_AND_STOP_S);
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (isInvalidBenchArgumentError(error)) console.error(`bench:http: ${error.message}\nusage: ${USAGE}`);
    else if (error instanceof BenchAbortedError) console.error(`bench:http: stopped: ${error.message}`);
    else console.error(`bench:http: ${(error as Error).stack ?? String(error)}`);
    process.exit(error instanceof BenchAbortedError && /SIG/.test(error.message) ? 130 : 1);
  },
);
