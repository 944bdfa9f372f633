/** The simulated services, each behind its own listener with its own faults. */
export const DEPENDENCY_NAMES = ['catalog', 'inventory', 'payments'] as const;

/** One of {@link DEPENDENCY_NAMES}. */
export type DependencyName = (typeof DEPENDENCY_NAMES)[number];

/** True when `name` is one of {@link DEPENDENCY_NAMES}. */
export function isDependencyName(name: string): name is DependencyName {
  return (DEPENDENCY_NAMES as readonly string[]).includes(name);
}
