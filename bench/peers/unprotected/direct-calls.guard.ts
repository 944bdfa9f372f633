import { Injectable } from '@nestjs/common';
import type { DependencyName } from '../../../apps/upstreams/src/faults/dependency-name.js';
import type { DependencyGuard } from '../shared/dependency.guard.js';

/** No protection at all: every call goes straight to the dependency. The floor. */
@Injectable()
export class DirectCallsGuard implements DependencyGuard {
  run<T>(_dependency: DependencyName, call: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
    return call(undefined);
  }
}
