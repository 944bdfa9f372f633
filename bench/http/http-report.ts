import type { PeerClients } from '../peers/shared/peer-settings.js';
import type { ProfileSummary } from './cpu-profile.summary.js';
import type { PeerRatio, ResultRow, RoundMeasurement } from './http-results.js';
import { ROUTES, type RouteName } from './http-routes.js';
import { MIN_HAPPY_SHARE, type TargetVerdict } from './http-targets.js';

/** How the run went, for the report's header. */
export interface HttpRunMeta {
  node: string;
  cpus: number;
  cpuModel: string;
  /** The peers' library versions, one line (bench/peer-versions.ts). */
  peers: string;
  connections: number;
  /** Each route's connections: `connections`, or fewer where the route's bulkhead admits fewer. */
  connectionsByRoute: Partial<Record<RouteName, number>>;
  durationS: number;
  warmupS: number;
  rounds: number;
  /** Wall time of the whole run. */
  seconds: number;
  /** Carta ran under the profiler, whose overhead is in its figures. */
  cpuProf: boolean;
  /** The peers' outbound HTTP clients (`--peer-clients`). */
  peerClients: PeerClients;
  /** `RESILIENCE_*=value` from the bench's environment, then those the bench set, applied to Carta and the peers alike. */
  resilienceOverrides: string[];
  /** Carta's settings that are not its defaults: `NAME=value`, the bench's own and the environment's. */
  cartaSettings: string[];
}

/** Where Carta's profile is and what it says about each route's measured loads. */
export interface ProfileReport {
  path: string;
  routes: { route: RouteName; summary: ProfileSummary }[];
}

/** Everything one run found: the table, the ratios, the verdicts, and the profile if asked for. */
export interface HttpBenchReport {
  meta: HttpRunMeta;
  /** Medians over the rounds: the table. */
  rows: ResultRow[];
  /** Every round's figures, for how far apart they were (only in the JSON). */
  measurements: RoundMeasurement[];
  ratios: PeerRatio[];
  targets: TargetVerdict[];
  profile?: ProfileReport;
}

type Print = (line: string) => void;

// Part of what the ratios measure: whether the subjects' clients differ below axios's API.
const OUTBOUND_CLIENTS: Record<PeerClients, string> = {
  axios:
    "Outbound HTTP: Carta's clients are axios on undici pools (apps/api/src/http/undici.adapter.ts); " +
    "the peers' are axios on its own node:http adapter, as a hand-written app's are (--peer-clients undici: the same as Carta's).",
  undici:
    "Outbound HTTP: Carta's clients and the peers' alike are axios on undici pools (--peer-clients undici): " +
    'the ratios are of what each does above the transport.',
};

/** The human-readable report. */
export function printHttpReport(report: HttpBenchReport, print: Print = console.log): void {
  const { meta } = report;
  print(`Carta's api vs peers over HTTP: Node ${meta.node}, ${meta.cpus} CPUs (${meta.cpuModel})`);
  print(meta.peers);
  print(
    `autocannon -c ${meta.connections}${fewerConnections(meta.connectionsByRoute, meta.connections)}, loopback; ${meta.durationS} s per load after a ${meta.warmupS} s warm-up pass; ` +
      `${meta.rounds} interleaved round${meta.rounds === 1 ? '' : 's'}; medians over rounds; ${meta.seconds} s`,
  );
  const overrides = meta.resilienceOverrides.length > 0 ? ` with ${meta.resilienceOverrides.join(' ')}` : '';
  print(`Policies: Carta's defaults${overrides}, for Carta and the peers alike.`);
  print(`Carta's settings: its defaults but ${meta.cartaSettings.join(' ')}.`);
  print(OUTBOUND_CLIENTS[meta.peerClients]);
  if (meta.cpuProf) print("Carta ran under --cpu-prof: its figures include the profiler's overhead.");
  printTable(report.rows, print);
  printRatios(report.ratios, print);
  printTargets(report.targets, print);
  if (report.profile) printProfile(report.profile, print);
}

// The routes loaded with fewer connections than -c (the inventory route: its bulkhead's size).
function fewerConnections(byRoute: Partial<Record<RouteName, number>>, connections: number): string {
  const fewer = (Object.keys(byRoute) as RouteName[]).filter((route) => (byRoute[route] ?? 0) < connections);
  const each = fewer.map((route) => `${ROUTES[route].label} -c ${byRoute[route]}, its bulkhead's size`);
  return each.length === 0 ? '' : ` (${each.join('; ')})`;
}

function printTable(rows: readonly ResultRow[], print: Print): void {
  print('');
  print(
    `${'route'.padEnd(28)}${'subject'.padEnd(13)}${'req/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'happy'.padStart(8)}`,
  );
  let route: RouteName | undefined;
  for (const row of rows) {
    const label = row.route === route ? '' : ROUTES[row.route].label;
    route = row.route;
    const flag = row.happyShare < MIN_HAPPY_SHARE ? ' <' : '';
    print(
      `${label.padEnd(28)}${row.subject.padEnd(13)}${whole(row.requestsPerSecond).padStart(8)}` +
        `${ms(row.p50Ms).padStart(9)}${ms(row.p99Ms).padStart(9)}${percent(row.happyShare).padStart(8)}${flag}`,
    );
  }
  const unhappy = rows.filter((r) => r.happyShare < MIN_HAPPY_SHARE);
  print(
    `happy: answers on the happy path (live catalog, exact stock, a confirmed order with its stock reserved); "<" marks under ${percent(MIN_HAPPY_SHARE)}${unhappy.length > 0 ? ':' : '.'}`,
  );
  for (const row of unhappy) {
    const statuses = Object.entries(row.statuses)
      .sort((a, b) => b[1] - a[1])
      .map(([status, n]) => `${status} x ${whole(n)}`)
      .join(', ');
    print(
      `  < ${row.subject} ${ROUTES[row.route].label}: ${percent(1 - row.happyShare)} off it; answers ${statuses}`,
    );
  }
}

function printRatios(ratios: readonly PeerRatio[], print: Print): void {
  print('');
  print("CARTA'S RATIOS (Carta / peer: req/s above 1 is faster, p50 and p99 below 1 are quicker)");
  for (const route of new Set(ratios.map((r) => r.route))) {
    const parts = ratios
      .filter((r) => r.route === route)
      .map((r) => `${r.peer} ${times(r.requestsPerSecond)} req/s, p50 ${times(r.p50)}, p99 ${times(r.p99)}`);
    print(`  ${ROUTES[route].label.padEnd(28)}${parts.join('; ')}`);
  }
}

function printTargets(verdicts: readonly TargetVerdict[], print: Print): void {
  print('');
  print('TARGETS (issue 12, from this run; informative, the exit code ignores them)');
  for (const v of verdicts) {
    const shown = v.ratio === undefined ? 'not measured' : `${times(v.ratio)}`;
    const bound = `${v.direction === 'at_least' ? '>=' : '<='} ${times(v.bound)}`;
    print(
      `  ${v.verdict}  ${ROUTES[v.route].label.padEnd(28)}${v.title.padEnd(38)}${shown.padStart(7)}  (${bound})${v.note ? `  ${v.note}` : ''}`,
    );
  }
}

function printProfile({ path, routes }: ProfileReport, print: Print): void {
  print('');
  print(`CARTA'S CPU PROFILE: ${path}`);
  print(
    '  (open it in Chrome DevTools > Performance, or VS Code; lines below are of the JavaScript in dist/)',
  );
  for (const { route, summary } of routes) {
    print('');
    print(
      `  ${ROUTES[route].label}, Carta's measured loads only: ${whole(summary.busyMs)} ms busy of ${whole(summary.totalMs)} ms`,
    );
    print(
      `  self time by origin: ${summary.byOrigin
        .slice(0, 8)
        .map((o) => `${o.origin} ${percent(o.share)}`)
        .join(', ')}`,
    );
    for (const f of summary.top) {
      const via = f.via ? `  via ${f.via.location} (${percent(f.via.share)})` : '';
      print(
        `  ${percent(f.share).padStart(6)} ${whole(f.selfMs).padStart(6)} ms  ${f.functionName.slice(0, 32).padEnd(33)}${f.location}${via}`,
      );
    }
  }
}

/** The --json line: every figure of the report in one object. */
export function httpJsonLine(report: HttpBenchReport): string {
  return JSON.stringify(report);
}

const whole = (n: number): string => Math.round(n).toLocaleString('en');
const ms = (n: number): string => (n < 10 ? n.toFixed(1) : String(Math.round(n)));
const times = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a');
const percent = (share: number): string => (share === 1 ? '100%' : `${(share * 100).toFixed(1)}%`);
