import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadApiConfig } from '../../apps/api/src/config/load-api-config.js';
import { readUpstreamsEnv } from '../../apps/upstreams/src/config/upstreams-env.reader.js';
import {
  bindMountsOf,
  dependenciesOf,
  environmentOf,
  healthcheckUrlOf,
  interpolate,
  loadCompose,
  namedVolumesOf,
  parsePort,
  type ComposeService,
} from './support/compose-file.js';
import { DOCKER_DIR, ROOT } from './support/docker-paths.js';

const compose = loadCompose();
const services = Object.entries(compose.services);
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`compose.yaml has no service "${name}"`);
  return found;
};
/** A service's environment as the container gets it on a fresh checkout (no shell variables set). */
const resolvedEnv = (name: string): Record<string, string> =>
  Object.fromEntries(
    Object.entries(environmentOf(service(name))).map(([key, value]) => [key, interpolate(value)]),
  );
const commandOf = (s: ComposeService): string[] =>
  typeof s.command === 'string' ? s.command.split(/\s+/) : (s.command ?? []);

describe('docker/compose.yaml', () => {
  it('defines redis, upstreams, toxiproxy, api, worker, prometheus and grafana', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['redis', 'upstreams', 'toxiproxy', 'api', 'worker', 'prometheus', 'grafana']),
    );
  });

  it.each(services)('%s runs a pinned image or builds one from the repo with docker/Dockerfile', (_, s) => {
    if (s.build === undefined) {
      expect(s.image).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(s.image).not.toMatch(/:latest$/);
      return;
    }
    const build = typeof s.build === 'string' ? { context: s.build } : s.build;
    expect(resolve(DOCKER_DIR, build.context ?? '.')).toBe(ROOT);
    expect(existsSync(join(ROOT, build.dockerfile ?? 'Dockerfile'))).toBe(true);
  });

  it('runs two api replicas with ROLE=api and one worker with ROLE=worker', () => {
    expect(service('api').deploy?.replicas).toBe(2);
    expect(resolvedEnv('api').ROLE).toBe('api');
    expect(service('worker').deploy?.replicas ?? 1).toBe(1);
    expect(resolvedEnv('worker').ROLE).toBe('worker');
  });

  it('publishes no fixed host port from a replicated service (two replicas cannot bind one)', () => {
    for (const [name, s] of services) {
      if ((s.deploy?.replicas ?? 1) < 2) continue;
      const fixed = (s.ports ?? []).map(parsePort).filter((port) => port.hostPorts.length === 1);
      expect({ name, fixed }).toEqual({ name, fixed: [] });
    }
  });

  it('parses every port mapping and publishes no host port twice', () => {
    const published = new Map<string, string>();
    for (const [name, s] of services) {
      for (const spec of [...(s.ports ?? []), ...(s.expose ?? [])]) {
        const port = parsePort(spec);
        for (const hostPort of port.hostPorts) {
          const key = `${port.hostIp ?? '*'}:${hostPort}/${port.protocol}`;
          expect({ key, by: published.get(key) ?? name }).toEqual({ key, by: name });
          published.set(key, name);
        }
      }
    }
    expect(published.size).toBeGreaterThan(0);
  });

  it('bind-mounts only files and directories that exist under docker/, read-only', () => {
    const mounts = services.flatMap(([name, s]) => bindMountsOf(s).map((mount) => ({ name, ...mount })));
    expect(mounts.length).toBeGreaterThan(0);
    for (const mount of mounts) {
      const source = resolve(DOCKER_DIR, mount.source);
      expect({
        ...mount,
        exists: existsSync(source),
        underDocker: source.startsWith(`${DOCKER_DIR}/`),
      }).toEqual({
        ...mount,
        exists: true,
        underDocker: true,
        readOnly: true,
      });
    }
  });

  it('declares every named volume a service uses', () => {
    for (const [, s] of services) {
      for (const volume of namedVolumesOf(s)) expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    }
  });

  it.each(services)(
    '%s: every environment value is set on a fresh checkout (no empty value, no ${VAR} without a default)',
    (_, s) => {
      for (const [key, raw] of Object.entries(environmentOf(s))) {
        const value = interpolate(raw);
        expect({ key, value: value.trim() === '' ? '(empty)' : 'set' }).toEqual({ key, value: 'set' });
      }
    },
  );

  it.each(['api', 'worker'])("%s's environment passes the api's own config validation", (name) => {
    const env = resolvedEnv(name);
    const config = loadApiConfig(env);
    expect(config).toMatchObject({ HOST: '0.0.0.0', ROLE: env.ROLE, REDIS_URL: 'redis://redis:6379' });
  });

  it("the upstreams' environment passes the simulator's own env reader and binds 0.0.0.0", () => {
    expect(readUpstreamsEnv(resolvedEnv('upstreams'))).toMatchObject({ host: '0.0.0.0' });
  });

  it('sends catalog and inventory to the simulator and payments through toxiproxy to the simulator', () => {
    const api = resolvedEnv('api');
    const upstreams = resolvedEnv('upstreams');
    const proxies = JSON.parse(readFileSync(join(DOCKER_DIR, 'toxiproxy', 'toxiproxy.json'), 'utf8')) as {
      name: string;
      listen: string;
      upstream: string;
      enabled?: boolean;
    }[];
    expect(new URL(api.CATALOG_URL!).host).toBe(`upstreams:${upstreams.CATALOG_PORT}`);
    expect(new URL(api.INVENTORY_URL!).host).toBe(`upstreams:${upstreams.INVENTORY_PORT}`);
    const payments = new URL(api.PAYMENTS_URL!);
    expect(payments.hostname).toBe('toxiproxy');
    const proxy = proxies.find((p) => p.listen.endsWith(`:${payments.port}`));
    expect(proxy).toMatchObject({
      listen: `0.0.0.0:${payments.port}`,
      upstream: `upstreams:${upstreams.PAYMENTS_PORT}`,
    });
    expect(proxy?.enabled ?? true).toBe(true);
    expect(commandOf(service('toxiproxy'))).toEqual(
      expect.arrayContaining(['-host=0.0.0.0', '-config=/config/toxiproxy.json']),
    );
    expect(bindMountsOf(service('toxiproxy'))).toContainEqual(
      expect.objectContaining({ source: './toxiproxy/toxiproxy.json', target: '/config/toxiproxy.json' }),
    );
  });

  it('gives the worker the same environment as the api but for ROLE', () => {
    const { ROLE: apiRole, ...api } = resolvedEnv('api');
    const { ROLE: workerRole, ...worker } = resolvedEnv('worker');
    expect(worker).toEqual(api);
    expect([apiRole, workerRole]).toEqual(['api', 'worker']);
  });

  it('has every depends_on name a service, and waits for health only on services with a healthcheck', () => {
    for (const [name, s] of services) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(s))) {
        const target = compose.services[dependency];
        expect({ name, dependency, defined: target !== undefined }).toEqual({
          name,
          dependency,
          defined: true,
        });
        if (condition === 'service_healthy') {
          expect({ name, dependency, healthcheck: target?.healthcheck?.test !== undefined }).toEqual({
            name,
            dependency,
            healthcheck: true,
          });
        }
      }
    }
  });

  it.each(['api', 'worker'])("%s's healthcheck probes /health/ready on the port it listens on", (name) => {
    const url = healthcheckUrlOf(service(name));
    expect(url?.port).toBe(resolvedEnv(name).PORT);
    expect(url?.pathname).toBe('/health/ready');
  });

  it('runs the upstreams from the same image with a command the build produces', () => {
    const [node, script, ...rest] = commandOf(service('upstreams'));
    expect(service('upstreams').build).toEqual(service('api').build);
    expect([node, rest]).toEqual(['node', []]);
    expect(existsSync(join(ROOT, script!))).toBe(true);
  });

  it('runs prometheus on the config file it mounts', () => {
    const prometheus = service('prometheus');
    const configFlag = commandOf(prometheus).find((arg) => arg.startsWith('--config.file='));
    const target = configFlag?.slice('--config.file='.length);
    expect(bindMountsOf(prometheus)).toContainEqual(
      expect.objectContaining({ source: './prometheus/prometheus.yml', target }),
    );
  });
});
