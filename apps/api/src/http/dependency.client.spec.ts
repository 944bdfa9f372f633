import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AttemptTimeoutError,
  DeadlineExceededError,
  PolicyRegistry,
  runWithDeadline,
} from '@carta/resilience';
import { runInScope } from '@carta/resilience/core';
import type { AxiosInstance } from 'axios';
import { FakeClock } from '@carta/resilience/testing';
import { eventually } from '../../../../test/support/eventually.js';
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

  async probe(url = '/probe'): Promise<number> {
    return this.policies
      .get(PAYMENTS)
      .execute((attempt) => runInScope(attempt, () => this.send('GET /probe', { url })))
      .then((response) => response.status);
  }
}

let server: Server;
let baseURL: string;
const received: IncomingHttpHeaders[] = [];
// Requests to /hang are never answered; each resolves here when its caller closes the connection.
const hungClosed: Promise<void>[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request.headers);
    if (request.url === '/hang') hungClosed.push(once(request.socket, 'close').then(() => undefined));
    else response.end('{}');
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

  afterEach(async () => {
    await client.onApplicationShutdown();
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

describe('DependencyClient read timeout', () => {
  it("has none where the policy times attempts: the attempt's timeout closes a hung request", async () => {
    const clock = new FakeClock();
    const metrics = new ShopMetrics();
    const policies = new PolicyRegistry({
      policies: {
        ...DEPENDENCY_POLICIES,
        [PAYMENTS]: { ...DEPENDENCY_POLICIES[PAYMENTS], retry: undefined },
      },
      clock,
    });
    const client = new ProbeClient(baseURL, policies, metrics);
    try {
      const call = client.probe('/hang');
      const outcome = call.catch((error: unknown) => error);
      await eventually(() => expect(hungClosed).toHaveLength(1));
      const { http } = client as unknown as { http: AxiosInstance };
      expect(http.defaults.timeout).toBe(0);
      // The 2 s attempt timeout, on the policies' clock: no read timeout is left to fire.
      clock.advance(2_000);
      expect(await outcome).toBeInstanceOf(AttemptTimeoutError);
      await hungClosed[0];
      const { values } = await metrics.clientRequests.get();
      expect(values.map((value) => value.labels.status)).toContain('aborted');
    } finally {
      await client.onApplicationShutdown();
      metrics.dispose();
    }
  });
});
