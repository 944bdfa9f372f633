// `npm start`: the whole shop on one machine. Starts a throwaway redis-server when REDIS_URL
// is unset, then the upstream simulators and the api (from dist/, which `npm start` builds),
// prints where everything is and three curl commands to try, and stops it all on Ctrl-C.
import { isRedisServerMissingError } from '@carta/embedded-redis';
import type { CheckoutRequestDto } from '../apps/api/src/checkout/checkout-request.dto.js';
import type { ApiConfig } from '../apps/api/src/config/api.config.js';
import type { FaultSettings } from '../apps/upstreams/src/faults/fault-settings.js';
import { Stack, urlOf, type StartedStack } from './lib/stack.js';

/** An api setting as the user set it in the environment, if they did. */
const userSetting = (name: keyof ApiConfig): string | undefined => process.env[name];

const stack = new Stack({
  redisUrl: userSetting('REDIS_URL'),
  redisPort: Number(process.env.EMBEDDED_REDIS_PORT ?? 0),
  apiEnv: (ports) => ({
    // Warnings (a payment queued, a fallback served) and errors; LOG_LEVEL=log shows boot too.
    LOG_LEVEL: userSetting('LOG_LEVEL') ?? 'warn',
    CATALOG_URL: userSetting('CATALOG_URL') ?? urlOf(ports.catalog),
    INVENTORY_URL: userSetting('INVENTORY_URL') ?? urlOf(ports.inventory),
    PAYMENTS_URL: userSetting('PAYMENTS_URL') ?? urlOf(ports.payments),
  }),
  onStdout: (_name, chunk) => process.stdout.write(chunk),
  onExit: (name, code) => {
    process.stderr.write(`${name} exited (${code}); stopping the rest\n`);
    void shutdown(1);
  },
});

const order = (quantity: number): string =>
  JSON.stringify({ customerId: 'c-1', items: [{ sku: 'MUG-02', quantity }] } satisfies CheckoutRequestDto);
const faults = (settings: Partial<FaultSettings>): string => JSON.stringify(settings);

async function main(): Promise<void> {
  let started: StartedStack;
  try {
    started = await stack.start();
  } catch (error) {
    if (isRedisServerMissingError(error))
      return fail(`REDIS_URL is not set, so Carta starts its own Redis, but ${error.message}`);
    throw error;
  }
  const { redisUrl, embedded, ports, apiUrl } = started;
  const admin = urlOf(ports.admin);
  process.stdout.write(`
Carta is running.
  api         ${apiUrl}
  redis       ${redisUrl}${embedded ? ' (embedded; stopped on exit)' : ''}
  catalog     ${urlOf(ports.catalog)}
  inventory   ${urlOf(ports.inventory)}
  payments    ${urlOf(ports.payments)}
  faults      ${admin}/__faults

Try:
  curl -s ${apiUrl}/catalog/products
  curl -s -X POST ${apiUrl}/checkout -H 'content-type: application/json' -H "idempotency-key: $(date +%s%N)" \\
       -d '${order(2)}'
  curl -s -X PUT ${admin}/__faults/payments -H 'content-type: application/json' -d '${faults({ mode: 'down' })}' && \\
  curl -s -i -X POST ${apiUrl}/checkout -H 'content-type: application/json' -H "idempotency-key: $(date +%s%N)" \\
       -d '${order(1)}'
  (payments is down: the checkout answers 202 pending_payment; bring it back with ${faults({ mode: 'up' })}
   and GET the Location URL to watch the queued capture confirm the order)

Ctrl-C stops everything.
`);
}

let exiting = false;
async function shutdown(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  await stack.stop();
  process.exit(code);
}

function fail(message: string): void {
  process.stderr.write(`\n${message}\n`);
  void shutdown(1);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
main().catch((error: unknown) => {
  process.stderr.write(`carta: ${(error as Error).stack ?? String(error)}\n`);
  void shutdown(1);
});
