import { readDockerYaml } from './docker-paths.js';

/** The parts of a compose service the tests read. */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number)[];
  expose?: (string | number)[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  deploy?: { replicas?: number };
  healthcheck?: { test?: string | string[]; disable?: boolean };
  profiles?: string[];
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const loadCompose = (): ComposeFile => readDockerYaml<ComposeFile>('compose.yaml');

/** A service's environment as a map, whichever of compose's two forms it is written in. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => [
        entry.split('=')[0],
        entry.includes('=') ? entry.slice(entry.indexOf('=') + 1) : '',
      ]),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

const INTERPOLATION =
  /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\?)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Resolves compose's `${VAR:-default}` interpolation with nothing set in the shell, as on a
 * fresh checkout. Throws for `${VAR}`, `$VAR` and `${VAR:?message}`: they need a variable
 * nobody is told to set.
 */
export function interpolate(value: string): string {
  const unsupported = /\$\{[^}]*:?\+[^}]*\}/.exec(value);
  if (unsupported)
    throw new Error(`${unsupported[0]}: this check reads only \${VAR:-default} and \${VAR-default}`);
  return value.replace(
    INTERPOLATION,
    (
      match,
      braced?: string,
      dash?: string,
      fallback?: string,
      _question?: string,
      _message?: string,
      bare?: string,
    ) => {
      if (match === '$$') return '$';
      if (dash !== undefined) return fallback ?? '';
      throw new Error(`${match} has no default: it is empty unless ${braced ?? bare} is set in the shell`);
    },
  );
}

/** One published or exposed port mapping. */
export interface PortMapping {
  hostIp?: string;
  /** Host ports; empty when docker picks one. */
  hostPorts: number[];
  containerPorts: number[];
  protocol: 'tcp' | 'udp';
}

const PORT_SPEC =
  /^(?:(?<ip>\[[0-9a-fA-F:]+\]|\d{1,3}(?:\.\d{1,3}){3}):)?(?:(?<host>\d+(?:-\d+)?)?:)?(?<container>\d+(?:-\d+)?)(?:\/(?<protocol>tcp|udp))?$/;

/** Parses compose's short port syntax (`[ip:][host:]container[/protocol]`, ranges allowed); throws when it does not. */
export function parsePort(spec: string | number): PortMapping {
  const match = PORT_SPEC.exec(String(spec));
  if (!match?.groups) throw new Error(`port "${spec}" is not [ip:][host:]container[/protocol]`);
  const { ip, host, container, protocol } = match.groups;
  const hostPorts = host === undefined ? [] : portRange(host);
  const containerPorts = portRange(container!);
  if (hostPorts.length > 0 && hostPorts.length !== containerPorts.length && containerPorts.length !== 1) {
    throw new Error(
      `port "${spec}" maps ${hostPorts.length} host ports onto ${containerPorts.length} container ports`,
    );
  }
  return { hostIp: ip, hostPorts, containerPorts, protocol: (protocol ?? 'tcp') as 'tcp' | 'udp' };
}

function portRange(text: string): number[] {
  const [from, to = from] = text.split('-').map(Number) as [number, number?];
  if (!(from >= 1 && to <= 65_535 && from <= to))
    throw new Error(`"${text}" is no port or port range within 1-65535`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** A bind mount: a host path (relative to docker/) mounted at `target`. */
export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** The service's bind mounts; named volumes are left out (see `namedVolumesOf`). */
export function bindMountsOf(service: ComposeService): BindMount[] {
  return (service.volumes ?? []).flatMap((volume) => {
    if (typeof volume !== 'string') {
      return volume.type === 'bind' && volume.source && volume.target
        ? [{ source: volume.source, target: volume.target, readOnly: false }]
        : [];
    }
    const [source, target, mode = ''] = volume.split(':') as [string, string?, string?];
    if (target === undefined || !/^[./~]/.test(source)) return [];
    return [{ source, target, readOnly: mode.split(',').includes('ro') }];
  });
}

/** The named volumes a service uses (`name:/path`). */
export function namedVolumesOf(service: ComposeService): string[] {
  return (service.volumes ?? []).flatMap((volume) => {
    if (typeof volume !== 'string') return volume.type === 'volume' && volume.source ? [volume.source] : [];
    const [source, target] = volume.split(':');
    return target !== undefined && !/^[./~]/.test(source!) ? [source!] : [];
  });
}

/** The services a service waits for, with the condition it waits on. */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? [];
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, { condition }]) => [name, condition ?? 'service_started']),
  );
}

/** The URL a `node -e "fetch(...)"` or `wget ... URL` healthcheck probes, if it probes one. */
export function healthcheckUrlOf(service: ComposeService): URL | undefined {
  const test = service.healthcheck?.test;
  const text = Array.isArray(test) ? test.join(' ') : (test ?? '');
  const match = /https?:\/\/[^\s'"`)]+/.exec(text);
  return match ? new URL(match[0]) : undefined;
}
