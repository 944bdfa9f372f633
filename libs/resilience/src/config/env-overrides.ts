import { InvalidPolicyConfigError, type PolicyConfig } from '../core/index.js';

type Kind = 'number' | 'string';
type Overridable = { path: string[]; kind: Kind };

// Every option an operator may override, by its env suffix. Predicates and nested
// objects other than these are code, not configuration.
const OVERRIDABLE = {
  CIRCUIT_BREAKER_FAILURE_THRESHOLD: { path: ['circuitBreaker', 'failureThreshold'], kind: 'number' },
  CIRCUIT_BREAKER_RESET_TIMEOUT_MS: { path: ['circuitBreaker', 'resetTimeoutMs'], kind: 'number' },
  CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS: { path: ['circuitBreaker', 'halfOpenMaxCalls'], kind: 'number' },
  CIRCUIT_BREAKER_SUCCESS_THRESHOLD: { path: ['circuitBreaker', 'successThreshold'], kind: 'number' },
  CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD: {
    path: ['circuitBreaker', 'failureRateThreshold'],
    kind: 'number',
  },
  CIRCUIT_BREAKER_SLOW_CALL_RATE_THRESHOLD: {
    path: ['circuitBreaker', 'slowCallRateThreshold'],
    kind: 'number',
  },
  CIRCUIT_BREAKER_SLOW_CALL_DURATION_MS: { path: ['circuitBreaker', 'slowCallDurationMs'], kind: 'number' },
  CIRCUIT_BREAKER_WINDOW_TYPE: { path: ['circuitBreaker', 'slidingWindow', 'type'], kind: 'string' },
  CIRCUIT_BREAKER_WINDOW_SIZE: { path: ['circuitBreaker', 'slidingWindow', 'size'], kind: 'number' },
  CIRCUIT_BREAKER_WINDOW_MINIMUM_CALLS: {
    path: ['circuitBreaker', 'slidingWindow', 'minimumCalls'],
    kind: 'number',
  },
  RETRY_MAX_ATTEMPTS: { path: ['retry', 'maxAttempts'], kind: 'number' },
  RETRY_BACKOFF: { path: ['retry', 'backoff'], kind: 'string' },
  RETRY_BASE_DELAY_MS: { path: ['retry', 'baseDelayMs'], kind: 'number' },
  RETRY_MAX_DELAY_MS: { path: ['retry', 'maxDelayMs'], kind: 'number' },
  RETRY_BUDGET_MAX_TOKENS: { path: ['retry', 'budget', 'maxTokens'], kind: 'number' },
  RETRY_BUDGET_TOKEN_RATIO: { path: ['retry', 'budget', 'tokenRatio'], kind: 'number' },
  TIMEOUT_MS: { path: ['timeoutMs'], kind: 'number' },
  DEADLINE_CUT_FAILURE_SHARE: { path: ['deadlineCutFailureShare'], kind: 'number' },
  BULKHEAD_MAX_CONCURRENT: { path: ['bulkhead', 'maxConcurrent'], kind: 'number' },
  BULKHEAD_MAX_QUEUE: { path: ['bulkhead', 'maxQueue'], kind: 'number' },
  BULKHEAD_QUEUE_TIMEOUT_MS: { path: ['bulkhead', 'queueTimeoutMs'], kind: 'number' },
} satisfies Record<string, Overridable>;

/**
 * The options an operator may set, by path in `PolicyConfig` and kind: at boot from the
 * environment, at runtime through `parsePolicyConfigPatch` (one list, so both accept the same).
 */
export const OPERATOR_OPTIONS: readonly Overridable[] = Object.values(OVERRIDABLE);

/** An option settable from the environment: the `<OPTION>` of `RESILIENCE_<POLICY>_<OPTION>`. */
export type EnvOverridableOption = keyof typeof OVERRIDABLE;

/** The env prefix of a policy: `payments` -> `RESILIENCE_PAYMENTS_`, `order-store` -> `RESILIENCE_ORDER_STORE_`. */
export function envPrefixOf(policy: string): string {
  return `RESILIENCE_${policy.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_`;
}

/** Policies with their env overrides applied, and which variable set which option. */
export interface ResolvedEnvOverrides {
  policies: Record<string, PolicyConfig>;
  /** By policy, then option path (`circuitBreaker.failureThreshold`, `timeoutMs`): the variable. */
  sources: Map<string, Map<string, string>>;
}

/**
 * Returns `policies` with every `RESILIENCE_<POLICY>_<OPTION>` variable of `env` applied,
 * e.g. `RESILIENCE_PAYMENTS_TIMEOUT_MS=1500`. An unknown option or a non-numeric number is
 * an {@link InvalidPolicyConfigError} naming the variable, so a typo fails at boot.
 */
export function applyEnvOverrides(
  policies: Record<string, PolicyConfig>,
  env: Record<string, string | undefined>,
): Record<string, PolicyConfig> {
  return resolveEnvOverrides(policies, env).policies;
}

/**
 * {@link applyEnvOverrides}, also saying which variable set each option. Each variable goes
 * to exactly one policy: the one whose name, followed by a known option, spells it. Policy
 * names may prefix one another (`payments`, `payments-retry`): when the variable reads as a
 * known option of two policies it fails the boot naming both; when it reads as one of
 * neither, the error names the policy with the longest matching name.
 */
export function resolveEnvOverrides(
  policies: Record<string, PolicyConfig>,
  env: Record<string, string | undefined>,
): ResolvedEnvOverrides {
  const result: Record<string, PolicyConfig> = {};
  for (const [name, config] of Object.entries(policies)) result[name] = copyConfig(config);
  const sources = new Map<string, Map<string, string>>();
  // Longest name first, so the policy a variable most likely means is named in errors.
  const prefixes = Object.keys(policies)
    .map((name) => ({ name, prefix: envPrefixOf(name) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  for (const [key, raw] of Object.entries(env)) {
    if (raw === undefined || !key.startsWith('RESILIENCE_')) continue;
    const candidates = prefixes.filter(({ prefix }) => key.startsWith(prefix));
    if (candidates.length === 0) continue;
    const fits = candidates.flatMap(({ name, prefix }) => {
      const option = (OVERRIDABLE as Record<string, Overridable | undefined>)[key.slice(prefix.length)];
      return option === undefined ? [] : [{ name, option }];
    });
    if (fits.length > 1) {
      const names = fits.map((fit) => `"${fit.name}"`).join(' and ');
      throw new InvalidPolicyConfigError(fits[0].name, key, `fits the policies ${names}: rename one of them`);
    }
    if (fits.length === 0) {
      throw new InvalidPolicyConfigError(
        candidates[0].name,
        key,
        'is not an option that can be set from the environment',
      );
    }
    const { name, option } = fits[0];
    const value = option.kind === 'number' ? Number(raw) : raw;
    if (option.kind === 'number' && (raw.trim() === '' || !Number.isFinite(value))) {
      throw new InvalidPolicyConfigError(name, key, `must be a number, got "${raw}"`);
    }
    setPath(result[name] as Record<string, unknown>, option.path, value);
    if (!sources.has(name)) sources.set(name, new Map());
    sources.get(name)!.set(option.path.join('.'), key);
  }
  return { policies: result, sources };
}

// Configs hold predicates, which structuredClone rejects: copy the plain-object spine only.
function copyConfig<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyConfig(v)])) as T;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}
