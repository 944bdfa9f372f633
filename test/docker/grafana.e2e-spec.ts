import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { bindMountsOf, environmentOf, loadCompose, parsePort } from './support/compose-file.js';
import { DOCKER_DIR, readDockerFile, readDockerYaml } from './support/docker-paths.js';

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
}
interface Target {
  expr?: string;
  refId?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  gridPos: { x: number; y: number; w: number; h: number };
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
}

const DASHBOARD_FILE = 'grafana/dashboards/carta-resilience.json';
const dashboard = JSON.parse(readDockerFile(DASHBOARD_FILE)) as Dashboard;
const panels = dashboard.panels
  .flatMap((panel) => [panel, ...(panel.panels ?? [])])
  .filter((panel) => panel.type !== 'row');
const datasources = readDockerYaml<{ datasources: Datasource[] }>(
  'grafana/provisioning/datasources/prometheus.yaml',
).datasources;
const providers = readDockerYaml<{ providers: { options: { path: string } }[] }>(
  'grafana/provisioning/dashboards/carta.yaml',
).providers;
const compose = loadCompose();
const grafana = compose.services.grafana!;

describe('docker/grafana provisioning', () => {
  it('provisions one Prometheus datasource that reaches the prometheus service on the port it serves', () => {
    expect(datasources).toHaveLength(1);
    const [datasource] = datasources;
    const url = new URL(datasource!.url);
    expect(datasource).toMatchObject({ type: 'prometheus', uid: expect.stringMatching(/\S/) });
    expect(url.hostname).toBe('prometheus');
    const containerPorts = (compose.services.prometheus!.ports ?? []).flatMap(
      (spec) => parsePort(spec).containerPorts,
    );
    expect(containerPorts).toContain(Number(url.port));
  });

  it('mounts the provisioning folders and loads dashboards from where docker/grafana/dashboards is mounted', () => {
    const mounts = bindMountsOf(grafana);
    expect(mounts).toContainEqual(
      expect.objectContaining({
        source: './grafana/provisioning/datasources',
        target: '/etc/grafana/provisioning/datasources',
      }),
    );
    expect(mounts).toContainEqual(
      expect.objectContaining({
        source: './grafana/provisioning/dashboards',
        target: '/etc/grafana/provisioning/dashboards',
      }),
    );
    const dashboardsMount = mounts.find((mount) => mount.source === './grafana/dashboards');
    expect(providers.map((provider) => provider.options.path)).toEqual([dashboardsMount?.target]);
  });

  it('opens on a dashboard file that exists in that mount', () => {
    const home = environmentOf(grafana).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
    const dashboardsMount = bindMountsOf(grafana).find((mount) => mount.source === './grafana/dashboards')!;
    expect(posix.dirname(home)).toBe(dashboardsMount.target);
    expect(existsSync(join(DOCKER_DIR, 'grafana', 'dashboards', posix.basename(home)))).toBe(true);
  });
});

describe(`docker/${DASHBOARD_FILE}`, () => {
  it('is a current dashboard with a fixed uid', () => {
    expect(dashboard.uid).toBe('carta-resilience');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
  });

  it.each(panels.map((panel) => [panel.title, panel] as const))(
    '"%s" queries the provisioned datasource with at least one expr',
    (_, panel) => {
      const uid = datasources[0]!.uid;
      expect(panel.datasource).toEqual({ type: 'prometheus', uid });
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.expr?.trim()).toBeTruthy();
        expect(target.datasource?.uid ?? uid).toBe(uid);
      }
      const refIds = (panel.targets ?? []).map((target) => target.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
    },
  );

  it('has the panels the runbook reads', () => {
    const titles = panels.map((panel) => panel.title);
    for (const title of [
      'Breaker state per dependency',
      'Pool saturation per dependency',
      'Retries',
      'Timeouts',
      'Fallbacks',
      'Checkout outcomes',
      'Checkout queue depth',
      'Latency per route (p50, p99)',
      'Dependency latency p99',
    ]) {
      expect(titles).toContain(title);
    }
  });

  it('shows the breaker state as a state timeline of circuit_breaker_state, and latency as quantiles of the histograms', () => {
    const byTitle = (title: string) => panels.find((panel) => panel.title === title)!;
    const exprs = (title: string) =>
      byTitle(title)
        .targets!.map((target) => target.expr)
        .join('\n');
    expect(byTitle('Breaker state per dependency').type).toBe('state-timeline');
    expect(exprs('Breaker state per dependency')).toMatch(/circuit_breaker_state/);
    expect(exprs('Pool saturation per dependency')).toMatch(
      /bulkhead_active_count[\s\S]*\/[\s\S]*bulkhead_max_concurrent/,
    );
    expect(exprs('Latency per route (p50, p99)')).toMatch(
      /histogram_quantile\(0\.5, sum by \(le, route\)[\s\S]*histogram_quantile\(0\.99, sum by \(le, route\)/,
    );
    expect(exprs('Dependency latency p99')).toMatch(
      /histogram_quantile\(0\.99, sum by \(le, service\) \(rate\(http_client_request_duration_seconds_bucket/,
    );
  });

  it('has unique panel ids and lays the panels out on the 24-column grid without overlap', () => {
    expect(new Set(panels.map((panel) => panel.id)).size).toBe(panels.length);
    const cells = new Map<string, string>();
    for (const {
      title,
      gridPos: { x, y, w, h },
    } of panels) {
      expect({ title, fits: x >= 0 && w > 0 && x + w <= 24 && h > 0 }).toEqual({ title, fits: true });
      for (let col = x; col < x + w; col++) {
        for (let row = y; row < y + h; row++) {
          const key = `${col},${row}`;
          expect({ cell: key, taken: cells.get(key) ?? title }).toEqual({ cell: key, taken: title });
          cells.set(key, title);
        }
      }
    }
  });
});
