import 'reflect-metadata';
// Framework-free entry points only: Nest and the app load after the heap's cap is set (below).
import { isInvalidPolicyConfigError } from '@carta/resilience/core';
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
  // Loaded only now: the full collections while Nest and the app load set the old
  // generation's limit for long after, and with V8's own factor that limit held until the
  // heap had grown by about 80 MB (heap-growth.ts).
  const { bootstrap } = await import('./bootstrap.js');
  const { url } = await bootstrap(config, process.env);
  capShutdown(config.SHUTDOWN_TIMEOUT_MS);
  process.stdout.write(`${apiReadyLine({ role: config.ROLE, url })}\n`);
} catch (error) {
  process.stderr.write(
    `api: ${error instanceof InvalidConfigError || isInvalidPolicyConfigError(error) ? error.message : (error as Error).stack}\n`,
  );
  process.exit(1);
}
