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
 * Evaluates docker/k6/<file> as an ES module in a fresh context (Node's vm modules, which
 * Jest's --experimental-vm-modules enables), with `__ENV` set to `env`. Every request answers
 * `{ status: 200 }`; the checks are collected for the test to try.
 */
export async function loadK6Script(file: string, env: Record<string, string>): Promise<K6Script> {
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
  const context = vm.createContext({ __ENV: env, __VU: 1, __ITER: 0, console });
  const module = new vm.SourceTextModule(readDockerFile(`k6/${file}`), {
    identifier: `docker/k6/${file}`,
    context,
  });
  await module.link((specifier) => {
    const exports = stubs.find(([pattern]) => pattern.test(specifier))?.[1];
    if (!exports)
      throw new Error(
        `docker/k6/${file} imports ${specifier}, which k6 does not provide and this loader does not stub`,
      );
    return new vm.SyntheticModule(
      Object.keys(exports),
      function (this: vm.SyntheticModule) {
        for (const [name, value] of Object.entries(exports)) this.setExport(name, value);
      },
      { context },
    );
  });
  await module.evaluate();
  const namespace = module.namespace as { options?: K6Script['options']; default?: () => void };
  if (typeof namespace.default !== 'function')
    throw new Error(`docker/k6/${file} exports no default function`);
  const iteration = namespace.default;
  return { options: namespace.options ?? {}, iterate: () => iteration(), requests, checks };
}

/** A k6 duration ("30s", "1m30s", "2h") in seconds. */
export function seconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.map((part) => part[0]).join('') !== duration) throw new Error(`"${duration}" is no k6 duration`);
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
  return parts.reduce((total, [, value, suffix]) => total + Number(value) * unit[suffix!]!, 0);
}
