// The drill from start to verdict: start the stack, load it, walk the phases, audit the
// orders, write the report. Resolves with the summary; every process it started is stopped.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Stack } from '../lib/stack.mjs';
import { progressLine, resultsTable } from './console.mjs';
import { checkoutKeyPrefix, startLoad } from './load.mjs';
import { DRILL_API_ENV, FLOOD_LANES, MAIN_LANES, PHASES } from './phases.mjs';
import { startProbes } from './probes.mjs';
import { writeReport } from './report.mjs';
import { SampleLog } from './samples.mjs';
import { IN_FLIGHT_GRACE_MS, settle } from './settle.mjs';
import { ShopControl } from './shop.mjs';
import { evaluate, phaseStats } from './targets.mjs';

/** The drill stopped early: Ctrl-C, or a process of the stack died. */
export class DrillAbortedError extends Error {}

const FREE_PORTS = { UPSTREAMS_ADMIN_PORT: '0', CATALOG_PORT: '0', INVENTORY_PORT: '0', PAYMENTS_PORT: '0' };

/** Options: { quick, out, print(line), redisUrl, signal }. */
export async function runDrill({ quick, out, print, redisUrl, signal }) {
  await mkdir(out, { recursive: true });
  const stackLog = createWriteStream(join(out, 'stack.log'));
  const writeLines = prefixedLines(stackLog);
  let crashed = null;
  const stack = new Stack({
    redisUrl,
    upstreamsEnv: FREE_PORTS,
    apiEnv: () => ({ PORT: '0', LOG_LEVEL: 'warn', ...DRILL_API_ENV }),
    onStdout: writeLines,
    stderr: writeLines,
    onExit: (name, code) =>
      (crashed = `${name} exited (${code}) during the drill; its output is in ${join(out, 'stack.log')}`),
  });
  const stopStack = () => stack.stop();
  signal?.addEventListener('abort', stopStack, { once: true });
  let control;
  try {
    const started = await stack.start();
    print(
      `stack up: api ${started.apiUrl}, redis ${started.redisUrl}${started.embedded ? ' (embedded)' : ''}, upstreams admin ${started.ports.admin}`,
    );
    control = new ShopControl(started);
    const abortReason = () => crashed ?? (signal?.aborted ? 'interrupted' : null);
    return await drive({ quick, out, print, apiUrl: started.apiUrl, control, abortReason });
  } finally {
    signal?.removeEventListener('abort', stopStack);
    await control?.close();
    await stack.stop();
    await new Promise((resolve) => stackLog.end(resolve));
  }
}

async function drive({ quick, out, print, apiUrl, control, abortReason }) {
  const mode = quick ? 'quick' : 'full';
  const plan = PHASES.map((p) => ({ ...p, ms: p.seconds[mode] * 1000, notes: [] }));
  const totalS = plan.reduce((sum, p) => sum + p.ms, 0) / 1000;
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const t0 = performance.now();
  const t0Wall = Date.now();
  const now = () => performance.now() - t0;
  const log = new SampleLog();
  // Every order the api accepted (201 or 202): orderId -> the status it was answered with.
  const accepted = new Map();
  const onSample = (sample) => {
    log.add(sample);
    if (sample.route === 'checkout' && (sample.status === 201 || sample.status === 202) && sample.orderId)
      accepted.set(sample.orderId, sample.status);
  };
  const common = { apiUrl, runId, now, onSample };
  const probes = startProbes({ apiUrl, now });
  let loadEnd;
  let audited;
  const settleTimeoutMs = quick ? 30_000 : 45_000;
  try {
    print(
      `drill ${runId} (${mode}): ${plan.length} phases, ${totalS} s of load over ${MAIN_LANES.reduce((n, l) => n + l.connections, 0)} connections`,
    );
    const progress = (t) => ({ lastSecond: log.answeredBetween(t - 1000, t), states: probes.latestStates() });
    await loadThroughPhases({
      plan,
      common,
      control,
      durationS: Math.ceil(totalS + 15),
      now,
      print,
      abortReason,
      progress,
    });
    loadEnd = now();
    audited = await settleOrders({
      control,
      accepted,
      keyPrefix: checkoutKeyPrefix(runId),
      settleTimeoutMs,
      print,
    });
  } finally {
    await probes.stop();
  }

  const phases = plan.filter((p) => p.name !== 'warmup');
  const checks = evaluate({ phases, log, health: probes.health, t0Wall, audit: audited, settleTimeoutMs });
  const summary = {
    drill: {
      runId,
      mode,
      startedAt: new Date(t0Wall).toISOString(),
      loadSeconds: loadEnd / 1000,
      seconds: now() / 1000,
      lanes: MAIN_LANES,
      floodLanes: FLOOD_LANES,
      apiEnv: DRILL_API_ENV,
    },
    pass: checks.every((c) => c.pass),
    phases: phaseStats(plan, log).map((stats, i) => ({ ...stats, expected: plan[i].expected })),
    targets: checks,
    totals: totalsOf(log, audited, probes),
    audit: audited,
  };
  await writeReport({ out, summary, log, probes, plan, endMs: loadEnd });
  print('');
  print(resultsTable(checks));
  return summary;
}

/**
 * Starts the steady load, then walks the phases: each sets its faults, then prints a progress
 * line each second of its length. Stops every load it started, whatever happens.
 */
async function loadThroughPhases({ plan, common, control, durationS, now, print, abortReason, progress }) {
  // Bounded in time (the whole plan plus slack) and in requests (see startLane).
  const load = await startLoad({ ...common, lanes: MAIN_LANES, durationS });
  let flood;
  try {
    for (const phase of plan) {
      const ctx = {
        control,
        note: (text) => phase.notes.push(text),
        startFlood: async () =>
          (flood = await startLoad({
            ...common,
            lanes: FLOOD_LANES,
            durationS: Math.ceil(phase.ms / 1000) + 5,
          })),
        stopFlood: async () => void (await flood?.stop()),
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
    }
  } finally {
    await flood?.stop();
    await load.stop();
  }
}

/** Waits for the captures, then audits orders against payments' ledger, printing the wait. */
async function settleOrders({ control, accepted, keyPrefix, settleTimeoutMs, print }) {
  print(
    `load stopped; after a ${IN_FLIGHT_GRACE_MS / 1000} s grace for requests still in the api, waiting up to ${settleTimeoutMs / 1000} s for the ${accepted.size} accepted orders (and any placed as the load stopped) to be confirmed`,
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

function totalsOf(log, audited, probes) {
  const byStatus = {};
  for (const s of log.samples) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  return {
    requests: log.samples.length,
    byStatus,
    ordersAccepted: audited.accepted,
    ordersConfirmed: audited.confirmed,
    charges: audited.charges,
    healthProbes: {
      answered: probes.health.filter((h) => h.value !== null).length,
      of: probes.health.length,
    },
    metricsScrapes: {
      answered: probes.metrics.filter((m) => m.value !== null).length,
      of: probes.metrics.length,
    },
  };
}

/** Writes each child's output to `stream` line by line, each line prefixed with its name. */
function prefixedLines(stream) {
  const partial = new Map();
  return (name, chunk) => {
    const lines = ((partial.get(name) ?? '') + chunk.toString()).split('\n');
    partial.set(name, lines.pop());
    for (const line of lines) stream.write(`[${name}] ${line}\n`);
  };
}
