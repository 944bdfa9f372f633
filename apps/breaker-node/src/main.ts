import { systemClock } from '@carta/resilience/core';
import { BreakerNode } from './breaker-node.js';
import { messages } from './breaker-node.messages.js';
import { parseCliOptions, type CliOptions } from './cli-options.js';
import { isInvalidFlagError } from './invalid-flag.error.js';
import { serveJsonLines } from './json-lines.transport.js';

// Exit code for a bad command line, as getopt-style tools use.
const USAGE_ERROR = 2;

function readOptions(argv: readonly string[]): CliOptions | undefined {
  try {
    return parseCliOptions(argv);
  } catch (error) {
    if (!isInvalidFlagError(error)) throw error;
    process.stderr.write(`breaker-node: ${error.message}\n${messages.usage()}`);
    process.exitCode = USAGE_ERROR;
    return undefined;
  }
}

function main(argv: readonly string[]): void {
  const options = readOptions(argv);
  if (options === undefined) return;
  if (options.help) {
    process.stdout.write(messages.usage());
    return;
  }
  const node = new BreakerNode({ ...options, clock: systemClock });
  // A reader that hung up wants no more replies; stop reading instead of crashing on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.stdin.destroy();
  });
  serveJsonLines(process.stdin, process.stdout, (line) => node.handleLine(line)).catch((error: unknown) => {
    process.stderr.write(`breaker-node: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}

main(process.argv.slice(2));
