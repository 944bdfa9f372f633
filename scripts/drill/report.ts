// drill-report/: summary.json (phases, targets, totals) and index.html (charts and tables).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCharts } from './charts.js';
import { reportHtml } from './html.js';
import type { PlannedPhase } from './phases.js';
import type { Probes } from './probes.js';
import type { SampleLog } from './samples.js';
import type { DrillSummary } from './summary.js';

/**
 * Writes both files into `out`. `plan` holds every phase (warm-up included) with its window;
 * `replicaProbes`, given with several apis, holds each one's probes (the charts draw each api).
 */
export async function writeReport({
  out,
  summary,
  log,
  probes,
  replicaProbes,
  plan,
  endMs,
}: {
  out: string;
  summary: DrillSummary;
  log: SampleLog;
  probes: Pick<Probes, 'health' | 'metrics'>;
  replicaProbes?: readonly Pick<Probes, 'health' | 'metrics'>[];
  plan: readonly PlannedPhase[];
  endMs: number;
}): Promise<void> {
  const phases = plan.map((p, i) => ({ title: p.title, start: p.start, end: plan[i + 1]?.start ?? endMs }));
  const seconds = Math.ceil(endMs / 1000);
  const charts = renderCharts({
    perSecond: log.perSecond(seconds),
    health: probes.health,
    metrics: probes.metrics,
    endMs,
    phases,
    replicas: replicaProbes?.map((p, i) => ({
      name: `api-${i + 1}`,
      perSecond: log.perSecond(seconds, i),
      health: p.health,
      metrics: p.metrics,
    })),
  });
  await writeFile(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(join(out, 'index.html'), reportHtml({ summary, charts }));
}
