import { envPrefixOf } from '@carta/resilience';
import { DEPENDENCY_NAMES } from '../../apps/upstreams/src/faults/dependency-name.js';
import { peerPoliciesOf } from '../peers/shared/peer-policies.js';

/** The environment of a bench run, and the variables the bench set in it itself. */
export interface BenchEnvironment {
  env: Record<string, string | undefined>;
  /** `NAME=value` of each variable the bench added. */
  set: string[];
}

/**
 * The environment every subject runs in: `env`, plus a bulkhead for each dependency whose
 * policy admits fewer than `connections` calls at once (in flight plus queue), sized to
 * `connections`. Like the rate limit, a bulkhead is a limit the bench sets above its load: at
 * the default inventory bulkhead (5), a checkout load at `-c 50` has part of its reservations
 * refused, which each subject with a bulkhead handles its own way (Carta reserves later from a queued
 * job; the peers answer "unconfirmed" and never reserve), and the checkout ratios would
 * compare degradations, not the happy path. A `RESILIENCE_<DEPENDENCY>_BULKHEAD_*` variable in
 * `env` is kept as it is, so a run can still load a smaller bulkhead on purpose.
 */
export function benchEnvironment(
  env: Record<string, string | undefined>,
  connections: number,
): BenchEnvironment {
  const policies = peerPoliciesOf(env);
  const added: Record<string, string> = {};
  for (const name of DEPENDENCY_NAMES) {
    const prefix = `${envPrefixOf(name)}BULKHEAD_`;
    const setByEnv = Object.keys(env).some((variable) => variable.startsWith(prefix));
    const { maxConcurrent, maxQueue } = policies[name];
    if (!setByEnv && maxConcurrent + maxQueue < connections)
      added[`${prefix}MAX_CONCURRENT`] = String(connections);
  }
  return {
    env: { ...env, ...added },
    set: Object.entries(added).map(([variable, value]) => `${variable}=${value}`),
  };
}
