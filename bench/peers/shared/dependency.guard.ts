import type { DependencyName } from '../../../apps/upstreams/src/faults/dependency-name.js';

/**
 * How a peer protects its calls to one dependency: the one part that differs between peers
 * (nothing, opossum, cockatiel). `signal`, when the guard gives one, aborts the HTTP request
 * once the guard has given up on it (a timeout).
 */
export interface DependencyGuard {
  run<T>(dependency: DependencyName, call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T>;
}

/** Token of the peer's {@link DependencyGuard}. */
export const DEPENDENCY_GUARD = Symbol('DEPENDENCY_GUARD');
