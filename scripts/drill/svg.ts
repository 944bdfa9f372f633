// Inline SVG primitives for the report: a time frame with the phases marked, axes, lines,
// stacked bars and state bands. Data-bearing shapes carry class="series", so a test (or a
// reader of the DOM) can tell a drawn chart from an empty frame.

export const WIDTH = 960;
const M = { left: 60, right: 16, top: 36, bottom: 26 };

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const esc = (text: unknown): string => String(text).replace(/[&<>"]/g, (c) => ENTITIES[c]);
const f = (n: number): string => (Math.round(n * 10) / 10).toString();

/** A phase's window on the time axis. */
export interface PhaseWindow {
  title: string;
  start: number;
  end: number;
}

/** The y axis: linear over [0, max], or log10 over [min, max]. */
export interface YAxis {
  log?: boolean;
  min?: number;
  max: number;
  ticks?: { value: number; label: string }[];
}

/** A chart's frame: its scales and the SVG of its background. */
export interface Frame {
  x: (t: number) => number;
  y: (v: number) => number;
  parts: string[];
  top: number;
  plotH: number;
  left: number;
  right: number;
}

/**
 * A chart's frame: x is drill time in ms over [0, endMs], y either linear over [0, yMax] or
 * log10 over [yMin, yMax]. `phases` are shaded and labelled.
 */
export function frame({
  height,
  endMs,
  phases,
  y,
}: {
  height: number;
  endMs: number;
  phases: readonly PhaseWindow[];
  y: YAxis;
}): Frame {
  const plotW = WIDTH - M.left - M.right;
  const plotH = height - M.top - M.bottom;
  const x = (t: number) => M.left + (Math.max(0, Math.min(endMs, t)) / endMs) * plotW;
  const ly = (v: number) => {
    if (y.log) {
      const min = y.min ?? 1;
      const lo = Math.log10(min);
      const hi = Math.log10(y.max);
      return M.top + plotH - ((Math.log10(Math.max(min, Math.min(y.max, v))) - lo) / (hi - lo)) * plotH;
    }
    return M.top + plotH - (Math.max(0, Math.min(y.max, v)) / y.max) * plotH;
  };
  const parts: string[] = [];
  phases.forEach((p, i) => {
    const x0 = x(p.start);
    const x1 = x(p.end);
    if (i % 2 === 1)
      parts.push(
        `<rect class="phase-band" x="${f(x0)}" y="${M.top}" width="${f(x1 - x0)}" height="${plotH}"/>`,
      );
    // Labels on two rows, so the names of short neighbouring phases do not overlap.
    const labelY = i % 2 === 0 ? M.top - 20 : M.top - 6;
    parts.push(
      `<line class="phase-line" x1="${f(x0)}" x2="${f(x0)}" y1="${labelY - 10}" y2="${M.top + plotH}"/>`,
    );
    parts.push(`<text class="phase-label" x="${f(x0 + 3)}" y="${labelY}">${esc(p.title)}</text>`);
  });
  const ticks = y.ticks ?? [];
  for (const tick of ticks) {
    parts.push(
      `<line class="grid" x1="${M.left}" x2="${WIDTH - M.right}" y1="${f(ly(tick.value))}" y2="${f(ly(tick.value))}"/>`,
    );
    parts.push(
      `<text class="tick" x="${M.left - 6}" y="${f(ly(tick.value) + 4)}" text-anchor="end">${esc(tick.label)}</text>`,
    );
  }
  const step = endMs > 120_000 ? 20_000 : 10_000;
  for (let t = 0; t <= endMs; t += step)
    parts.push(
      `<text class="tick" x="${f(x(t))}" y="${height - 8}" text-anchor="middle">${t / 1000} s</text>`,
    );
  parts.push(`<rect class="plot-border" x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}"/>`);
  return { x, y: ly, parts, top: M.top, plotH, left: M.left, right: WIDTH - M.right };
}

/** A polyline through `points` ([t, value], value null = gap); nothing when no point has a value. */
export function line(
  fr: Frame,
  points: readonly (readonly [number, number | null | undefined])[],
  { color, dash, name }: { color: string; dash?: boolean; name: string },
): string {
  let d = '';
  let pen = false;
  for (const [t, v] of points) {
    if (v === null || v === undefined || Number.isNaN(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${f(fr.x(t))},${f(fr.y(v))}`;
    pen = true;
  }
  if (d === '') return '';
  return `<path class="series" data-series="${esc(name)}" d="${d}" fill="none" stroke="${color}" stroke-width="1.6"${dash ? ' stroke-dasharray="4 3"' : ''}/>`;
}

/** A rect from t0 to t1 between values v0 and v1 (a stacked bar's segment, a state band). */
export function box(
  fr: Frame,
  t0: number,
  t1: number,
  v0: number,
  v1: number,
  { color, name, title }: { color: string; name: string; title?: string },
): string {
  const x0 = fr.x(t0);
  const x1 = fr.x(t1);
  const y0 = fr.y(v1);
  const y1 = fr.y(v0);
  const tip = title ? `<title>${esc(title)}</title>` : '';
  return `<rect class="series" data-series="${esc(name)}" x="${f(x0)}" y="${f(y0)}" width="${f(Math.max(0.5, x1 - x0))}" height="${f(Math.max(0.5, y1 - y0))}" fill="${color}">${tip}</rect>`;
}

/** One entry of a legend. */
export interface LegendEntry {
  name: string;
  color: string;
  dash?: boolean;
}

/** Legend entries as HTML (swatch + name). */
export function legend(entries: readonly LegendEntry[]): string {
  return `<div class="legend">${entries.map((e) => `<span><i style="background:${e.color}${e.dash ? ';opacity:.6' : ''}"></i>${esc(e.name)}</span>`).join('')}</div>`;
}

/** The svg element around a frame's parts and the chart's shapes. */
export function svg(height: number, label: string, fr: Frame, shapes: readonly string[]): string {
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${fr.parts.join('')}${shapes.join('')}</svg>`;
}

/** A report figure: its caption, its svg, and a note when it has no data. */
export function figure(
  name: string,
  title: string,
  caption: string,
  body: string,
  empty: string | null,
  replica?: string,
): string {
  const note = empty ? `<p class="empty">No data: ${esc(empty)}</p>` : '';
  const of = replica ? ` data-replica="${esc(replica)}"` : '';
  const heading = replica ? `${title}, ${replica}` : title;
  return `<figure data-chart="${name}"${of}><figcaption><b>${esc(heading)}</b> ${esc(caption)}</figcaption>${body}${note}</figure>`;
}

/** A whole step giving about four gridlines up to `max`. */
export function niceStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
}
