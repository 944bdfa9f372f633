import { readDockerFile, readDockerYaml } from './docker-paths.js';
import { metricNamesIn } from './promql-metric-names.js';

interface Panel {
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** Every PromQL expr of the dashboard's panels, by panel title. */
export function dashboardExprs(): { source: string; expr: string }[] {
  const dashboard = JSON.parse(readDockerFile('grafana/dashboards/carta-resilience.json')) as {
    panels: Panel[];
  };
  return dashboard.panels
    .flatMap((panel) => [panel, ...(panel.panels ?? [])])
    .flatMap((panel) =>
      (panel.targets ?? []).flatMap((target) =>
        target.expr ? [{ source: `panel "${panel.title}"`, expr: target.expr }] : [],
      ),
    );
}

/** Every rule expr of alerts.yml, by alert (or recording rule) name. */
export function alertExprs(): { source: string; expr: string }[] {
  const file = readDockerYaml<{ groups: { rules: { alert?: string; record?: string; expr: string }[] }[] }>(
    'prometheus/alerts.yml',
  );
  return file.groups.flatMap((group) =>
    group.rules.map((rule) => ({ source: `rule ${rule.alert ?? rule.record}`, expr: rule.expr })),
  );
}

/** The metric names the exprs read, each with where it is read. */
export function queriedMetrics(exprs: { source: string; expr: string }[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const { source, expr } of exprs) {
    for (const name of metricNamesIn(expr)) names.set(name, [...(names.get(name) ?? []), source]);
  }
  return names;
}
