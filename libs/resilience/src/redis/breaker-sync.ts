import type {
  BreakerLink,
  BreakerSettings,
  BreakerState,
  ProbeResult,
  SharedBreaker,
} from '../core/index.js';
import { settingsPatch, type BreakerReply } from './breaker-reply.js';

/** The breaker scripts a link runs, by the name the store defines them under. */
export type BreakerScript = 'record' | 'acquireProbe' | 'probeDone' | 'setState' | 'configure' | 'read';

/** What a link needs of its store. */
export interface BreakerTransport {
  /** False while Redis is unreachable. */
  readonly up: boolean;
  readonly probeLeaseMs: number;
  /** How long successes may wait for company before they are recorded; failures never wait. */
  readonly successFlushMs: number;
  /** Runs a script for `breaker`; undefined when the store is down or the script failed. */
  run(
    breaker: SharedBreaker,
    script: BreakerScript,
    args: (string | number)[],
  ): Promise<BreakerReply | undefined>;
  /** A lease id unique across replicas. */
  leaseId(): string;
  /** Forgets a link. */
  drop(link: RedisBreakerLink): void;
}

// Outcomes one record script carries at most.
const MAX_BATCH = 1_000;

interface Lease {
  id: string;
  generation: number;
  expiresAt: number;
}

/**
 * One breaker's view of its shared state in Redis: admission stays local and synchronous;
 * outcomes and probe results go to Redis in the background, and every answer (a script's reply
 * or another replica's published change) is adopted when its generation is newer.
 */
export class RedisBreakerLink implements BreakerLink {
  // The shared generation last adopted; -1 until the first read answers.
  private generation = -1;
  private configVersion = 0;
  private permits: Lease[] = [];
  private inFlight: Lease[] = [];
  private asking = false;
  // Outcomes counted while a batch is on its way, one digit each (1 failed + 2 slow), oldest first.
  private outcomes = '';
  // Whether `outcomes` holds a failure, which leaves with the next round trip.
  private urgent = false;
  private recording = false;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly breaker: SharedBreaker,
    private readonly store: BreakerTransport,
  ) {}

  get shared(): boolean {
    return this.store.up;
  }

  /**
   * One script per batch, one batch in flight. A failure leaves with the next round trip (at
   * once when none is on its way), so it waits at most one round trip to count for every
   * replica. Successes only reset a count or fill a window: they wait up to `successFlushMs`
   * for company, so a healthy dependency costs Redis a few scripts a second, not one per call.
   */
  recordOutcome(failed: boolean, slow: boolean): void {
    const outcome = (failed ? 1 : 0) + (slow ? 2 : 0);
    // A Redis that never answers must not grow the batch without end: the newest outcomes are
    // the ones the consecutive count needs.
    this.outcomes =
      this.outcomes.length < MAX_BATCH ? this.outcomes + outcome : this.outcomes.slice(1) + outcome;
    if (failed) this.urgent = true;
    if (!this.recording) this.scheduleOutcomes();
  }

  /** Sends the outcomes still waiting for company (a store settling or closing). */
  flush(): void {
    if (!this.recording && this.outcomes !== '') this.sendOutcomes();
  }

  takeProbe(): boolean {
    const now = Date.now();
    // Redis has already dropped a lease of another generation or past its TTL.
    this.permits = this.permits.filter((p) => p.generation === this.generation && p.expiresAt > now);
    const permit = this.permits.shift();
    if (permit !== undefined) {
      this.inFlight.push(permit);
      return true;
    }
    if (!this.asking) this.askForLease(now);
    return false;
  }

  probeDone(result: ProbeResult): void {
    const lease = this.inFlight.shift();
    if (lease !== undefined) this.send('probeDone', [lease.generation, lease.id, result]);
  }

  setState(state: BreakerState, reason: string): void {
    this.send('setState', [state, reason]);
  }

  reconfigured(settings: BreakerSettings): void {
    this.send('configure', [JSON.stringify(settingsPatch(settings))]);
  }

  unlink(): void {
    clearTimeout(this.flushTimer);
    this.store.drop(this);
  }

  /** Adopts a reply or a published change if it is newer than what this replica has seen. */
  apply(reply: BreakerReply): void {
    if (reply.configVersion > this.configVersion) {
      this.configVersion = reply.configVersion;
      if (reply.config !== '') this.breaker.adoptOptions(JSON.parse(reply.config) as object);
    }
    if (reply.generation > this.generation) {
      // The first answer only says where the shared state stands. A newer generation after it
      // is a transition in Redis, which dropped every lease and the outcomes of the closed state
      // it ended (Redis would refuse them as of another generation).
      if (this.generation !== -1) this.dropLocal();
      this.generation = reply.generation;
      this.breaker.adopt(reply.view);
    } else if (reply.generation === this.generation) {
      this.breaker.adoptCounts(reply.view);
    }
  }

  /** Adopts the shared state whatever this replica saw before (Redis may have restarted empty). */
  resync(reply: BreakerReply): void {
    this.configVersion = Math.min(this.configVersion, reply.configVersion);
    // The same generation in the same state (a resubscription on a Redis that never left) ended
    // nothing: the leases and the outcomes on their way stay valid. Anything else is adopted
    // whole, as a breaker that decided alone during an outage must give way to the shared one.
    if (reply.generation !== this.generation || reply.view.state !== this.breaker.state) {
      this.dropLocal();
      this.generation = -1;
    }
    this.apply(reply);
  }

  private dropLocal(): void {
    this.permits = [];
    this.inFlight = [];
    this.dropOutcomes();
  }

  private askForLease(now: number): void {
    this.asking = true;
    const id = this.store.leaseId();
    const ttl = this.store.probeLeaseMs;
    void this.store.run(this.breaker, 'acquireProbe', [id, ttl]).then((reply) => {
      this.asking = false;
      if (reply === undefined) return;
      this.apply(reply);
      if (reply.granted) this.permits.push({ id, generation: reply.generation, expiresAt: now + ttl });
    });
  }

  private scheduleOutcomes(): void {
    if (this.outcomes === '') return;
    if (this.urgent || this.store.successFlushMs <= 0) return this.sendOutcomes();
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, this.store.successFlushMs);
    // Outcomes waiting for company never keep a process alive.
    this.flushTimer.unref();
  }

  private sendOutcomes(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.outcomes;
    this.outcomes = '';
    this.urgent = false;
    this.recording = true;
    void this.store.run(this.breaker, 'record', [this.generation, batch]).then((reply) => {
      this.recording = false;
      if (reply) this.apply(reply);
      // Store down: the outcomes counted meanwhile stay local, as the breaker decides alone.
      if (reply === undefined) this.dropOutcomes();
      else this.scheduleOutcomes();
    });
  }

  private dropOutcomes(): void {
    this.outcomes = '';
    this.urgent = false;
  }

  private send(script: BreakerScript, args: (string | number)[]): void {
    void this.store.run(this.breaker, script, args).then((reply) => reply && this.apply(reply));
  }
}
