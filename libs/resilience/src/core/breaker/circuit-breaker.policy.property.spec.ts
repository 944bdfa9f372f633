import fc from 'fast-check';
import { FakeClock } from '../clock/fake-clock.js';
import { EventStream } from '../events/event-stream.js';
import type { BreakerState } from './breaker-state.js';
import { CircuitBreakerPolicy, REJECTED } from './circuit-breaker.policy.js';

// Random sequences of acquire / succeed / fail / ignored failure / advance clock against a
// breaker with no sliding window and no open backoff. The model below is built only from
// what the test did and the state_change events the breaker reported.

const STATES: readonly BreakerState[] = ['closed', 'open', 'half_open', 'forced_open', 'disabled'];
const counted = Object.assign(new Error('upstream 503'), { status: 503 });
const ignored = Object.assign(new Error('not found'), { status: 404 });

const opArb = fc.oneof(
  { arbitrary: fc.constant({ op: 'acquire' as const }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('succeed' as const), pick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('fail' as const), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('ignore' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 6_000 }) }),
    weight: 2,
  },
  // Lands near the end of the open interval, where off-by-one admissions would hide.
  {
    arbitrary: fc.record({ op: fc.constant('nearReset' as const), offset: fc.integer({ min: -2, max: 1 }) }),
    weight: 1,
  },
);
type Op = typeof opArb extends fc.Arbitrary<infer O> ? O : never;

const optionsArb = fc.record({
  failureThreshold: fc.integer({ min: 1, max: 5 }),
  resetTimeoutMs: fc.integer({ min: 1, max: 10_000 }),
  halfOpenMaxCalls: fc.integer({ min: 1, max: 3 }),
  successThreshold: fc.integer({ min: 1, max: 3 }),
});
type Options = typeof optionsArb extends fc.Arbitrary<infer O> ? O : never;

interface Ticket {
  ticket: number;
  epoch: number;
}

/** A breaker plus what the test knows about it: outstanding tickets, epochs, the last change. */
class Harness {
  readonly clock = new FakeClock(0);
  readonly breaker: CircuitBreakerPolicy;
  /** Bumped on every reported state change; tickets of older epochs are stale. */
  epoch = 0;
  lastChange: { from: BreakerState; to: BreakerState; at: number; reason: string } | undefined;
  /** Counted failures of current closed-state calls since the last success or close. */
  consecutive = 0;
  outstanding: Ticket[] = [];
  readonly violations: string[] = [];

  constructor(readonly options: Options) {
    const events = new EventStream();
    events.subscribe((e) => {
      if (e.type !== 'state_change') return;
      this.epoch++;
      this.lastChange = { from: e.from, to: e.to, at: e.at, reason: e.reason };
      if (e.from === 'closed' && e.to === 'open' && this.consecutive !== options.failureThreshold) {
        this.violations.push(
          `opened from closed after ${this.consecutive} consecutive failures (${e.reason})`,
        );
      }
      if (e.to === 'closed') this.consecutive = 0;
    });
    this.breaker = new CircuitBreakerPolicy('p', options, { clock: this.clock, events });
  }

  /** While open and before the reset timeout, as the events say. */
  get openAndWaiting(): boolean {
    const c = this.lastChange;
    return c !== undefined && c.to === 'open' && this.clock.now() < c.at + this.options.resetTimeoutMs;
  }

  apply(op: Op): void {
    if (op.op === 'advance') return this.clock.advance(op.ms);
    if (op.op === 'nearReset') return this.advanceNearReset(op.offset);
    if (op.op === 'acquire') return this.acquire();
    if (this.outstanding.length === 0) return;
    const [done] = this.outstanding.splice(op.pick % this.outstanding.length, 1);
    const current = done.epoch === this.epoch && this.breaker.state === 'closed';
    if (op.op === 'succeed') {
      if (current) this.consecutive = 0;
      this.breaker.onSuccess(done.ticket);
    } else if (op.op === 'fail') {
      if (current) this.consecutive++;
      this.breaker.onFailure(done.ticket, counted);
    } else {
      this.breaker.onFailure(done.ticket, ignored);
    }
  }

  private advanceNearReset(offset: number): void {
    const c = this.lastChange;
    if (c?.to !== 'open') return;
    const target = c.at + this.options.resetTimeoutMs + offset;
    if (target > this.clock.now()) this.clock.advance(target - this.clock.now());
  }

  private acquire(): void {
    const mustReject = this.openAndWaiting;
    const mustAdmit = this.lastChange === undefined || this.lastChange.to === 'closed';
    const probeRoom = this.probeRoom;
    const ticket = this.breaker.tryAcquire();
    if (mustReject && ticket !== REJECTED)
      this.violations.push(`admitted a call while open at ${this.clock.now()}`);
    if (mustAdmit && ticket === REJECTED)
      this.violations.push(`rejected a call while closed at ${this.clock.now()}`);
    if (probeRoom && ticket === REJECTED)
      this.violations.push(`rejected a probe with room for more at ${this.clock.now()}`);
    if (ticket !== REJECTED) this.outstanding.push({ ticket, epoch: this.epoch });
  }

  /** Half-open (or due to be), with fewer than halfOpenMaxCalls probes in flight. */
  private get probeRoom(): boolean {
    const c = this.lastChange;
    if (c?.to === 'open') return !this.openAndWaiting;
    return c?.to === 'half_open' && this.probesInFlight < this.options.halfOpenMaxCalls;
  }

  /** Probes admitted in the current half-open epoch and not yet finished. */
  get probesInFlight(): number {
    return this.outstanding.filter((t) => t.epoch === this.epoch).length;
  }
}

function run(options: Options, ops: Op[], check: (h: Harness) => void): void {
  const h = new Harness(options);
  for (const op of ops) {
    h.apply(op);
    check(h);
  }
}

const scenario = [optionsArb, fc.array(opArb, { maxLength: 100, size: 'max' })] as const;

describe('CircuitBreakerPolicy invariants (property)', () => {
  it('is always in one of its five states', () => {
    fc.assert(
      fc.property(...scenario, (options, ops) =>
        run(options, ops, (h) => expect(STATES).toContain(h.breaker.state)),
      ),
    );
  });

  it('never has more than halfOpenMaxCalls admitted probes in flight while half-open', () => {
    fc.assert(
      fc.property(...scenario, (options, ops) =>
        run(options, ops, (h) => {
          if (h.breaker.state !== 'half_open') return;
          expect(h.probesInFlight).toBeLessThanOrEqual(options.halfOpenMaxCalls);
          expect(h.breaker.snapshot().halfOpenInFlight).toBeLessThanOrEqual(options.halfOpenMaxCalls);
        }),
      ),
    );
  });

  it('admits a probe whenever fewer than halfOpenMaxCalls are in flight while half-open', () => {
    fc.assert(
      fc.property(...scenario, (options, ops) => {
        const h = new Harness(options);
        for (const op of ops) h.apply(op);
        expect(h.violations.filter((v) => v.startsWith('rejected a probe'))).toEqual([]);
      }),
    );
  });

  it('rejects every call while open, until the reset timeout has passed', () => {
    fc.assert(
      fc.property(...scenario, (options, ops) => {
        const h = new Harness(options);
        for (const op of ops) h.apply(op);
        expect(h.violations.filter((v) => v.startsWith('admitted'))).toEqual([]);
      }),
    );
  });

  it('opens from closed only after exactly failureThreshold consecutive counted failures', () => {
    fc.assert(
      fc.property(...scenario, (options, ops) => {
        const h = new Harness(options);
        for (const op of ops) h.apply(op);
        expect(h.violations.filter((v) => v.startsWith('opened'))).toEqual([]);
      }),
    );
  });

  it('never stays closed once failureThreshold consecutive counted failures are reached', () => {
    fc.assert(
      fc.property(...scenario, (options, ops) =>
        run(options, ops, (h) => {
          if (h.breaker.state === 'closed') expect(h.consecutive).toBeLessThan(options.failureThreshold);
        }),
      ),
    );
  });

  it('admits every call while closed', () => {
    fc.assert(
      fc.property(...scenario, (options, ops) => {
        const h = new Harness(options);
        for (const op of ops) h.apply(op);
        expect(h.violations.filter((v) => v.startsWith('rejected a call'))).toEqual([]);
      }),
    );
  });
});
