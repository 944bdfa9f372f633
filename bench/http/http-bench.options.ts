import { PEER_CLIENTS, peerClientsNamed, type PeerClients } from '../peers/shared/peer-settings.js';
import { ROUTE_NAMES, type RouteName } from './http-routes.js';

/** How `npm run bench:http` runs. */
export interface HttpBenchOptions {
  /** End stdout with one JSON line of every figure. @default false */
  json: boolean;
  /** Seconds each measured load lasts. @default 5 */
  durationS: number;
  /** Interleaved rounds; each loads every route on every subject once. @default 3 */
  rounds: number;
  /** autocannon connections, as `-c`. @default 50 */
  connections: number;
  /** The routes loaded, in table order. @default every route */
  routes: RouteName[];
  /** Profile Carta's api (`node --cpu-prof`) and summarise where its time went. @default false */
  cpuProf: boolean;
  /**
   * The peers' outbound HTTP: `axios` (axios's own node:http adapter, as a hand-written app's)
   * or `undici` (Carta's axios-on-undici clients: the same transport as Carta's). @default 'axios'
   */
  peerClients: PeerClients;
}

/** A command-line argument the bench does not take, or a bad value. */
export class InvalidBenchArgumentError extends Error {
  override readonly name = 'InvalidBenchArgumentError';
}

/** Type guard for {@link InvalidBenchArgumentError}. */
export const isInvalidBenchArgumentError = (error: unknown): error is InvalidBenchArgumentError =>
  error instanceof InvalidBenchArgumentError;

/** The usage line printed with a bad argument. */
export const USAGE =
  'npm run bench:http -- [--json] [--duration <s>] [--rounds <n>] [--connections <n>] [--routes a,b] [--cpu-prof] [--peer-clients axios|undici]' +
  ` (routes: ${ROUTE_NAMES.join(', ')})`;

export const DEFAULT_OPTIONS: Readonly<HttpBenchOptions> = Object.freeze({
  json: false,
  durationS: 5,
  rounds: 3,
  connections: 50,
  routes: [...ROUTE_NAMES],
  cpuProf: false,
  peerClients: 'axios',
});

// Bounds that keep one run in minutes on a 2-core machine, and autocannon in what it accepts.
const MAX_DURATION_S = 60;
const MAX_ROUNDS = 20;
const MAX_CONNECTIONS = 1_000;

/** Reads `--flag value` and `--flag=value` forms; throws {@link InvalidBenchArgumentError} naming the problem. */
export function parseHttpBenchArgs(argv: readonly string[]): HttpBenchOptions {
  const options: HttpBenchOptions = { ...DEFAULT_OPTIONS, routes: [...DEFAULT_OPTIONS.routes] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]);
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new InvalidBenchArgumentError(`${flag} needs a value`);
      return next;
    };
    if (flag === '--json') options.json = true;
    else if (flag === '--cpu-prof') options.cpuProf = true;
    else if (flag === '--duration') options.durationS = positive(flag, value(), { max: MAX_DURATION_S });
    else if (flag === '--rounds')
      options.rounds = positive(flag, value(), { max: MAX_ROUNDS, integer: true });
    else if (flag === '--connections')
      options.connections = positive(flag, value(), { max: MAX_CONNECTIONS, integer: true });
    else if (flag === '--routes') options.routes = routesOf(value());
    else if (flag === '--peer-clients') options.peerClients = peerClientsOf(value());
    else throw new InvalidBenchArgumentError(`unknown argument ${argv[i]}`);
  }
  return options;
}

function splitFlag(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return at < 0 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
}

function positive(
  flag: string,
  raw: string,
  { max, integer = false }: { max: number; integer?: boolean },
): number {
  const value = Number(raw);
  const valid = raw.trim() !== '' && Number.isFinite(value) && value > 0 && value <= max;
  if (!valid || (integer && !Number.isInteger(value)))
    throw new InvalidBenchArgumentError(
      `${flag} takes ${integer ? 'an integer' : 'a number'} above 0 and at most ${max}, got "${raw}"`,
    );
  return value;
}

function routesOf(raw: string): RouteName[] {
  const names = raw.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(ROUTE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new InvalidBenchArgumentError(
      `--routes takes a comma-separated list of ${ROUTE_NAMES.join(', ')}; unknown: ${unknown.join(', ')}`,
    );
  // Table order, each once, whatever order they were given in.
  return ROUTE_NAMES.filter((name) => names.includes(name));
}

function peerClientsOf(raw: string): PeerClients {
  const clients = peerClientsNamed(raw);
  if (clients === undefined)
    throw new InvalidBenchArgumentError(`--peer-clients ${raw}: expected one of ${PEER_CLIENTS.join(', ')}`);
  return clients;
}
