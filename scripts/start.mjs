// `npm start`: the whole shop on one machine. Starts a throwaway redis-server when REDIS_URL
// is unset, then the upstream simulators and the api (from dist/, which `npm start` builds),
// prints where everything is and three curl commands to try, and stops it all on Ctrl-C.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (...parts) => join(root, 'dist', ...parts);
const children = [];
let redis;
let stopping = false;

async function main() {
  const { startRedis, isRedisServerMissingError } = await import(dist('libs', 'embedded-redis', 'src', 'index.js'));
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    try {
      redis = await startRedis({ port: Number(process.env.EMBEDDED_REDIS_PORT ?? 0) });
    } catch (error) {
      if (isRedisServerMissingError(error)) fail(`REDIS_URL is not set, so Carta starts its own Redis, but ${error.message}`);
      throw error;
    }
    redisUrl = redis.url;
  }

  const upstreams = await startChild('upstreams', dist('apps', 'upstreams', 'src', 'main.js'), {}, 'upstreams ready');
  const urlOf = (port) => `http://127.0.0.1:${port}`;
  const api = await startChild(
    'api',
    dist('apps', 'api', 'src', 'main.js'),
    {
      // Warnings (a payment queued, a fallback served) and errors; LOG_LEVEL=log shows boot too.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      REDIS_URL: redisUrl,
      CATALOG_URL: process.env.CATALOG_URL ?? urlOf(upstreams.catalog),
      INVENTORY_URL: process.env.INVENTORY_URL ?? urlOf(upstreams.inventory),
      PAYMENTS_URL: process.env.PAYMENTS_URL ?? urlOf(upstreams.payments),
    },
    'api ready',
  );

  const admin = urlOf(upstreams.admin);
  process.stdout.write(`
Carta is running.
  api         ${api.url}
  redis       ${redisUrl}${redis ? ' (embedded; stopped on exit)' : ''}
  catalog     ${urlOf(upstreams.catalog)}
  inventory   ${urlOf(upstreams.inventory)}
  payments    ${urlOf(upstreams.payments)}
  faults      ${admin}/__faults

Try:
  curl -s ${api.url}/catalog/products
  curl -s -X POST ${api.url}/checkout -H 'content-type: application/json' -H "idempotency-key: $(date +%s%N)" \\
       -d '{"customerId":"c-1","items":[{"sku":"MUG-02","quantity":2}]}'
  curl -s -X PUT ${admin}/__faults/payments -H 'content-type: application/json' -d '{"mode":"down"}' && \\
  curl -s -i -X POST ${api.url}/checkout -H 'content-type: application/json' -H "idempotency-key: $(date +%s%N)" \\
       -d '{"customerId":"c-1","items":[{"sku":"MUG-02","quantity":1}]}'
  (payments is down: the checkout answers 202 pending_payment; bring it back with {"mode":"up"}
   and GET the Location URL to watch the queued capture confirm the order)

Ctrl-C stops everything.
`);
}

function startChild(name, script, env, prefix) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let buffer = '';
    let ready = false;
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (ready) return;
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => l.startsWith(`${prefix} `));
      if (line) {
        ready = true;
        resolve(JSON.parse(line.slice(prefix.length + 1)));
      }
    });
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`${name} exited (${code ?? signal}) before it was ready`));
      else if (!stopping) {
        process.stderr.write(`${name} exited (${code ?? signal}); stopping the rest\n`);
        void shutdown(1);
      }
    });
  });
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
        }),
    ),
  );
  await redis?.stop();
  process.exit(code);
}

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  void shutdown(1);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  process.stderr.write(`carta: ${error.stack ?? error}\n`);
  void shutdown(1);
});
