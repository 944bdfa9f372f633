import type { PolicyConfig } from '@carta/resilience';
import { createDependencyHttp } from './dependency-http.client.js';

/** Builds a dependency's client from its policy: pool = bulkhead size, read timeout = attempt timeout. */
export function httpForPolicy(baseURL: string, policy: PolicyConfig, connectTimeoutMs: number): ReturnType<typeof createDependencyHttp> {
  return createDependencyHttp({
    baseURL,
    maxSockets: policy.bulkhead?.maxConcurrent ?? 10,
    connectTimeoutMs,
    // The policy's timeout cancels first through the attempt signal; this only backs it up.
    readTimeoutMs: (policy.timeoutMs ?? 10_000) + 100,
  });
}
