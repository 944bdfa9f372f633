import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeadlineExceededError, PolicyRegistry, runWithDeadline } from '@carta/resilience';
import { runInScope } from '@carta/resilience/core';
import { FakeClock } from '@carta/resilience/testing';
import { ShopMetrics } from '../metrics/shop-metrics.js';
import { DEPENDENCY_POLICIES, PAYMENTS } from '../resilience/dependency-policies.js';
import { DependencyClient } from './dependency.client.js';

// The smallest client on the base, calling through its policy as a decorated method does:
// the body runs in its attempt's scope.
class ProbeClient extends DependencyClient {
  constructor(
    baseURL: string,
    private readonly policies: PolicyRegistry,
    metrics: ShopMetrics,
  ) {
    super(PAYMENTS, baseURL, policies, 500, metrics);
  }

  async probe(): Promise<number> {
    return this.policies
      .get(PAYMENTS)
      .execute((attempt) => runInScope(attempt, () => this.send('GET /probe', { url: '/probe' })))
      .then((response) => response.status);
  }
}

let server: Server;
let baseURL: string;
const received: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request.headers);
    response.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('DependencyClient outbound deadlines', () => {
  let clock: FakeClock;
  let metrics: ShopMetrics;
  let client: ProbeClient;

  beforeEach(() => {
    received.length = 0;
    clock = new FakeClock();
    metrics = new ShopMetrics();
    client = new ProbeClient(baseURL, new PolicyRegistry({ policies: DEPENDENCY_POLICIES, clock }), metrics);
  });

  afterEach(() => {
    client.onApplicationShutdown();
    metrics.dispose();
  });

  it("sends the attempt's deadline: the request's, when it is earlier than the 2 s attempt timeout", async () => {
    await runWithDeadline(clock.now() + 1_300, () => client.probe());
    expect(received[0]).toMatchObject({
      'x-request-deadline': String(clock.epochNow() + 1_300),
      'x-request-timeout-ms': '1300',
    });
  });

  it("sends the attempt timeout's deadline when no request deadline is earlier", async () => {
    await client.probe();
    expect(received[0]).toMatchObject({
      'x-request-deadline': String(clock.epochNow() + 2_000),
      'x-request-timeout-ms': '2000',
    });
  });

  it('sends nothing when less than 1 ms is left: DeadlineExceededError', async () => {
    // The policy still starts an attempt with 0.5 ms left; the request is what must not leave.
    await expect(runWithDeadline(clock.now() + 0.5, () => client.probe())).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    expect(received).toHaveLength(0);
    // Timed as a request its attempt cut short would be.
    const { values } = await metrics.clientRequests.get();
    expect(values.map((value) => value.labels.status)).toContain('aborted');
  });
});
