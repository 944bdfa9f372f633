import { PolicyRegistry } from '@carta/resilience';
import type { AxiosInstance } from 'axios';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DependencyPool } from '../http/dependency.pool.js';
import { loadApiConfig } from '../config/load-api-config.js';
import { UpstreamContractError } from '../errors/upstream-contract.error.js';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { DEPENDENCY_POLICIES } from '../resilience/dependency-policies.js';
import { PaymentsClient } from './payments.client.js';

// The policies are not applied here (Nest's explorer does that): these tests read how one
// answer of payments' lookup route becomes a domain result, over real HTTP.
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let lastUrl = '';
let server: Server;
let client: PaymentsClient;
let metrics: ShopMetrics;
let policies: PolicyRegistry;

beforeAll(async () => {
  server = createServer((request, response) => {
    lastUrl = request.url ?? '';
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  metrics = new ShopMetrics();
  policies = new PolicyRegistry({ policies: DEPENDENCY_POLICIES });
  client = new PaymentsClient(loadApiConfig({ PAYMENTS_URL: `http://127.0.0.1:${port}` }), policies, metrics);
});

afterAll(async () => {
  await client.onApplicationShutdown();
  metrics.dispose();
  await new Promise((resolve) => server.close(resolve));
});

const charge = { chargeId: 'ch_1', orderId: 'ord_1', amountCents: 2900, status: 'succeeded' };

describe('PaymentsClient#findCharge', () => {
  it('asks GET /charges with the key as a query parameter, escaped', async () => {
    answer = { status: 200, body: charge };
    await client.findCharge('k&=+%#?/ 1');
    expect(new URL(lastUrl, 'http://x').searchParams.getAll('idempotencyKey')).toEqual(['k&=+%#?/ 1']);
  });

  it('finds the charge payments answers with', async () => {
    answer = { status: 200, body: charge };
    expect(await client.findCharge('k-1')).toEqual({ kind: 'found', charge });
  });

  it('takes 404 charge_not_found for a definite "no charge under this key"', async () => {
    answer = { status: 404, body: { error: 'charge_not_found', message: 'no charge' } };
    expect(await client.findCharge('k-1')).toEqual({ kind: 'none' });
  });

  it('throws on a 404 that is not charge_not_found (a payments without the lookup route)', async () => {
    answer = { status: 404, body: { error: 'not_found', message: 'no route' } };
    await expect(client.findCharge('k-1')).rejects.toBeInstanceOf(UpstreamContractError);
  });

  it('throws on a 200 that is not one charge (a payments that ignores the query and lists every charge)', async () => {
    answer = { status: 200, body: { charges: [charge] } };
    await expect(client.findCharge('k-1')).rejects.toBeInstanceOf(UpstreamContractError);
  });

  it('throws on a 5xx: payments could not say', async () => {
    answer = { status: 503, body: { error: 'injected_failure', message: 'down' } };
    await expect(client.findCharge('k-1')).rejects.toMatchObject({ response: { status: 503 } });
  });
});

describe('PaymentsClient pool', () => {
  // The client's own HTTP plumbing, read as the tests of its sizing must.
  const plumbing = () => client as unknown as { pool: DependencyPool; http: AxiosInstance };

  it("is sized from the payments policy: a connection per bulkhead slot, no read timeout (the attempt's cancels)", () => {
    expect(plumbing().pool.connections).toBe(20);
    expect(plumbing().http.defaults.timeout).toBe(0);
  });

  it('follows a reconfigured policy, so a larger bulkhead takes effect', () => {
    policies.reconfigure('payments', { bulkhead: { maxConcurrent: 40 }, timeoutMs: 3_000 });
    expect(plumbing().pool.connections).toBe(40);
    expect(plumbing().http.defaults.timeout).toBe(0);
  });

  it('reads for at most 10 s under a policy without a timeout: nothing else would cut a hung request', async () => {
    const { timeoutMs: _none, ...untimed } = DEPENDENCY_POLICIES.payments;
    const registry = new PolicyRegistry({ policies: { ...DEPENDENCY_POLICIES, payments: untimed } });
    const untimedClient = new PaymentsClient(loadApiConfig({}), registry, metrics);
    try {
      expect((untimedClient as unknown as { http: AxiosInstance }).http.defaults.timeout).toBe(10_000);
    } finally {
      await untimedClient.onApplicationShutdown();
    }
  });
});
