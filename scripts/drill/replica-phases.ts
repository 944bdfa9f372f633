// The runbook for the replicas topology (`--replicas 2`): two apis and two workers on one
// Redis, through a payments failure both breakers must see together, a worker killed
// mid-capture, and a Redis killed and restarted under load.
import type { Phase, PhaseContext } from './phases.js';
import type { ReplicaHands } from './replica-hands.js';
import { paymentsState, watchBreakersOpen, watchConfirmed } from './replica-watch.js';

/** Under payments' 2 s attempt timeout: captures succeed, each in flight this long. */
export const CAPTURE_SLOW_MS = 1_500;
/** Captures running (over both workers) before the kill: with 5 slots each, the doomed one holds some. */
const IN_FLIGHT_BEFORE_KILL = 6;
/**
 * Longest wait for the breaker to close (its next probe, up to 3 s away, takes 1.5 s) and for
 * the woken captures to be running, before killing anyway.
 */
const IN_FLIGHT_WAIT_MS = 10_000;
/** How long the watches of the captures and the breakers go on. */
const WATCH_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function handsOf(ctx: PhaseContext): ReplicaHands {
  if (!ctx.replicas) throw new Error('a replicas phase ran without the replicas topology');
  return ctx.replicas;
}

const warmup: Phase = {
  name: 'warmup',
  title: 'warm-up',
  seconds: { full: 4, quick: 3 },
  expected: 'not checked: warms the JIT, the pools and the catalog cache of both apis',
  enter: async () => {},
};

const baseline: Phase = {
  name: 'baseline',
  title: 'baseline',
  seconds: { full: 15, quick: 5 },
  expected: 'every answer 2xx from both apis; every checkout 201 confirmed',
  enter: async () => {},
};

const paymentsFailing: Phase = {
  name: 'payments-failing',
  title: 'payments failing',
  seconds: { full: 12, quick: 6 },
  expected:
    'payments answers every call 503: the shared breaker opens on both apis together, after ' +
    'failureThreshold failures in all; checkouts answer 202 (captures queued); no 5xx',
  enter: async (ctx) => {
    const hands = handsOf(ctx);
    // Counted from zero, so the failures payments answers are exactly those of this fault.
    await ctx.control.resetPaymentsStats();
    await ctx.control.setFaults('payments', { failRate: 1 });
    hands.pending.push(
      watchBreakersOpen({ ...hands, control: ctx.control, timeoutMs: WATCH_MS }).then((found) => {
        hands.findings.breakers = found;
        ctx.note(
          `payments answered ${found.paymentsCalls ?? 'n/a'} failed calls before both apis reported its breaker open`,
        );
      }),
    );
  },
};

const workerCrash: Phase = {
  name: 'worker-crash',
  title: 'worker killed',
  seconds: { full: 15, quick: 10 },
  expected:
    `payments answers after ${CAPTURE_SLOW_MS} ms, so the queued captures are in flight; one worker is ` +
    'killed with SIGKILL: the other finishes its captures within 15 s; checkouts 201/202, no 5xx',
  enter: async (ctx) => {
    const hands = handsOf(ctx);
    await ctx.control.setFaults('payments', { latencyMs: CAPTURE_SLOW_MS });
    // Killed once captures are running for real: a worker killed while it holds the half-open
    // breaker's probe would stall every replica until the probe's lease lapses, another failure.
    const deadline = hands.now() + IN_FLIGHT_WAIT_MS;
    let inFlight: string[] = [];
    let closed = false;
    while (!(closed && inFlight.length >= IN_FLIGHT_BEFORE_KILL) && hands.now() < deadline) {
      await sleep(100);
      closed = (await paymentsState(hands.apiUrls[0])) === 'closed';
      inFlight = closed ? await ctx.control.activeCaptures() : [];
    }
    const worker = hands.workers[0];
    await hands.kill(worker);
    const killedAt = hands.now();
    ctx.note(
      `${worker} killed (SIGKILL) with ${inFlight.length} captures in flight over both workers, the payments breaker ${closed ? 'closed' : 'not yet closed'}`,
    );
    const crash = { worker, killedAt, inFlight, finishedAt: null as number | null };
    hands.findings.crash = crash;
    hands.pending.push(
      watchConfirmed({ orderIds: inFlight, control: ctx.control, now: hands.now, timeoutMs: WATCH_MS }).then(
        (at) => {
          crash.finishedAt = at;
          ctx.note(
            at === null
              ? `the captures in flight at the kill were not all confirmed within ${WATCH_MS / 1000} s`
              : `the captures in flight at the kill were all confirmed ${((at - killedAt) / 1000).toFixed(1)} s after it`,
          );
        },
      ),
    );
  },
};

const paymentsRecovers: Phase = {
  name: 'payments-recovers',
  title: 'payments recovers',
  seconds: { full: 10, quick: 6 },
  expected: 'payments is healthy: both apis see the breaker closed, checkouts 201, queued captures drain',
  enter: ({ control }) => control.setFaults('payments', {}),
};

const redisDown: Phase = {
  name: 'redis-down',
  title: 'redis down',
  seconds: { full: 8, quick: 4 },
  expected:
    'redis-server killed (SIGKILL): checkouts answer 503 storage_unavailable with Retry-After, ' +
    'each within 1 s; the catalog keeps answering live; no process exits',
  enter: async (ctx) => {
    const hands = handsOf(ctx);
    await hands.redis?.kill('SIGKILL');
    hands.findings.redis = { killedAt: hands.now(), backAt: null };
  },
};

const redisBack: Phase = {
  name: 'redis-back',
  title: 'redis back',
  seconds: { full: 12, quick: 8 },
  expected:
    'redis-server restarted on its append-only file: checkouts answer 201 again within 10 s, ' +
    'with no restart of the apis or workers',
  enter: async (ctx) => {
    const hands = handsOf(ctx);
    await hands.redis?.restart();
    if (hands.findings.redis) hands.findings.redis.backAt = hands.now();
  },
};

/** The Redis phases need the drill's own Redis; with REDIS_URL they are left out. */
export const REDIS_PHASES = ['redis-down', 'redis-back'] as const;

/** The replicas runbook; without an embedded Redis, {@link REDIS_PHASES} are left out. */
export function replicaPhases({ embeddedRedis }: { embeddedRedis: boolean }): readonly Phase[] {
  const all = [warmup, baseline, paymentsFailing, workerCrash, paymentsRecovers, redisDown, redisBack];
  return embeddedRedis ? all : all.filter((p) => !(REDIS_PHASES as readonly string[]).includes(p.name));
}
