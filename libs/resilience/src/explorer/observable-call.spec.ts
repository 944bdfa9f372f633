import { HttpModule, HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AxiosResponse } from 'axios';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, interval, lastValueFrom, map, Observable, of, take, toArray } from 'rxjs';
import { BrokenCircuitError, Fallback, PolicyRegistry, Resilient, ResilienceModule } from '../index.js';
import { FakeClock } from '../core/index.js';

// A real HTTP server the real HttpService calls: each test scripts its answers.
let server: Server;
let base: string;
let handle: (req: IncomingMessage, res: ServerResponse) => void;
const requests: { closedEarly: boolean }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const seen = { closedEarly: false };
    requests.push(seen);
    res.on('close', () => (seen.closedEarly = !res.writableEnded));
    handle(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

@Resilient('reports')
@Injectable()
class ReportsClient {
  constructor(private readonly http: HttpService) {}

  report(): Observable<string> {
    return this.http.get<string>(`${base}/report`).pipe(map((res: AxiosResponse<string>) => res.data));
  }

  @Fallback('cachedReport')
  reportOrCached(): Observable<string> {
    return this.report();
  }

  cachedReport(): Observable<string> {
    return of('cached report');
  }

  ticks(): Observable<number> {
    return interval(1).pipe(take(3));
  }
}

async function boot() {
  const clock = new FakeClock();
  const moduleRef = await Test.createTestingModule({
    imports: [
      HttpModule,
      ResilienceModule.forRoot({
        clock,
        policies: {
          reports: {
            circuitBreaker: { failureThreshold: 2 },
            retry: { maxAttempts: 2, backoff: 'constant', baseDelayMs: 0 },
            timeoutMs: 100,
          },
        },
      }),
    ],
    providers: [ReportsClient],
  }).compile();
  await moduleRef.init();
  return { clock, client: moduleRef.get(ReportsClient), registry: moduleRef.get(PolicyRegistry) };
}

async function untilRequests(count: number): Promise<void> {
  while (requests.length < count) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe('Observable-returning methods with a real HttpService', () => {
  it('retries by subscribing to the source again, and answers with the first good value', async () => {
    const { client } = await boot();
    handle = (_req, res) => {
      res.statusCode = requests.length === 1 ? 503 : 200;
      res.end(requests.length === 1 ? 'busy' : 'the report');
    };
    await expect(firstValueFrom(client.report())).resolves.toBe('the report');
    expect(requests).toHaveLength(2);
  });

  it('makes one logical call per subscription: nothing is requested before subscribing', async () => {
    const { client } = await boot();
    handle = (_req, res) => res.end('ok');
    const report = client.report();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests).toHaveLength(0);
    await lastValueFrom(report);
    await lastValueFrom(report);
    expect(requests).toHaveLength(2);
  });

  it('unsubscribes on timeout, which aborts the HTTP request', async () => {
    const { client, clock } = await boot();
    handle = () => undefined; // never answers
    const outcome = lastValueFrom(client.report()).catch((error: unknown) => error);
    await untilRequests(1);
    await clock.advanceAsync(100);
    await untilRequests(2); // the retry re-subscribed
    await clock.advanceAsync(100);
    expect((await outcome) as Error).toMatchObject({ name: 'AttemptTimeoutError' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests.map((r) => r.closedEarly)).toEqual([true, true]);
  });

  it('counts each subscription once in the breaker, and then fails fast without a request', async () => {
    const { client, registry } = await boot();
    handle = (_req, res) => {
      res.statusCode = 500;
      res.end('down');
    };
    for (let i = 0; i < 2; i++) await lastValueFrom(client.report()).catch(() => undefined);
    expect(requests).toHaveLength(4); // 2 calls x 2 attempts
    expect(registry.get('reports').breaker!.state).toBe('open');
    await expect(lastValueFrom(client.report())).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(requests).toHaveLength(4);
  });

  it('cancels the call and its request when the subscriber unsubscribes', async () => {
    const { client, registry } = await boot();
    handle = () => undefined;
    const subscription = client.report().subscribe({ error: () => undefined });
    await untilRequests(1);
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests[0].closedEarly).toBe(true);
    expect(registry.get('reports').breaker!.snapshot().consecutiveFailures).toBe(0);
  });

  it('passes every value of a stream through, the first one deciding the outcome', async () => {
    const { client } = await boot();
    await expect(lastValueFrom(client.ticks().pipe(toArray()))).resolves.toEqual([0, 1, 2]);
  });
});

describe('Observable-returning methods: outcomes the breaker hears', () => {
  it('counts a subscription that got its value as a success, though firstValueFrom unsubscribes at once', async () => {
    const { client, registry } = await boot();
    handle = (_req, res) => res.end('ok');
    const breaker = registry.get('reports').breaker!;
    breaker.transitionTo('half_open');
    await expect(firstValueFrom(client.report())).resolves.toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(breaker.state).toBe('closed');
  });

  it('answers with the fallback when the call fails', async () => {
    const { client, registry } = await boot();
    registry.get('reports').breaker!.transitionTo('forced_open');
    await expect(lastValueFrom(client.reportOrCached())).resolves.toBe('cached report');
  });
});
