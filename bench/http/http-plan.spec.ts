import { loadPlan } from './http-plan.js';

describe('loadPlan', () => {
  const plan = loadPlan({
    routes: ['products', 'checkout'],
    subjects: ['carta', 'unprotected', 'opossum'],
    rounds: 2,
  });

  it('starts with a warm-up pass (round 0) over every route and subject', () => {
    expect(plan.filter((p) => p.round === 0)).toHaveLength(6);
  });

  it('loads every route on every subject once per measured round', () => {
    for (const round of [1, 2]) {
      const loads = plan.filter((p) => p.round === round).map((p) => `${p.route} ${p.subject}`);
      expect(new Set(loads).size).toBe(6);
    }
  });

  it('finishes one route on every subject before the next route', () => {
    expect(plan.filter((p) => p.round === 1).map((p) => p.route)).toEqual([
      'products',
      'products',
      'products',
      'checkout',
      'checkout',
      'checkout',
    ]);
  });

  it("turns the subjects' order by one each round", () => {
    const firstOf = (round: number) => plan.find((p) => p.round === round && p.route === 'products')?.subject;
    expect([firstOf(0), firstOf(1), firstOf(2)]).toEqual(['carta', 'unprotected', 'opossum']);
  });
});
