// What the replicas topology's phases act on (the workers, the embedded Redis) and what they
// find out along the way, for the targets to judge.
import type { EmbeddedRedis } from '@carta/embedded-redis';
import type { ChildName } from '../lib/stack.js';

/** When each api first reported the payments breaker open, and what payments received until then. */
export interface BreakersFinding {
  /** Drill ms at which each api (by index) was first seen open; null: never within the watch. */
  openAt: (number | null)[];
  /** Calls payments received from the fault until both were seen open; null: not both seen. */
  paymentsCalls: number | null;
}

/** A worker killed with captures in flight, and when those captures were all confirmed. */
export interface CrashFinding {
  worker: ChildName;
  /** Drill ms of the SIGKILL. */
  killedAt: number;
  /** Captures running (on either worker) at the kill: a superset of the dead worker's. */
  inFlight: string[];
  /** Drill ms at which every one of `inFlight` was confirmed; null: not within the watch. */
  finishedAt: number | null;
}

/** What the replicas phases found; each set by the phase that measures it. */
export interface ReplicaFindings {
  breakers?: BreakersFinding;
  crash?: CrashFinding;
  /** Drill ms at which Redis was killed and at which it answered again. */
  redis?: { killedAt: number; backAt: number | null };
}

/** The replicas topology's handles, given to its phases. */
export interface ReplicaHands {
  apiUrls: readonly string[];
  workers: readonly ChildName[];
  /** SIGKILLs one child of the stack (its death is not a crash of the drill). */
  kill: (name: ChildName) => Promise<void>;
  /** The Redis the drill started; undefined with REDIS_URL (the Redis phases are skipped). */
  redis: EmbeddedRedis | undefined;
  /** ms since the drill's t0. */
  now: () => number;
  findings: ReplicaFindings;
  /** Watches that outlive their phase's `enter`; the drill awaits them before judging. */
  pending: Promise<unknown>[];
}
