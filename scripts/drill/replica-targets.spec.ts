import { sampleLogOf, walkedPhases } from '../../test/support/walked-phases.js';
import { replicaPhases } from './replica-phases.js';
import { redisDown as redisDownTarget } from './replica-targets.js';
import type { Sample } from './samples.js';
import type { SettledAudit } from './settle.js';
import { viewOf } from './targets.js';

const phases = walkedPhases(replicaPhases({ embeddedRedis: true }));
const redisDown = phases.find((p) => p.name === 'redis-down')!;

function redisDownVerdict(samples: Partial<Sample>[]) {
  const log = sampleLogOf(
    { route: 'checkout', lane: 'checkout', replica: 0, at: 0, ms: 1, status: 200, kind: '' },
    [...samples, { route: 'catalog', lane: 'catalog', at: redisDown.start + 10, ms: 5, kind: 'live' }],
  );
  const view = viewOf({ phases, log, health: [], t0Wall: 0, audit: {} as SettledAudit, settleTimeoutMs: 0 });
  return redisDownTarget({ ...view, replicaHealth: [[], []], findings: {} });
}

const unavailable = { status: 503, kind: 'storage_unavailable', retryAfter: '1', ms: 505 };

describe('the replicas drill: redis down', () => {
  it('passes when every checkout answered while Redis was down is 503 storage_unavailable within 1 s', () => {
    const verdict = redisDownVerdict([
      { ...unavailable, at: redisDown.start + 100 },
      { ...unavailable, at: redisDown.start + 5_000 },
    ]);
    expect(verdict).toMatchObject({ pass: true, values: { checkouts: 2, unavailable: 2 } });
  });

  it('fails on a checkout answered 201 while Redis was still down', () => {
    const verdict = redisDownVerdict([
      { ...unavailable, at: redisDown.start + 100 },
      { status: 201, kind: 'confirmed', at: redisDown.start + 5_000, ms: 400 },
    ]);
    expect(verdict).toMatchObject({ pass: false, values: { checkouts: 2, unavailable: 1 } });
  });

  it('leaves out a checkout sent late in the phase and answered 201 once the next phase was restarting Redis, and says so', () => {
    const verdict = redisDownVerdict([
      { ...unavailable, at: redisDown.start + 100 },
      { status: 201, kind: 'confirmed', at: redisDown.end - 300, ms: 450 },
    ]);
    expect(verdict).toMatchObject({ pass: true, values: { checkouts: 1, unavailable: 1 } });
    expect(verdict.observed).toContain('1 more sent then, answered once Redis was restarting: 1x 201');
  });

  it('judges a checkout sent more than 1 s before the end and still waiting then', () => {
    const verdict = redisDownVerdict([
      { ...unavailable, at: redisDown.start + 100 },
      { status: 201, kind: 'confirmed', at: redisDown.end - 1_500, ms: 1_600 },
    ]);
    expect(verdict).toMatchObject({ pass: false, values: { checkouts: 2, unavailable: 1 } });
  });
});
