// The report page: self-contained (inline CSS, pre-rendered SVG, no script, no network).
import { esc } from './svg.js';
import { ROUTES } from './samples.js';
import type { DrillSummary } from './summary.js';
import type { Check, PhaseStats } from './targets.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.verdict{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;font-weight:600}
.pass{background:#2e7d32}.fail{background:#c62828}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.result{font-weight:600;color:#fff;text-align:center}
figure{margin:18px 0}figcaption{margin-bottom:4px}svg{display:block;max-width:100%;height:auto;background:#fff}
.phase-band{fill:#f3f3f3}.phase-line{stroke:#888;stroke-dasharray:3 3}.phase-label{font-size:10px;fill:#555}
.grid{stroke:#eee}.tick{font-size:10px;fill:#666}.plot-border{fill:none;stroke:#ccc}
.legend{font-size:12px;color:#444}.legend span{margin-right:14px;white-space:nowrap}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px}
.empty{color:#c62828}.meta{color:#555}code{background:#f4f4f4;padding:0 3px}
`;

const ms = (v: number | null): string => (v === null ? '-' : v < 10 ? v.toFixed(1) : String(Math.round(v)));
const counts = (obj: Record<string, number>): string =>
  Object.entries(obj)
    .map(([k, n]) => `${n}&times;${esc(k)}`)
    .join(' ');
const td = (html: string | number, className?: string): string =>
  `<td${className ? ` class="${className}"` : ''}>${html}</td>`;
const tr = (cells: readonly string[], attributes = ''): string => `<tr${attributes}>${cells.join('')}</tr>`;
const thead = (names: readonly string[]): string =>
  `<thead>${tr(names.map((name) => `<th>${name}</th>`))}</thead>`;

function resultsTable(targets: readonly Check[]): string {
  const rows = targets.map((c) =>
    tr(
      [
        td(esc(c.phase)),
        td(esc(c.expected)),
        td(esc(c.observed)),
        td(c.pass ? 'PASS' : 'FAIL', `result ${c.pass ? 'pass' : 'fail'}`),
      ],
      ` data-pass="${c.pass}"`,
    ),
  );
  const head = thead(['phase', 'expected behaviour', 'observed figures', 'result']);
  return `<table id="results" data-results>${head}<tbody>${rows.join('')}</tbody></table>`;
}

function phaseTable(phases: DrillSummary['phases']): string {
  const window = (p: PhaseStats) => `${(p.start / 1000).toFixed(1)}-${(p.end / 1000).toFixed(1)} s`;
  const phaseCell = (p: PhaseStats) =>
    `<td rowspan="${ROUTES.length}">${esc(p.title)}<br><span class="meta">${window(p)}</span></td>`;
  const rows = phases.flatMap((p) =>
    ROUTES.map((route, i) => {
      const r = p.routes[route];
      return tr([
        i === 0 ? phaseCell(p) : '',
        td(route),
        td(r.count, 'num'),
        td(ms(r.p50), 'num'),
        td(ms(r.p99), 'num'),
        td(ms(r.max), 'num'),
        td(counts(r.statuses)),
        td(counts(r.kinds)),
      ]);
    }),
  );
  const head = thead([
    'phase',
    'route',
    'answers',
    'p50 ms',
    'p99 ms',
    'max ms',
    'statuses',
    'answers by kind',
  ]);
  return `<table id="phases">${head}<tbody>${rows.join('')}</tbody></table>`;
}

/** The whole page. */
export function reportHtml({
  summary,
  charts,
}: {
  summary: DrillSummary;
  charts: readonly string[];
}): string {
  const { drill, totals } = summary;
  const failed = summary.targets.filter((c) => !c.pass).length;
  const verdict = summary.pass
    ? '<span class="verdict pass">PASS</span>'
    : `<span class="verdict fail">FAIL (${failed})</span>`;
  const notes = summary.phases
    .flatMap((p) => (p.notes ?? []).map((n) => `<li>${esc(p.title)}: ${esc(n)}</li>`))
    .join('');
  const run = `run <code>${esc(drill.runId)}</code> (${esc(drill.mode)}) started ${esc(drill.startedAt)}`;
  const time = `${drill.loadSeconds.toFixed(1)} s of load, ${drill.seconds.toFixed(1)} s in all`;
  const requests = `${totals.requests} requests (${counts(totals.byStatus)})`;
  const orders = `${totals.ordersAccepted} orders accepted, ${totals.ordersConfirmed} confirmed, ${totals.charges} charges`;
  const health = `/health/dependencies answered ${totals.healthProbes.answered}/${totals.healthProbes.of}`;
  const metrics = `/metrics ${totals.metricsScrapes.answered}/${totals.metricsScrapes.of}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Carta drill ${esc(drill.runId)}</title><style>${CSS}</style></head>
<body>
<h1>Carta resilience drill ${verdict}</h1>
<p class="meta">${run}; ${time};
${requests}; ${orders};
${health}, ${metrics}.</p>
<h2>Results</h2>
${resultsTable(summary.targets)}
<h2>Over time</h2>
<p class="meta">Shaded bands and dashed lines mark the phases. Requests count in the second they were sent.</p>
${charts.join('\n')}
<h2>Per phase</h2>
${phaseTable(summary.phases)}
${notes ? `<h2>Notes</h2><ul>${notes}</ul>` : ''}
</body></html>
`;
}
