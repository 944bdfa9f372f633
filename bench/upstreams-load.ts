// Measures req/s per listener of a running simulator (`npm run start:upstreams`), from a
// separate process over keep-alive connections, as autocannon would. No dependencies.
//   npm run bench:upstreams -- [seconds=5] [connections=32]   (after a build: node dist/bench/upstreams-load.js 5 32)
// The simulator's host and ports come from the same variables it reads (UPSTREAMS_HOST,
// UPSTREAMS_ADMIN_PORT, CATALOG_PORT, INVENTORY_PORT, PAYMENTS_PORT), with its defaults.
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import type { CreateReservationDto } from '../apps/upstreams/src/inventory/create-reservation.dto.js';
import type { CreateChargeDto } from '../apps/upstreams/src/payments/create-charge.dto.js';
import { readUpstreamsEnv } from '../apps/upstreams/src/config/upstreams-env.reader.js';
import { DEFAULT_HOST, DEFAULT_PORTS } from '../apps/upstreams/src/upstreams.options.js';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 32);
const settings = readUpstreamsEnv(process.env);
const host = settings.host ?? DEFAULT_HOST;
const ports = { ...DEFAULT_PORTS, ...settings.ports };

/** One request to send, again and again. */
interface Target {
  port: number;
  path: string;
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: CreateReservationDto | CreateChargeDto;
}

let sequence = 0;
const targets: [listener: string, label: string, make: () => Target][] = [
  ['catalog', 'GET /products/:sku', () => ({ port: ports.catalog, path: '/products/MUG-02' })],
  ['catalog', 'GET /products', () => ({ port: ports.catalog, path: '/products' })],
  ['inventory', 'GET /stock/:sku', () => ({ port: ports.inventory, path: '/stock/MUG-02' })],
  [
    'inventory',
    'POST /reservations',
    () => ({
      port: ports.inventory,
      path: '/reservations',
      method: 'POST',
      body: { items: [{ sku: 'BEANS-07', quantity: 1 }] },
    }),
  ],
  [
    'payments',
    'POST /charges (new key)',
    () => ({
      port: ports.payments,
      path: '/charges',
      method: 'POST',
      headers: { 'idempotency-key': `bench-${process.pid}-${++sequence}` },
      body: { orderId: `o-${sequence}`, customerId: 'bench', amountCents: 1450 },
    }),
  ],
  [
    'payments',
    'POST /charges (replay)',
    () => ({
      port: ports.payments,
      path: '/charges',
      method: 'POST',
      headers: { 'idempotency-key': `bench-replay-${process.pid}` },
      body: { orderId: 'o-replay', customerId: 'bench', amountCents: 1450 },
    }),
  ],
  ['admin', 'GET /__faults', () => ({ port: ports.admin, path: '/__faults' })],
];

function once(agent: Agent, { port, path, method = 'GET', headers = {}, body }: Target): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({
      host,
      port,
      path,
      method,
      agent,
      headers: payload ? { ...headers, 'content-type': 'application/json' } : headers,
    });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(payload);
  });
}

async function measure(make: () => Target): Promise<{ rps: number; statuses: Record<number, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  // Warm up the JIT and the connections before the clock starts.
  const warmUntil = performance.now() + 500;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < warmUntil) await once(agent, make());
    }),
  );
  let done = 0;
  const statuses = new Map<number, number>();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const status = await once(agent, make());
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        done++;
      }
    }),
  );
  agent.destroy();
  return {
    rps: Math.round(done / ((performance.now() - started) / 1000)),
    statuses: Object.fromEntries(statuses),
  };
}

for (const [listener, label, make] of targets) {
  const { rps, statuses } = await measure(make);
  console.log(
    `${listener.padEnd(9)} ${label.padEnd(26)} ${String(rps).padStart(7)} req/s  ${JSON.stringify(statuses)}`,
  );
}
