// Which metric names a PromQL expression reads, without a PromQL parser: everything that can
// hold an identifier that is not a metric (strings, label matchers, grouping label lists,
// ranges, Grafana variables, numbers and durations) is removed first; of the identifiers left,
// those followed by `(` are functions or aggregations, and a short list are keywords.

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);
const GROUPING = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)/g;
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;
const NAME_MATCHER = /__name__\s*(=~|!=|!~|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g;
const GRAFANA_VARIABLE = /\$\{[^}]*\}|\[\[[^\]]*\]\]|\$\w+/g;
const IDENTIFIER = /^[A-Za-z_:][A-Za-z0-9_:]*/;
const NUMBER = /^[0-9.][0-9A-Za-z_.]*/;

/** The metric names `expr` reads, in order of first use. Throws on unbalanced brackets. */
export function metricNamesIn(expr: string): string[] {
  const names = new Set<string>();
  for (const [, operator, quoted] of expr.matchAll(NAME_MATCHER)) {
    if (operator !== '=')
      throw new Error(`${expr}: __name__${operator} names metrics by pattern, which cannot be checked`);
    names.add(quoted!.slice(1, -1));
  }
  const text = expr.replace(STRING, ' ').replace(/#.*$/gm, ' ').replace(GRAFANA_VARIABLE, ' ');
  checkBalanced(expr, text);
  const bare = text
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(GROUPING, ' ');
  for (let i = 0; i < bare.length;) {
    const rest = bare.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      i += number[0].length;
      continue;
    }
    const identifier = IDENTIFIER.exec(rest);
    if (!identifier) {
      i += 1;
      continue;
    }
    const name = identifier[0];
    i += name.length;
    const isCall = /^\s*\(/.test(bare.slice(i));
    if (!isCall && !KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}

function checkBalanced(expr: string, text: string): void {
  const closing: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const open: string[] = [];
  for (const char of text) {
    if ('([{'.includes(char)) open.push(char);
    else if (char in closing && open.pop() !== closing[char])
      throw new Error(`${expr}: unbalanced "${char}"`);
  }
  if (open.length > 0) throw new Error(`${expr}: "${open.at(-1)}" is never closed`);
}

/** `# TYPE <name> <type>` of a Prometheus text exposition, by name. */
export function exposedMetricTypes(exposition: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)\s*$/gm)) types.set(name!, type!);
  return types;
}

const SERIES_SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  _bucket: ['histogram'],
  _sum: ['histogram', 'summary'],
  _count: ['histogram', 'summary'],
};

/**
 * The metric families `name` can be read from: itself, or a histogram's (or summary's) base
 * when `name` is one of its `_bucket`, `_sum` or `_count` series.
 */
export function familyOf(name: string, types: ReadonlyMap<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const [suffix, kinds] of Object.entries(SERIES_SUFFIXES)) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    if (kinds.includes(types.get(base) ?? '')) return base;
  }
  return undefined;
}

/** The names among `names` that no metric family in `exposition` provides. */
export function missingFromExposition(names: Iterable<string>, exposition: string): string[] {
  const types = exposedMetricTypes(exposition);
  return [...new Set(names)].filter((name) => familyOf(name, types) === undefined).sort();
}
