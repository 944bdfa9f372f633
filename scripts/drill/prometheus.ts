// Just enough of the Prometheus text format for the drill: samples with their labels.

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** One sample of a scrape. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a scrape (comments and bad lines skipped). */
export function parsePrometheus(text: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** `{ [labelValue]: value }` of metric `name`, keyed by its `label`. */
export function byLabel(
  samples: readonly PrometheusSample[],
  name: string,
  label: string,
): Record<string, number> {
  const values: Record<string, number> = {};
  for (const s of samples)
    if (s.name === name && s.labels[label] !== undefined) values[s.labels[label]] = s.value;
  return values;
}
