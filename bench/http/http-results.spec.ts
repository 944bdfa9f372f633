import { median, peerRatios, summarise, type Measurement, type RoundMeasurement } from './http-results.js';

const measured = (figures: Partial<Measurement>): Measurement => ({
  requestsPerSecond: 1_000,
  p50Ms: 10,
  p99Ms: 30,
  answers: 1_000,
  unhappy: 0,
  errors: 0,
  statuses: { 200: 1_000 },
  ...figures,
});

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('takes the mean of the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('summarise', () => {
  const rounds: RoundMeasurement[] = [
    {
      route: 'products',
      subject: 'carta',
      round: 1,
      measurement: measured({ requestsPerSecond: 900, p99Ms: 40 }),
    },
    {
      route: 'products',
      subject: 'carta',
      round: 2,
      measurement: measured({ requestsPerSecond: 1_100, p99Ms: 20 }),
    },
    {
      route: 'products',
      subject: 'carta',
      round: 3,
      measurement: measured({ requestsPerSecond: 1_000, p99Ms: 90 }),
    },
  ];

  it('takes the median of each figure over the rounds, each figure on its own', () => {
    const [row] = summarise(rounds);
    expect([row.requestsPerSecond, row.p99Ms, row.rounds]).toEqual([1_000, 40, 3]);
  });

  it('counts unhappy answers and unanswered requests against the happy share of every request', () => {
    const [row] = summarise([
      { ...rounds[0], measurement: measured({ answers: 90, unhappy: 10, errors: 10 }) },
      { ...rounds[1], measurement: measured({ answers: 100, unhappy: 0, errors: 0 }) },
    ]);
    expect(row.happyShare).toBeCloseTo(180 / 200);
  });

  it('adds up the statuses of every round, unanswered requests as "error"', () => {
    const [row] = summarise([
      { ...rounds[0], measurement: measured({ statuses: { 200: 5, 503: 1 }, errors: 2 }) },
      { ...rounds[1], measurement: measured({ statuses: { 200: 4 } }) },
    ]);
    expect(row.statuses).toEqual({ 200: 9, 503: 1, error: 2 });
  });

  it('keeps one row per route and subject, in the order first measured', () => {
    const rows = summarise([
      { route: 'checkout', subject: 'opossum', round: 1, measurement: measured({}) },
      { route: 'products', subject: 'carta', round: 1, measurement: measured({}) },
      { route: 'checkout', subject: 'opossum', round: 2, measurement: measured({}) },
    ]);
    expect(rows.map((r) => `${r.route} ${r.subject} ${r.rounds}`)).toEqual([
      'checkout opossum 2',
      'products carta 1',
    ]);
  });
});

describe('peerRatios', () => {
  it("divides Carta's figures by each peer's on the same route", () => {
    const rows = summarise([
      {
        route: 'products',
        subject: 'carta',
        round: 1,
        measurement: measured({ requestsPerSecond: 900, p50Ms: 12, p99Ms: 36 }),
      },
      {
        route: 'products',
        subject: 'unprotected',
        round: 1,
        measurement: measured({ requestsPerSecond: 1_000, p50Ms: 10, p99Ms: 30 }),
      },
      { route: 'checkout', subject: 'opossum', round: 1, measurement: measured({}) },
    ]);
    expect(peerRatios(rows)).toEqual([
      { route: 'products', peer: 'unprotected', requestsPerSecond: 0.9, p50: 1.2, p99: 1.2 },
    ]);
  });
});
