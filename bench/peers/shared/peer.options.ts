import type { Type } from '@nestjs/common';
import type { DependencyGuard } from './dependency.guard.js';

/** What makes one peer app: its name and its protection. */
export interface PeerOptions {
  /** Names its Redis keys and queue, so peers sharing one Redis never meet. */
  name: string;
  /** Wraps every call to a dependency. */
  guard: Type<DependencyGuard>;
  /**
   * Degrade as Carta does when a dependency fails: the catalog from a stale copy in Redis
   * (refreshed at most once a second, as Carta's), stock as unknown, a reservation as
   * unconfirmed. The unprotected floor has none, and so keeps no copy.
   */
  fallbacks: boolean;
}

/** Token of the {@link PeerOptions}. */
export const PEER_OPTIONS = Symbol('PEER_OPTIONS');
