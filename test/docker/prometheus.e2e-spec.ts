import { bindMountsOf, environmentOf, interpolate, loadCompose } from './support/compose-file.js';
import { readDockerYaml } from './support/docker-paths.js';

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  dns_sd_configs?: { names: string[]; type?: string; port?: number }[];
  static_configs?: { targets: string[] }[];
}
interface PrometheusConfig {
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
}
interface Rule {
  alert?: string;
  record?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

const config = readDockerYaml<PrometheusConfig>('prometheus/prometheus.yml');
const rules = readDockerYaml<RuleFile>('prometheus/alerts.yml').groups.flatMap((group) => group.rules);
const alerts = rules.filter((rule) => rule.alert !== undefined);
const compose = loadCompose();
const job = (name: string): ScrapeConfig => {
  const found = config.scrape_configs.find((c) => c.job_name === name);
  if (!found) throw new Error(`prometheus.yml has no scrape job "${name}"`);
  return found;
};
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

describe('docker/prometheus/prometheus.yml', () => {
  it('loads rule files that the prometheus service mounts from docker/prometheus', () => {
    const mounts = bindMountsOf(compose.services.prometheus!);
    expect(config.rule_files?.length).toBeGreaterThan(0);
    for (const file of config.rule_files ?? []) {
      expect(mounts).toContainEqual(
        expect.objectContaining({ source: expect.stringMatching(/^\.\/prometheus\//), target: file }),
      );
    }
  });

  it.each(['api', 'worker'])(
    'scrapes every %s container at /metrics, found by its compose service name, on the port it listens on',
    (name) => {
      const scrape = job(name);
      const port = Number(interpolate(environmentOf(compose.services[name]!).PORT ?? '3000'));
      expect(scrape.metrics_path ?? '/metrics').toBe('/metrics');
      expect(scrape.dns_sd_configs).toEqual([expect.objectContaining({ names: [name], type: 'A', port })]);
    },
  );

  it('has unique job names', () => {
    const names = config.scrape_configs.map((c) => c.job_name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('docker/prometheus/alerts.yml', () => {
  it('alerts on an open breaker, timeouts, bulkhead saturation, a lasting fallback and failing retries', () => {
    expect(alerts.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'CircuitBreakerOpen',
        'DependencyTimeoutRateHigh',
        'BulkheadSaturated',
        'FallbackActive',
        'RetrySuccessRateLow',
      ]),
    );
  });

  it.each(alerts.map((rule) => [rule.alert!, rule] as const))(
    '%s has an expr, a for duration, a severity, a summary and a description',
    (_, rule) => {
      expect(rule.expr?.trim()).toBeTruthy();
      expect(rule.for).toMatch(DURATION);
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary?.trim()).toBeTruthy();
      expect(rule.annotations?.description?.trim()).toBeTruthy();
    },
  );

  it('has unique alert names', () => {
    const names = alerts.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each([
    ['CircuitBreakerOpen', /circuit_breaker_state == 1 or circuit_breaker_state == 3/, '1m'],
    [
      'DependencyTimeoutRateHigh',
      /http_client_timeouts_total[\s\S]*\/[\s\S]*http_client_request_duration_seconds_count[\s\S]*> 0\.05/,
      '5m',
    ],
    ['BulkheadSaturated', /bulkhead_active_count[\s\S]*\/[\s\S]*bulkhead_max_concurrent[\s\S]*> 0\.8/, '10m'],
    ['FallbackActive', /rate\(fallback_invocations_total\[5m\]\)\) > 0/, '5m'],
    ['RetrySuccessRateLow', /http_client_retries_total\{result="success"\}[\s\S]*< 0\.5/, '10m'],
  ])('%s fires on the agreed threshold and duration', (name, expr, duration) => {
    const rule = alerts.find((r) => r.alert === name);
    expect(rule?.expr).toMatch(expr);
    expect(rule?.for).toBe(duration);
  });
});
