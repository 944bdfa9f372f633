import { sampleLogOf, walkedPhases } from '../../test/support/walked-phases.js';
import { PHASES } from './phases.js';
import type { Sample } from './samples.js';
import type { SettledAudit } from './settle.js';
import { baseline, viewOf } from './targets.js';

const phases = walkedPhases(PHASES);
const phase = phases.find((p) => p.name === 'baseline')!;

function baselineVerdict(samples: Partial<Sample>[]) {
  const log = sampleLogOf(
    { route: 'checkout', lane: 'checkout', replica: 0, at: 0, ms: 50, status: 201, kind: 'confirmed' },
    [
      { route: 'catalog', lane: 'catalog', at: phase.start + 10, ms: 5, status: 200, kind: 'live' },
      ...samples,
    ],
  );
  return baseline(
    viewOf({ phases, log, health: [], t0Wall: 0, audit: {} as SettledAudit, settleTimeoutMs: 0 }),
  );
}

describe('the baseline target', () => {
  it('passes when every answer is 2xx and every checkout 201', () => {
    expect(baselineVerdict([{ at: phase.start + 100 }, { at: phase.end - 500 }]).pass).toBe(true);
  });

  it('fails on a checkout answered 202 within the baseline', () => {
    const verdict = baselineVerdict([{ at: phase.start + 100 }, { at: phase.start + 200, status: 202 }]);
    expect(verdict.pass).toBe(false);
  });

  it('leaves out a checkout sent in its last moments and answered after it ended (the next phase made payments slow), and says so', () => {
    const verdict = baselineVerdict([
      { at: phase.start + 100 },
      { at: phase.end - 30, ms: 2_050, status: 202, kind: 'pending_payment' },
    ]);
    expect(verdict.pass).toBe(true);
    expect(verdict.observed).toContain('(1 more sent then, answered after it ended: 1x 202)');
  });

  it('judges a request sent earlier than the request budget before the end and still waiting then', () => {
    const verdict = baselineVerdict([
      { at: phase.start + 100 },
      { at: phase.end - 3_500, ms: 10_000, status: 0, kind: '' },
    ]);
    expect(verdict.pass).toBe(false);
  });
});
