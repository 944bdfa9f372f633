import 'reflect-metadata';
import { bootstrap } from './bootstrap.js';
import { InvalidConfigError } from './config/invalid-config.error.js';
import { loadApiConfig } from './config/load-api-config.js';

// The api as a process: settings from the environment only, one "api ready" line on stdout
// (parsed by `npm start` and the e2e harness) once it serves.
try {
  const config = loadApiConfig(process.env);
  const { url } = await bootstrap(config, process.env);
  process.stdout.write(`api ready ${JSON.stringify({ role: config.ROLE, url })}\n`);
} catch (error) {
  process.stderr.write(`api: ${error instanceof InvalidConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
}
