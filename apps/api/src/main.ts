import 'reflect-metadata';
import { isInvalidPolicyConfigError } from '@carta/resilience';
import { bootstrap } from './bootstrap.js';
import { limitHeapGrowth } from './heap-growth.js';
import { InvalidConfigError } from './config/invalid-config.error.js';
import { loadApiConfig } from './config/load-api-config.js';
import { apiReadyLine } from './ready-line.js';

// Graceful shutdown drains requests and captures, but never forever: with Redis gone, closing
// its clients can wait on reconnects. Past the cap the process exits anyway.
function capShutdown(ms: number): void {
  const cap = (): void => void setTimeout(() => process.exit(0), ms).unref();
  process.once('SIGTERM', cap);
  process.once('SIGINT', cap);
}

// The api as a process: settings from the environment only, one "api ready" line on stdout
// (parsed by `npm start` and the e2e harness) once it serves.
try {
  const config = loadApiConfig(process.env);
  limitHeapGrowth(config.HEAP_GROWING_PERCENT);
  const { url } = await bootstrap(config, process.env);
  capShutdown(config.SHUTDOWN_TIMEOUT_MS);
  process.stdout.write(`${apiReadyLine({ role: config.ROLE, url })}\n`);
} catch (error) {
  process.stderr.write(
    `api: ${error instanceof InvalidConfigError || isInvalidPolicyConfigError(error) ? error.message : (error as Error).stack}\n`,
  );
  process.exit(1);
}
