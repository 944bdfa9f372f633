// The drill from start to verdict: start the stack, load it, walk the phases, audit the
// orders, write the report. Resolves with the summary; every process it started is stopped.
import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PORT_VARIABLES } from '../../apps/upstreams/src/config/upstreams-env.reader.js';
import { Stack, type ChildName, type StartedStack, type UpstreamsEnv } from '../lib/stack.js';
import { progressLine, resultsTable } from './console.js';
import { startBurst } from './burst.js';
import { drillLoadOf, type DrillLoad } from './drill-load.js';
import { totalConnections } from './lane-scaling.js';
import { checkoutKeyPrefix, startLoad, type LoadContext, type RunningLoad } from './load.js';
import {
  BURST_PHASE,
  PHASES,
  phaseSeconds,
  type Phase,
  type PhaseContext,
  type PlannedPhase,
} from './phases.js';
import { startProbes, type BreakerStates, type Probes } from './probes.js';
import type { ReplicaHands } from './replica-hands.js';
import { REDIS_PHASES, replicaPhases } from './replica-phases.js';
import { evaluateReplicas } from './replica-targets.js';
import { evaluateRate } from './rate-targets.js';
import { writeReport } from './report.js';
import { SampleLog, type Sample } from './samples.js';
import { IN_FLIGHT_GRACE_MS, settle, type Accepted, type SettledAudit } from './settle.js';
import { ShopControl } from './shop.js';
import type { DrillSummary, DrillTotals } from './summary.js';
import { evaluate, phaseStats, type View } from './targets.js';

/** The drill stopped early: Ctrl-C, or a process of the stack died. */
export class DrillAbortedError extends Error {
  override readonly name = 'DrillAbortedError';
}

// Every upstreams listener on a free port.
const FREE_PORTS = Object.fromEntries(
  Object.values(PORT_VARIABLES).map((variable) => [variable, '0']),
) as UpstreamsEnv;

/** How {@link runDrill} runs. */
export interface DrillOptions {
  /** The short plan (about a minute of load) instead of the full one. */
  quick: boolean;
  /** Directory of the report. */
  out: string;
  /** Prints one line of progress. */
  print: (line: string) => void;
  /** Use this Redis instead of starting one. */
  redisUrl?: string;
  /** Aborting stops the drill and everything it started. */
  signal?: AbortSignal;
  /** Runs this many `ROLE=api` and `ROLE=worker` processes, and the replicas runbook. @default undefined (one api, the runbook) */
  replicas?: number;
  /**
   * Scales the mixed lanes to about this many requests a second, keys them, and ends the
   * runbook with the burst phase (one api only). @default undefined (the drill's own 110/s, no burst)
   */
  rate?: number;
}

/** Runs the drill; resolves with its summary once everything it started is stopped. */
export async function runDrill({
  quick,
  out,
  print,
  redisUrl,
  signal,
  replicas,
  rate,
}: DrillOptions): Promise<DrillSummary> {
  const load = drillLoadOf(rate);
  await mkdir(out, { recursive: true });
  const stackLog = createWriteStream(join(out, 'stack.log'));
  const writeLines = prefixedLines(stackLog);
  let crashed: string | null = null;
  const stack = new Stack({
    redisUrl,
    replicas,
    upstreamsEnv: FREE_PORTS,
    apiEnv: () => ({ PORT: '0', LOG_LEVEL: 'warn', ...load.apiEnv }),
    onStdout: writeLines,
    stderr: writeLines,
    onExit: (name, code) =>
      (crashed = `${name} exited (${code}) during the drill; its output is in ${join(out, 'stack.log')}`),
  });
  const stopStack = () => void stack.stop();
  signal?.addEventListener('abort', stopStack, { once: true });
  let control: ShopControl | undefined;
  try {
    const started = await stack.start();
    const apis = started.apiUrls.join(', ');
    const workers = started.workers.length > 0 ? `, workers ${started.workers.join(', ')}` : '';
    print(
      `stack up: api ${apis}${workers}, redis ${started.redisUrl}${started.embedded ? ' (embedded)' : ''}, upstreams admin ${started.ports.admin}`,
    );
    control = new ShopControl(started);
    const abortReason = () => crashed ?? (signal?.aborted ? 'interrupted' : null);
    const topology: Topology = {
      started,
      replicas,
      kill: (name) => stack.kill(name),
      redis: stack.embeddedRedis,
    };
    return await drive({ quick, out, print, topology, control, abortReason, load });
  } finally {
    signal?.removeEventListener('abort', stopStack);
    await control?.close();
    await stack.stop();
    await new Promise((resolve) => stackLog.end(resolve));
  }
}

/** The started stack and the drill's hands on its processes. */
interface Topology {
  started: StartedStack;
  replicas: number | undefined;
  kill: ReplicaHands['kill'];
  redis: ReplicaHands['redis'];
}

async function drive({
  quick,
  out,
  print,
  topology,
  control,
  abortReason,
  load,
}: Pick<DrillOptions, 'quick' | 'out' | 'print'> & {
  topology: Topology;
  control: ShopControl;
  abortReason: () => string | null;
  load: DrillLoad;
}): Promise<DrillSummary> {
  const mode = quick ? 'quick' : 'full';
  const { apiUrls, workers, embedded } = topology.started;
  const replicated = topology.replicas !== undefined;
  const phasesToWalk: readonly Phase[] = replicated
    ? replicaPhases({ embeddedRedis: embedded })
    : load.burst
      ? [...PHASES, BURST_PHASE]
      : PHASES;
  const skipped =
    replicated && !embedded
      ? [`${REDIS_PHASES.join(', ')}: REDIS_URL is set, and the drill only kills a Redis it started`]
      : [];
  for (const reason of skipped) print(`skipped ${reason}`);
  // start and end are set as each phase is walked.
  const plan: PlannedPhase[] = phasesToWalk.map((p) => ({
    ...p,
    ms: phaseSeconds(p, { mode, rate: load.rate }) * 1000,
    notes: [],
    start: Number.NaN,
    end: Number.NaN,
    printedNotes: 0,
  }));
  const totalS = plan.reduce((sum, p) => sum + p.ms, 0) / 1000;
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const t0 = performance.now();
  const t0Wall = Date.now();
  const now = () => performance.now() - t0;
  const log = new SampleLog();
  // Every order the api accepted (201 or 202): orderId -> the status it was answered with.
  const accepted: Accepted = new Map();
  const onSample = (sample: Sample) => {
    log.add(sample);
    if (sample.route === 'checkout' && (sample.status === 201 || sample.status === 202) && sample.orderId)
      accepted.set(sample.orderId, sample.status);
  };
  const common: LoadContext = { apiUrls, runId, now, onSample };
  const replicaProbes = apiUrls.map((apiUrl) => startProbes({ apiUrl, now }));
  const probes = replicaProbes[0];
  const hands: ReplicaHands | undefined = replicated
    ? { apiUrls, workers, kill: topology.kill, redis: topology.redis, now, findings: {}, pending: [] }
    : undefined;
  let loadEnd: number;
  let audited: SettledAudit;
  const settleTimeoutMs = quick ? 30_000 : 45_000;
  try {
    print(
      `drill ${runId} (${mode}): ${plan.length} phases, ${totalS} s of load over ${totalConnections(load.lanes)} connections` +
        (load.rate === null ? '' : `, about ${load.rate} requests/s asked`),
    );
    const progress = (t: number) => ({
      lastSecond: log.answeredBetween(t - 1000, t),
      states: probes.latestStates(),
    });
    await loadThroughPhases({
      plan,
      common,
      replicas: hands,
      control,
      durationS: Math.ceil(totalS + 15),
      now,
      print,
      abortReason,
      progress,
      load,
    });
    loadEnd = now();
    audited = await settleOrders({
      control,
      accepted,
      keyPrefix: checkoutKeyPrefix(runId),
      settleTimeoutMs,
      print,
    });
    // The watches started by the phases end on their own (bounded); their findings are judged.
    await Promise.all(hands?.pending ?? []);
  } finally {
    await Promise.all(replicaProbes.map((p) => p.stop()));
  }
  for (const phase of plan)
    for (const note of phase.notes.slice(phase.printedNotes)) print(`  ${phase.title}: ${note}`);

  const phases = plan.filter((p) => p.name !== 'warmup');
  const { burst } = load;
  const input = {
    phases,
    log,
    health: probes.health,
    t0Wall,
    audit: audited,
    settleTimeoutMs,
    moreChecks:
      load.rate === null || burst === null
        ? undefined
        : (view: View) => evaluateRate(view, { rate: load.rate ?? 0, metrics: probes.metrics, burst }),
  };
  const checks = hands
    ? evaluateReplicas({
        ...input,
        replicaHealth: replicaProbes.map((p) => p.health),
        findings: hands.findings,
      })
    : evaluate(input);
  const summary: DrillSummary = {
    drill: {
      runId,
      mode,
      startedAt: new Date(t0Wall).toISOString(),
      loadSeconds: loadEnd / 1000,
      seconds: now() / 1000,
      lanes: load.lanes,
      floodLanes: load.floodLanes,
      apiEnv: load.apiEnv,
      rate: load.rate,
      burst: load.burst,
      replicas: topology.replicas ?? 1,
      skipped,
    },
    pass: checks.every((c) => c.pass),
    phases: phaseStats(plan, log).map((stats, i) => ({ ...stats, expected: plan[i].expected })),
    targets: checks,
    totals: totalsOf(log, audited, replicaProbes),
    audit: audited,
  };
  await writeReport({
    out,
    summary,
    log,
    probes,
    replicaProbes: replicated ? replicaProbes : undefined,
    plan,
    endMs: loadEnd,
  });
  print('');
  print(resultsTable(checks));
  const reached = checks.find((c) => c.values.reached !== undefined)?.values.reached ?? null;
  if (load.rate !== null && reached !== null)
    print(`\nthe mixed lanes reached ${reached.toFixed(0)} requests/s answered of the ${load.rate} asked`);
  return summary;
}

/**
 * Starts the steady load, then walks the phases: each sets its faults, then prints a progress
 * line each second of its length. Stops every load it started, whatever happens.
 */
async function loadThroughPhases({
  plan,
  common,
  replicas,
  control,
  durationS,
  now,
  print,
  abortReason,
  progress,
  load: { lanes, floodLanes, burst },
}: {
  load: DrillLoad;
  plan: PlannedPhase[];
  common: LoadContext;
  replicas: ReplicaHands | undefined;
  control: ShopControl;
  durationS: number;
  now: () => number;
  print: (line: string) => void;
  abortReason: () => string | null;
  progress: (t: number) => { lastSecond: Sample[]; states: BreakerStates | null };
}): Promise<void> {
  // Bounded in time (the whole plan plus slack) and in requests (see startLane).
  const mixed = await startLoad({ ...common, lanes, durationS });
  let flood: RunningLoad | undefined;
  let burstLoad: RunningLoad | undefined;
  try {
    for (const phase of plan) {
      const ctx: PhaseContext = {
        control,
        note: (text) => phase.notes.push(text),
        startFlood: async () =>
          (flood = await startLoad({
            ...common,
            lanes: floodLanes,
            durationS: Math.ceil(phase.ms / 1000) + 5,
          })),
        stopFlood: async () => void (await flood?.stop()),
        startBurst: async () => {
          if (burst === null) throw new Error('the burst phase needs --rate');
          burstLoad = await startBurst({
            settings: burst,
            common,
            durationS: Math.ceil(phase.ms / 1000) + 5,
            note: (text) => phase.notes.push(text),
          });
        },
        stopBurst: async () => void (await burstLoad?.stop()),
        replicas,
      };
      await phase.enter(ctx);
      phase.start = now();
      for (let tick = 1; tick * 1000 <= phase.ms; tick++) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, phase.start + tick * 1000 - now())));
        const reason = abortReason();
        if (reason) throw new DrillAbortedError(reason);
        const t = now();
        print(progressLine({ phase, elapsedMs: t - phase.start, totalMs: phase.ms, ...progress(t) }));
      }
      phase.end = now();
      await phase.leave?.(ctx);
      for (const note of phase.notes) print(`  ${phase.title}: ${note}`);
      phase.printedNotes = phase.notes.length;
    }
  } finally {
    await flood?.stop();
    await burstLoad?.stop();
    await mixed.stop();
  }
}

/** Waits for the captures, then audits orders against payments' ledger, printing the wait. */
async function settleOrders({
  control,
  accepted,
  keyPrefix,
  settleTimeoutMs,
  print,
}: {
  control: ShopControl;
  accepted: Accepted;
  keyPrefix: string;
  settleTimeoutMs: number;
  print: (line: string) => void;
}): Promise<SettledAudit> {
  print(
    `load stopped; after a ${IN_FLIGHT_GRACE_MS / 1000} s grace for requests still in the api, ` +
      `waiting up to ${settleTimeoutMs / 1000} s for the ${accepted.size} accepted orders ` +
      '(and any placed as the load stopped) to be confirmed',
  );
  let printedAt = -Infinity;
  return settle({
    control,
    accepted,
    keyPrefix,
    timeoutMs: settleTimeoutMs,
    onProgress: ({ open, of, waitedMs }) => {
      if (open > 0 && waitedMs - printedAt < 1000) return;
      printedAt = waitedMs;
      print(`  settle ${(waitedMs / 1000).toFixed(0)} s: ${of - open}/${of} confirmed`);
    },
  });
}

function totalsOf(log: SampleLog, audited: SettledAudit, replicaProbes: readonly Probes[]): DrillTotals {
  const health = replicaProbes.flatMap((p) => p.health);
  const metrics = replicaProbes.flatMap((p) => p.metrics);
  const byStatus: Record<string, number> = {};
  for (const s of log.samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  return {
    requests: log.samples.length,
    byStatus,
    ordersAccepted: audited.accepted,
    ordersConfirmed: audited.confirmed,
    charges: audited.charges,
    healthProbes: { answered: health.filter((h) => h.value !== null).length, of: health.length },
    metricsScrapes: { answered: metrics.filter((m) => m.value !== null).length, of: metrics.length },
  };
}

/** Writes each child's output to `stream` line by line, each line prefixed with its name. */
function prefixedLines(stream: WriteStream): (name: ChildName, chunk: Buffer) => void {
  const partial = new Map<ChildName, string>();
  return (name, chunk) => {
    const lines = ((partial.get(name) ?? '') + chunk.toString()).split('\n');
    partial.set(name, lines.pop() ?? '');
    for (const line of lines) stream.write(`[${name}] ${line}\n`);
  };
}
