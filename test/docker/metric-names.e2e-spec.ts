import { ShopFixture } from '../support/shop.fixture.js';
import { missingFromExposition } from './support/promql-metric-names.js';
import { alertExprs, dashboardExprs, queriedMetrics } from './support/queried-metrics.js';

// The dashboard and the alerts are only as good as the names they query: a typo, or a metric
// renamed in the api, leaves a panel empty or an alert silent without any error. Every name
// they read must be a metric family the real api exposes at GET /metrics.
describe('the metrics the dashboard and the alerts query', () => {
  let shop: ShopFixture;
  let exposition: string;

  beforeAll(async () => {
    shop = await ShopFixture.start();
    const response = await fetch(`${shop.apiUrl}/metrics`);
    exposition = await response.text();
    if (response.status !== 200)
      throw new Error(`GET /metrics answered ${response.status}: ${exposition.slice(0, 500)}`);
  }, 60_000);

  afterAll(() => shop?.stop());

  /** The names among `queried` with no `# TYPE` in the exposition, each with where it is used. */
  const missing = (queried: Map<string, string[]>) =>
    Object.fromEntries(
      missingFromExposition(queried.keys(), exposition).map((name) => [name, queried.get(name)]),
    );

  it('every metric a dashboard panel queries is exposed by the api', () => {
    const queried = queriedMetrics(dashboardExprs());
    expect(queried.size).toBeGreaterThan(0);
    expect(missing(queried)).toEqual({});
  });

  it('every metric an alert rule queries is exposed by the api', () => {
    const queried = queriedMetrics(alertExprs());
    expect(queried.size).toBeGreaterThan(0);
    expect(missing(queried)).toEqual({});
  });
});
