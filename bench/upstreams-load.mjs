// Measures req/s per listener of a running simulator (`npm run start:upstreams`), from a
// separate process over keep-alive connections, as autocannon would. No dependencies.
//   node bench/upstreams-load.mjs [seconds=5] [connections=32]
import { Agent, request } from 'node:http';

const seconds = Number(process.argv[2] ?? 5);
const connections = Number(process.argv[3] ?? 32);
const host = process.env.UPSTREAMS_HOST ?? '127.0.0.1';
const port = (name, fallback) => Number(process.env[name] || fallback);
const ports = {
  admin: port('UPSTREAMS_ADMIN_PORT', 4000),
  catalog: port('CATALOG_PORT', 4001),
  inventory: port('INVENTORY_PORT', 4002),
  payments: port('PAYMENTS_PORT', 4003),
};

let sequence = 0;
const targets = [
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

function once(agent, { port, path, method = 'GET', headers = {}, body }) {
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
      res.once('end', () => resolve(res.statusCode));
    });
    req.once('error', reject);
    req.end(payload);
  });
}

async function measure(make) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  // Warm up the JIT and the connections before the clock starts.
  const warmUntil = performance.now() + 500;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < warmUntil) await once(agent, make());
    }),
  );
  let done = 0;
  const statuses = new Map();
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
