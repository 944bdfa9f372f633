// Just enough of the Prometheus text format for the drill: samples with their labels.

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample of a scrape: `[{ name, labels, value }]` (comments and bad lines skipped). */
export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key] = value.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** `{ [labelValue]: value }` of metric `name`, keyed by its `label`. */
export function byLabel(samples, name, label) {
  const values = {};
  for (const s of samples)
    if (s.name === name && s.labels[label] !== undefined) values[s.labels[label]] = s.value;
  return values;
}
