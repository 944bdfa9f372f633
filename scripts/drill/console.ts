// What the drill prints: one live line a second, and the results table at the end.
import type { BreakerState } from '../../libs/resilience/src/core/index.js';
import type { BreakerStates } from './probes.js';
import { countBy, latencyOf, ROUTES, type Sample } from './samples.js';
import type { Check } from './targets.js';

const ms = (v: number | null): string =>
  v === null || v === undefined ? '-' : v < 10 ? v.toFixed(1) : String(Math.round(v));
const SHORT_STATE: Record<BreakerState, string> = {
  closed: 'closed',
  open: 'OPEN',
  half_open: 'HALF',
  forced_open: 'FORCED',
  disabled: 'off',
};

/** `phase  elapsed/total  req/s | route p50/p99 ... | statuses | breakers` over the last second. */
export function progressLine({
  phase,
  elapsedMs,
  totalMs,
  lastSecond,
  states,
}: {
  phase: { title: string };
  elapsedMs: number;
  totalMs: number;
  lastSecond: Sample[];
  states: BreakerStates | null;
}): string {
  const parts = [
    `${phase.title.padEnd(22)} ${(elapsedMs / 1000).toFixed(0).padStart(2)}/${totalMs / 1000}s ${String(lastSecond.length).padStart(4)} req/s`,
  ];
  for (const route of ROUTES) {
    const l = latencyOf(lastSecond.filter((s) => s.route === route && s.status !== 0));
    parts.push(`${route} ${ms(l.p50)}/${ms(l.p99)} ms`);
  }
  const statuses = Object.entries(countBy(lastSecond, (s) => (s.status === 0 ? 'err' : s.status)))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}:${n}`)
    .join(' ');
  parts.push(statuses || 'no answers');
  parts.push(
    states
      ? Object.entries(states)
          .map(([dep, state]) => `${dep} ${(state && SHORT_STATE[state]) ?? state}`)
          .join(', ')
      : 'breakers n/a',
  );
  return parts.join(' | ');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

/** The checks as a plain-text table: phase | expected behaviour | observed figures | PASS/FAIL. */
export function resultsTable(checks: readonly Check[]): string {
  const widths = [22, 52, 62, 4];
  const rows = [
    ['phase', 'expected behaviour', 'observed figures', 'result'],
    ...checks.map((c) => [c.phase, c.expected, c.observed, c.pass ? 'PASS' : 'FAIL']),
  ];
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const out: string[] = [];
  rows.forEach((row, i) => {
    const cells = row.map((cell, j) => wrap(String(cell), widths[j]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let k = 0; k < height; k++)
      out.push(
        cells
          .map((c, j) => (c[k] ?? '').padEnd(widths[j]))
          .join(' | ')
          .trimEnd(),
      );
    if (i === 0 || i === rows.length - 1) out.push(rule);
    else out.push('');
  });
  return out.join('\n');
}
