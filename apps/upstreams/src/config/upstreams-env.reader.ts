import { DEPENDENCY_NAMES, type DependencyName } from '../faults/dependency-name.js';
import { parseFaultSettings } from '../faults/fault-settings.parser.js';
import type { FaultSettings } from '../faults/fault-settings.js';
import { isInvalidFaultError } from '../faults/invalid-fault.error.js';
import { messages } from '../upstreams.messages.js';
import type { ListenerName, UpstreamsOptions } from '../upstreams.options.js';
import { InvalidEnvError } from './invalid-env.error.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The env variable that sets each listener's port. */
export const PORT_VARIABLES = {
  admin: 'UPSTREAMS_ADMIN_PORT',
  catalog: 'CATALOG_PORT',
  inventory: 'INVENTORY_PORT',
  payments: 'PAYMENTS_PORT',
} as const satisfies Readonly<Record<ListenerName, string>>;

const FAULT_SUFFIXES: Readonly<Record<keyof FaultSettings, string>> = {
  latencyMs: 'LATENCY_MS',
  jitterMs: 'JITTER_MS',
  failRate: 'FAIL_RATE',
  mode: 'MODE',
  failNext: 'FAIL_NEXT',
  resetNext: 'RESET_NEXT',
};

// Digits only: Number() would also take ' 5', '1e3', '0x10' and '5.0'.
const INTEGER = /^\d+$/;
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Reads the simulator's options from the environment. Unset or empty variables keep their
 * defaults. Throws {@link InvalidEnvError} naming the first bad variable.
 */
export function readUpstreamsEnv(env: Env): UpstreamsOptions {
  const options: UpstreamsOptions = { ports: {}, faults: {} };
  const host = value(env, 'UPSTREAMS_HOST');
  if (host !== undefined) options.host = host;
  for (const [listener, variable] of Object.entries(PORT_VARIABLES) as Array<[ListenerName, string]>) {
    const port = integer(env, variable, 65_535);
    if (port !== undefined) options.ports![listener] = port;
  }
  for (const dependency of DEPENDENCY_NAMES) options.faults![dependency] = faults(env, dependency);
  const stock = integer(env, 'INVENTORY_STOCK', Number.MAX_SAFE_INTEGER);
  if (stock !== undefined) options.inventoryStock = stock;
  return options;
}

function value(env: Env, variable: string): string | undefined {
  const raw = env[variable]?.trim();
  return raw === '' ? undefined : raw;
}

function integer(env: Env, variable: string, max: number): number | undefined {
  const raw = value(env, variable);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!INTEGER.test(raw) || n > max)
    throw new InvalidEnvError(variable, messages.mustBeIntegerIn(0, max), raw);
  return n;
}

// The settings parser checks the values, so env and admin API accept exactly the same ones;
// text that is no plain decimal becomes NaN, which it rejects with the field's requirement.
function faults(env: Env, dependency: DependencyName): FaultSettings {
  const raw: Partial<Record<keyof FaultSettings, string>> = {};
  const fields: Record<string, unknown> = {};
  for (const [field, suffix] of Object.entries(FAULT_SUFFIXES) as Array<[keyof FaultSettings, string]>) {
    const text = value(env, variableOf(dependency, suffix));
    if (text === undefined) continue;
    raw[field] = text;
    fields[field] = field === 'mode' ? text : DECIMAL.test(text) ? Number(text) : Number.NaN;
  }
  try {
    return parseFaultSettings(fields);
  } catch (error) {
    if (!isInvalidFaultError(error)) throw error;
    const field = error.field as keyof FaultSettings;
    throw new InvalidEnvError(
      variableOf(dependency, FAULT_SUFFIXES[field]),
      error.requirement,
      raw[field] ?? '',
    );
  }
}

function variableOf(dependency: DependencyName, suffix: string): string {
  return `${dependency.toUpperCase()}_${suffix}`;
}
