/** How long one readiness check (a Redis ping, a queue read) may take before it counts as down. */
export const READINESS_CHECK_TIMEOUT_MS = 1_000;
