import { InvalidFlagError, badFlagValue } from './invalid-flag.error.js';
import { messages } from './breaker-node.messages.js';

/** What the command line sets. */
export interface CliOptions {
  /** Consecutive failures that open a breaker. @default 5 */
  failureThreshold: number;
  /** How long a breaker stays open before it admits a probe. @default 10000 */
  resetTimeoutMs: number;
  /** Print usage and exit. @default false */
  help: boolean;
}

// Digits only: Number() would also take '', ' 5', '1e3', '0x10' and '5.0'.
const INTEGER = /^\d+$/;

/** Reads `--threshold N` and `--reset-timeout-ms N` (or `--flag=N`); throws {@link InvalidFlagError}. */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  const options: CliOptions = { failureThreshold: 5, resetTimeoutMs: 10_000, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i]);
    if (flag === '--help' || flag === '-h') {
      options.help = true;
      continue;
    }
    if (flag !== '--threshold' && flag !== '--reset-timeout-ms')
      throw new InvalidFlagError(messages.unknownFlag(flag));
    const value = inline ?? argv[++i];
    if (value === undefined) throw new InvalidFlagError(messages.missingFlagValue(flag));
    if (flag === '--threshold') options.failureThreshold = integer(flag, value, 1);
    else options.resetTimeoutMs = integer(flag, value, 0);
  }
  return options;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!INTEGER.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw badFlagValue(flag, `an integer >= ${min}`, value);
  }
  return n;
}
