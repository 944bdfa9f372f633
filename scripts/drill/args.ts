// The drill's command line: what `node dist/scripts/drill.js` accepts, and its usage line.

/** The one line of usage printed with every argument error. */
export const USAGE =
  'usage: node dist/scripts/drill.js [--quick] [--replicas <n> | --rate <n>] [--out <dir>]   (npm run drill -- --quick --rate 800)';

/** The --rate bounds: below 10 a lane gets less than one request a second; 5000 is beyond any 2-core box. */
export const RATE_RANGE = { min: 10, max: 5_000 } as const;

/** What the command line asks for. */
export interface DrillArgs {
  quick: boolean;
  out: string;
  /** Api (and worker) processes; undefined: one api of every role. */
  replicas?: number;
  /** Requests a second of the mixed lanes, and the burst phase; undefined: the drill's own 110/s. */
  rate?: number;
}

/** Why the command line was refused: the message to print above {@link USAGE}. */
export class DrillUsageError extends Error {
  override readonly name = 'DrillUsageError';
}

/** Type guard for {@link DrillUsageError}. */
export const isDrillUsageError = (error: unknown): error is DrillUsageError =>
  error instanceof DrillUsageError;

const wholeBetween = (text: string | undefined, min: number, max: number): number | null =>
  text !== undefined && /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max
    ? Number(text)
    : null;

// `--name value` or `--name=value`: the value and how many arguments it took; undefined for another flag.
function valueOf(
  argv: readonly string[],
  i: number,
  name: string,
): { text?: string; used: number } | undefined {
  if (argv[i].startsWith(`${name}=`)) return { text: argv[i].slice(name.length + 1), used: 1 };
  if (argv[i] === name) return { text: argv[i + 1], used: 2 };
  return undefined;
}

/** The arguments; throws {@link DrillUsageError} for anything else. */
export function parseDrillArgs(argv: readonly string[]): DrillArgs {
  const args: DrillArgs = { quick: false, out: 'drill-report' };
  for (let i = 0; i < argv.length;) {
    const replicas = valueOf(argv, i, '--replicas');
    const rate = valueOf(argv, i, '--rate');
    const out = valueOf(argv, i, '--out');
    if (replicas) {
      // At least two: one api of every role is the drill without the flag.
      const n = wholeBetween(replicas.text, 2, 8);
      if (n === null) throw new DrillUsageError('--replicas takes a number from 2 to 8');
      args.replicas = n;
      i += replicas.used;
    } else if (rate) {
      const n = wholeBetween(rate.text, RATE_RANGE.min, RATE_RANGE.max);
      if (n === null)
        throw new DrillUsageError(
          `--rate takes a number of requests per second from ${RATE_RANGE.min} to ${RATE_RANGE.max}`,
        );
      args.rate = n;
      i += rate.used;
    } else if (out && out.text) {
      args.out = out.text;
      i += out.used;
    } else if (argv[i] === '--quick') {
      args.quick = true;
      i++;
    } else throw new DrillUsageError(`unknown argument "${argv[i]}"`);
  }
  // The replicas runbook has no burst phase and its own targets: one topology per run.
  if (args.replicas !== undefined && args.rate !== undefined)
    throw new DrillUsageError('--rate and --replicas do not combine: --rate drives one api');
  return args;
}
