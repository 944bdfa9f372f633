import { DEPENDENCY_NAMES, isDependencyName, type DependencyName } from './dependency-name.js';
import type { DependencyFaults } from './dependency-faults.js';
import type { FaultSettings } from './fault-settings.js';
import { UnknownDependencyError } from './unknown-dependency.error.js';

/** The faults of every dependency, looked up by the name an admin request gives. */
export class FaultBoard {
  constructor(private readonly faults: Readonly<Record<DependencyName, DependencyFaults>>) {}

  /** The faults of `name`; throws {@link UnknownDependencyError}. */
  get(name: string): DependencyFaults {
    if (!isDependencyName(name)) throw new UnknownDependencyError(name);
    return this.faults[name];
  }

  /** The settings in force for every dependency. */
  settings(): Record<DependencyName, FaultSettings> {
    return Object.fromEntries(DEPENDENCY_NAMES.map((name) => [name, this.faults[name].settings])) as Record<
      DependencyName,
      FaultSettings
    >;
  }
}
