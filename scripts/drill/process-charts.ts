// The api process over drill time, from GET /metrics each second: its event-loop delay (what
// the load shedder judges by, against the drill's 20 ms target) and its resident memory.
import type { ChartData } from './charts.js';
import type { MetricsValue } from './probes.js';
import { EVENT_LOOP_DELAY_LIMIT_MS } from './rate-targets.js';
import { figure, frame, legend, line, niceStep, svg, type LegendEntry } from './svg.js';

const API_COLOR = '#6a3d9a';
const TARGET_COLOR = '#999999';
const MB = 1024 * 1024;

/** One reading a chart draws, per api. */
type Series = { name: string; points: [number, number | null][] };

function seriesOf(data: ChartData, read: (value: MetricsValue) => number | null): Series[] {
  const sources = data.replicas ?? [{ name: 'api', metrics: data.metrics }];
  return sources.map((source) => ({
    name: source.name,
    points: source.metrics.map((m): [number, number | null] => [m.t, m.value ? read(m.value) : null]),
  }));
}

function processChart({
  data,
  name,
  title,
  caption,
  unit,
  series,
  target,
}: {
  data: ChartData;
  name: string;
  title: string;
  caption: string;
  unit: string;
  series: Series[];
  /** A horizontal line at the target, when the chart has one. */
  target?: number;
}): string {
  const values = series.flatMap((s) => s.points.flatMap(([, v]) => (v === null ? [] : [v])));
  const max = Math.max(1, target ?? 0, ...values);
  const step = niceStep(max);
  const top = Math.ceil((max * 1.05) / step) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => ({
    value: i * step,
    label: `${i * step} ${unit}`,
  }));
  const height = 200;
  const fr = frame({ height, endMs: data.endMs, phases: data.phases, y: { max: top, ticks } });
  const shapes: string[] = [];
  const entries: LegendEntry[] = [];
  series.forEach((s, i) => {
    const dash = i % 2 === 1;
    shapes.push(line(fr, s.points, { color: API_COLOR, name: s.name, dash }));
    entries.push({ name: `${s.name}${dash ? ' (dashed)' : ''}`, color: API_COLOR, dash });
  });
  const drawn = shapes.some(Boolean);
  if (target !== undefined) {
    // Not class="series": the target is no data.
    const y = fr.y(target).toFixed(1);
    shapes.push(
      `<line x1="${fr.left}" x2="${fr.right}" y1="${y}" y2="${y}" stroke="${TARGET_COLOR}" stroke-dasharray="6 4"/>`,
    );
    entries.push({ name: `target ${target} ${unit} (dashed grey)`, color: TARGET_COLOR, dash: true });
  }
  return figure(
    name,
    title,
    caption,
    svg(height, title, fr, shapes) + legend(entries),
    drawn ? null : 'no reading answered',
  );
}

/** The event-loop delay and the resident memory charts. */
export function processCharts(data: ChartData): string[] {
  return [
    processChart({
      data,
      name: 'event-loop',
      title: 'Event-loop delay',
      caption:
        'nodejs_eventloop_delay_seconds from GET /metrics each second: the p99 of a 1 s window, the lower of the last two, as the load shedder judges by.',
      unit: 'ms',
      series: seriesOf(data, (v) => v.eventLoopDelayMs),
      target: EVENT_LOOP_DELAY_LIMIT_MS,
    }),
    processChart({
      data,
      name: 'memory',
      title: 'Resident memory',
      caption: 'process_resident_memory_bytes from GET /metrics each second.',
      unit: 'MB',
      series: seriesOf(data, (v) => (v.rssBytes === null ? null : v.rssBytes / MB)),
    }),
  ];
}
