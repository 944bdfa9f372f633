import type { PolicyConfig } from '@carta/resilience';

/**
 * Token of the dependency policies with env overrides applied: the clients size their socket
 * pools from the same bulkhead numbers the registry enforces.
 */
export const RESOLVED_POLICIES = Symbol('RESOLVED_POLICIES');

/** The policies as resolved at boot. */
export type ResolvedPolicies = Record<string, PolicyConfig>;
