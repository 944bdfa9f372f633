import { randomUUID } from 'node:crypto';
import vm from 'node:vm';
import { readDockerFile } from './docker-paths.js';

/** A request the script made through the stubbed `k6/http`. */
export interface K6Request {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  headers: Record<string, string>;
  tags: Record<string, string>;
}

/** A `check()` the script ran: its name and predicate, to try on chosen responses. */
export interface K6Check {
  name: string;
  accepts(response: { status: number }): boolean;
}

/** A k6 script evaluated in Node with `k6`, `k6/http` and jslib's k6-utils stubbed. */
export interface K6Script {
  options: {
    scenarios?: Record<string, { executor?: string; stages?: { duration: string; target: number }[] }>;
    stages?: { duration: string; target: number }[];
    thresholds?: Record<string, string[]>;
  };
  /** Runs the default function once, as one iteration of one VU. */
  iterate(): void;
  requests: K6Request[];
  checks: K6Check[];
}

type Params = { headers?: Record<string, string>; tags?: Record<string, string> } | undefined;

/**
 * Evaluates docker/k6/<file> in a fresh context with `__ENV` set to `env`, `k6`, `k6/http` and
 * jslib's k6-utils stubbed. Every request answers `{ status: 200 }`; the checks are collected
 * for the test to try.
 *
 * The script is an ES module, but it is run as a classic script (`vm.Script`): its imports
 * become reads of the stubs and its exports assignments (`asClassicScript`). It was evaluated
 * with Node's experimental vm modules (`vm.SourceTextModule`, in a context of its own inside
 * Jest's), and a Jest worker died of SIGSEGV running this spec in 2 of 10 full `npm test` runs
 * (never alone): those modules were the one unusual thing it did.
 */
export function loadK6Script(file: string, env: Record<string, string>): Promise<K6Script> {
  const requests: K6Request[] = [];
  const checks: K6Check[] = [];
  const request = (method: K6Request['method'], url: string, body: string | undefined, params: Params) => {
    requests.push({ method, url, body, headers: { ...params?.headers }, tags: { ...params?.tags } });
    return { status: 200, body: '{}' };
  };
  const stubs: [RegExp, Record<string, unknown>][] = [
    [
      /^k6\/http$/,
      {
        default: {
          get: (url: string, params: Params) => request('GET', url, undefined, params),
          post: (url: string, body: string, params: Params) => request('POST', url, body, params),
        },
      },
    ],
    [
      /^k6$/,
      {
        check: (value: unknown, sets: Record<string, (r: unknown) => boolean>) => {
          for (const [name, predicate] of Object.entries(sets))
            checks.push({ name, accepts: (response) => predicate(response) });
          return true;
        },
        sleep: () => undefined,
      },
    ],
    [/^https:\/\/jslib\.k6\.io\/k6-utils\/[\d.]+\/index\.js$/, { uuidv4: () => randomUUID() }],
  ];
  const stubOf = (specifier: string): Record<string, unknown> => {
    const exports = stubs.find(([pattern]) => pattern.test(specifier))?.[1];
    if (!exports)
      throw new Error(
        `docker/k6/${file} imports ${specifier}, which k6 does not provide and this loader does not stub`,
      );
    return exports;
  };
  const exported: { options?: K6Script['options']; default?: () => void } = {};
  const context = vm.createContext({
    __ENV: env,
    __VU: 1,
    __ITER: 0,
    console,
    [IMPORT_BINDING]: stubOf,
    [EXPORTS_BINDING]: exported,
  });
  const source = asClassicScript(readDockerFile(`k6/${file}`), `docker/k6/${file}`);
  new vm.Script(source, { filename: `docker/k6/${file}` }).runInContext(context);
  if (typeof exported.default !== 'function')
    throw new Error(`docker/k6/${file} exports no default function`);
  const iteration = exported.default;
  return Promise.resolve({ options: exported.options ?? {}, iterate: () => iteration(), requests, checks });
}

const IMPORT_BINDING = '__k6Import';
const EXPORTS_BINDING = '__k6Exports';

/**
 * The module `source` as a classic script, line for line (so errors point at the file's own
 * lines), in strict mode as a module is. Only the forms a k6 script uses are taken: a default
 * or named import of a module, `export const`, `export function` and `export default function`.
 * Anything else left an `import` or `export` behind, and is refused.
 */
export function asClassicScript(source: string, name: string): string {
  const exported: string[] = [];
  const script = source
    .replace(
      /^import\s+(\w+)\s+from\s+'([^']+)';/gm,
      (_all, local: string, from: string) => `const ${local} = ${IMPORT_BINDING}('${from}').default;`,
    )
    .replace(
      /^import\s+\{([^}]*)\}\s+from\s+'([^']+)';/gm,
      (_all, names: string, from: string) => `const {${names}} = ${IMPORT_BINDING}('${from}');`,
    )
    .replace(/^export\s+default\s+function\b/gm, `${EXPORTS_BINDING}.default = function`)
    .replace(/^export\s+(const|function)\s+(\w+)/gm, (_all, kind: string, local: string) => {
      exported.push(local);
      return `${kind} ${local}`;
    });
  const left = /^\s*(import|export)\b.*$/m.exec(script);
  if (left) throw new Error(`${name}: "${left[0].trim()}" is module syntax this loader does not take`);
  const exports = exported.map((local) => `${EXPORTS_BINDING}.${local} = ${local};`).join(' ');
  return `'use strict'; ${script}\n${exports}\n`;
}

/** A k6 duration ("30s", "1m30s", "2h") in seconds. */
export function seconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.map((part) => part[0]).join('') !== duration) throw new Error(`"${duration}" is no k6 duration`);
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  return parts.reduce((total, [, value, suffix]) => total + Number(value) * unit[suffix!]!, 0);
}
