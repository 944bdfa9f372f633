// The report page: self-contained (inline CSS, pre-rendered SVG, no script, no network).
import { esc } from './svg.mjs';
import { ROUTES } from './samples.mjs';

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

const ms = (v) => (v === null || v === undefined ? '-' : v < 10 ? v.toFixed(1) : String(Math.round(v)));
const counts = (obj) =>
  Object.entries(obj)
    .map(([k, n]) => `${n}&times;${esc(k)}`)
    .join(' ');

function resultsTable(targets) {
  const rows = targets
    .map(
      (c) =>
        `<tr data-pass="${c.pass}"><td>${esc(c.phase)}</td><td>${esc(c.expected)}</td><td>${esc(c.observed)}</td><td class="result ${c.pass ? 'pass' : 'fail'}">${c.pass ? 'PASS' : 'FAIL'}</td></tr>`,
    )
    .join('');
  return `<table id="results" data-results><thead><tr><th>phase</th><th>expected behaviour</th><th>observed figures</th><th>result</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function phaseTable(phases) {
  const rows = phases
    .flatMap((p) =>
      ROUTES.map(
        (route, i) =>
          `<tr>${i === 0 ? `<td rowspan="${ROUTES.length}">${esc(p.title)}<br><span class="meta">${(p.start / 1000).toFixed(1)}-${(p.end / 1000).toFixed(1)} s</span></td>` : ''}<td>${route}</td><td class="num">${p.routes[route].count}</td><td class="num">${ms(p.routes[route].p50)}</td><td class="num">${ms(p.routes[route].p99)}</td><td class="num">${ms(p.routes[route].max)}</td><td>${counts(p.routes[route].statuses)}</td><td>${counts(p.routes[route].kinds)}</td></tr>`,
      ),
    )
    .join('');
  return `<table id="phases"><thead><tr><th>phase</th><th>route</th><th>answers</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th><th>statuses</th><th>answers by kind</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The whole page. */
export function reportHtml({ summary, charts }) {
  const { drill, totals } = summary;
  const failed = summary.targets.filter((c) => !c.pass).length;
  const verdict = summary.pass
    ? '<span class="verdict pass">PASS</span>'
    : `<span class="verdict fail">FAIL (${failed})</span>`;
  const notes = summary.phases
    .flatMap((p) => (p.notes ?? []).map((n) => `<li>${esc(p.title)}: ${esc(n)}</li>`))
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Carta drill ${esc(drill.runId)}</title><style>${CSS}</style></head>
<body>
<h1>Carta resilience drill ${verdict}</h1>
<p class="meta">run <code>${esc(drill.runId)}</code> (${esc(drill.mode)}) started ${esc(drill.startedAt)}; ${drill.loadSeconds.toFixed(1)} s of load, ${drill.seconds.toFixed(1)} s in all;
${totals.requests} requests (${counts(totals.byStatus)}); ${totals.ordersAccepted} orders accepted, ${totals.ordersConfirmed} confirmed, ${totals.charges} charges;
/health/dependencies answered ${totals.healthProbes.answered}/${totals.healthProbes.of}, /metrics ${totals.metricsScrapes.answered}/${totals.metricsScrapes.of}.</p>
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
