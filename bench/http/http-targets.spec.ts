import type { PeerRatio, ResultRow } from './http-results.js';
import { judgeTargets, type HttpTarget } from './http-targets.js';

const row = (route: ResultRow['route'], subject: ResultRow['subject'], happyShare = 1): ResultRow => ({
  route,
  subject,
  requestsPerSecond: 1_000,
  p50Ms: 10,
  p99Ms: 30,
  happyShare,
  statuses: {},
  rounds: 3,
});
const ratio = (
  route: PeerRatio['route'],
  peer: PeerRatio['peer'],
  figures: Partial<PeerRatio> = {},
): PeerRatio => ({
  route,
  peer,
  requestsPerSecond: 1,
  p50: 1,
  p99: 1,
  ...figures,
});
const atLeast90: HttpTarget = {
  title: 'req/s >= 0.9x',
  method: 'GET',
  peer: 'unprotected',
  figure: 'requestsPerSecond',
  direction: 'at_least',
  bound: 0.9,
};
const p99AtMost: HttpTarget = {
  ...atLeast90,
  title: 'p99 <= 1.2x',
  figure: 'p99',
  direction: 'at_most',
  bound: 1.2,
};
const rows = [row('products', 'carta'), row('products', 'unprotected')];
const verdictOf = (target: HttpTarget, figures: Partial<PeerRatio>, judged = rows) =>
  judgeTargets(judged, [ratio('products', 'unprotected', figures)], [target])[0];

describe('judgeTargets', () => {
  it('passes a ratio exactly at an at-least bound', () => {
    expect(verdictOf(atLeast90, { requestsPerSecond: 0.9 }).verdict).toBe('PASS');
  });

  it('fails a ratio below an at-least bound', () => {
    expect(verdictOf(atLeast90, { requestsPerSecond: 0.89 }).verdict).toBe('FAIL');
  });

  it('passes a p99 ratio at its at-most bound and fails one above it', () => {
    expect([verdictOf(p99AtMost, { p99: 1.2 }).verdict, verdictOf(p99AtMost, { p99: 1.21 }).verdict]).toEqual(
      ['PASS', 'FAIL'],
    );
  });

  it('fails a ratio within bounds when Carta answered under 99% on the happy path, saying so', () => {
    const verdict = verdictOf(atLeast90, { requestsPerSecond: 2 }, [row('products', 'carta', 0.9), rows[1]]);
    expect(verdict).toMatchObject({
      verdict: 'FAIL',
      note: 'carta answered 10.0% off the happy path: not like for like',
    });
  });

  it('fails a ratio within bounds when the peer answered off the happy path', () => {
    const verdict = verdictOf(atLeast90, { requestsPerSecond: 2 }, [
      rows[0],
      row('products', 'unprotected', 0.5),
    ]);
    expect(verdict.verdict).toBe('FAIL');
  });

  it('judges a GET target on every GET route measured, and never on POST /checkout', () => {
    const judged = judgeTargets(
      [row('products', 'carta'), row('inventory', 'carta'), row('checkout', 'carta')],
      [ratio('products', 'unprotected'), ratio('inventory', 'unprotected'), ratio('checkout', 'unprotected')],
      [atLeast90],
    );
    expect(judged.map((v) => v.route)).toEqual(['products', 'inventory']);
  });

  it('skips a target whose peer was not measured', () => {
    expect(judgeTargets(rows, [], [atLeast90])[0]).toMatchObject({ verdict: 'SKIP', ratio: undefined });
  });

  it("holds POST /checkout to 0.8x the unprotected app's requests a second by default", () => {
    const judged = judgeTargets(
      [row('checkout', 'carta'), row('checkout', 'unprotected')],
      [ratio('checkout', 'unprotected', { requestsPerSecond: 0.8 })],
    );
    expect(judged.map((v) => `${v.verdict} ${v.bound}`)).toEqual(['PASS 0.8']);
  });
});
