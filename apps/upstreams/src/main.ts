import { isInvalidEnvError } from './config/invalid-env.error.js';
import { readUpstreamsEnv } from './config/upstreams-env.reader.js';
import { startUpstreams, type RunningUpstreams } from './upstreams.js';
import { messages } from './upstreams.messages.js';
import type { UpstreamsOptions } from './upstreams.options.js';

function fail(message: string): void {
  process.stderr.write(`upstreams: ${message}\n`);
  process.exitCode = 1;
}

function readOptions(): UpstreamsOptions | undefined {
  try {
    return readUpstreamsEnv(process.env);
  } catch (error) {
    if (!isInvalidEnvError(error)) throw error;
    fail(error.message);
    return undefined;
  }
}

function stopOnSignals(upstreams: RunningUpstreams): void {
  const stop = () => {
    upstreams.close().then(
      // Exit now rather than when the loop drains: a request in its latency delay holds a timer.
      () => process.exit(0),
      (error: unknown) => {
        fail((error as Error).message);
        process.exit();
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options === undefined) return;
  let upstreams: RunningUpstreams;
  try {
    upstreams = await startUpstreams(options);
  } catch (error) {
    // startUpstreams has closed whatever it had started.
    return fail(messages.cannotStart((error as Error).message));
  }
  stopOnSignals(upstreams);
  // The one line on stdout: a harness waits for it and reads the ports from it.
  process.stdout.write(`${messages.ready(upstreams.ports)}\n`);
}

void main();
