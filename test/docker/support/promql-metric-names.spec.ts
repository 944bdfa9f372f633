import { familyOf, exposedMetricTypes, metricNamesIn, missingFromExposition } from './promql-metric-names.js';

const EXPOSITION = `# HELP circuit_breaker_state Breaker state.
# TYPE circuit_breaker_state gauge
circuit_breaker_state{service="payments"} 0
# HELP http_client_request_duration_seconds Outbound requests.
# TYPE http_client_request_duration_seconds histogram
http_client_request_duration_seconds_bucket{le="0.5",service="payments"} 3
# TYPE http_client_timeouts_total counter
# TYPE checkout_queue_jobs gauge
`;

describe('metricNamesIn', () => {
  it('finds the metric inside functions and aggregations, not the functions themselves', () => {
    expect(metricNamesIn('sum by (service) (rate(http_client_timeouts_total[5m]))')).toEqual([
      'http_client_timeouts_total',
    ]);
  });

  it('skips label names and values, grouping labels, durations and numbers', () => {
    const expr =
      'histogram_quantile(0.99, sum by (le, route) (rate(http_server_request_duration_seconds_bucket{route!="/metrics", method=~"GET|POST"}[5m] offset 1h))) > 0.5';
    expect(metricNamesIn(expr)).toEqual(['http_server_request_duration_seconds_bucket']);
  });

  it('reads both sides of binary operators and set operators, and grouping written after the aggregation', () => {
    const expr =
      'sum(rate(a_total[1m])) by (service) / on (service) group_left sum(b_total) or c_gauge == 1 and bool d_gauge unless e_gauge';
    expect(metricNamesIn(expr)).toEqual(['a_total', 'b_total', 'c_gauge', 'd_gauge', 'e_gauge']);
  });

  it("ignores Grafana's variables and PromQL's Inf and NaN literals", () => {
    expect(
      metricNamesIn(
        'rate(x_total[$__rate_interval]) > Inf or y_gauge{service="$service"} != NaN or z_gauge{service=~"${service:regex}"}',
      ),
    ).toEqual(['x_total', 'y_gauge', 'z_gauge']);
  });

  it('reads a metric named through __name__, and refuses a name pattern it could not check', () => {
    expect(metricNamesIn('{__name__="queue_jobs", state="waiting"}')).toEqual(['queue_jobs']);
    expect(() => metricNamesIn('{__name__=~"queue_.*"}')).toThrow(/cannot be checked/);
  });

  it('throws on an unbalanced expression rather than guessing at it', () => {
    expect(() => metricNamesIn('sum(rate(x_total[5m])')).toThrow(/never closed/);
    expect(() => metricNamesIn('x_total{a="b"]')).toThrow(/unbalanced/);
  });
});

describe('missingFromExposition', () => {
  it('reports a made-up metric name as missing', () => {
    expect(
      missingFromExposition(['circuit_breaker_state', 'circuit_breaker_made_up_total'], EXPOSITION),
    ).toEqual(['circuit_breaker_made_up_total']);
  });

  it("finds a histogram's _bucket, _sum and _count series under its base name", () => {
    const series = [
      'http_client_request_duration_seconds_bucket',
      'http_client_request_duration_seconds_sum',
      'http_client_request_duration_seconds_count',
    ];
    expect(missingFromExposition(series, EXPOSITION)).toEqual([]);
  });

  it('does not take a gauge or counter name with a histogram suffix for a histogram series', () => {
    expect(
      missingFromExposition(['checkout_queue_jobs_count', 'http_client_timeouts_total_bucket'], EXPOSITION),
    ).toEqual(['checkout_queue_jobs_count', 'http_client_timeouts_total_bucket']);
  });

  it('reads every # TYPE line of the exposition', () => {
    const types = exposedMetricTypes(EXPOSITION);
    expect(Object.fromEntries(types)).toEqual({
      circuit_breaker_state: 'gauge',
      http_client_request_duration_seconds: 'histogram',
      http_client_timeouts_total: 'counter',
      checkout_queue_jobs: 'gauge',
    });
    expect(familyOf('http_client_request_duration_seconds_count', types)).toBe(
      'http_client_request_duration_seconds',
    );
  });
});
