import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Bulkhead, CircuitBreaker, ResilienceModule, Retry, Timeout } from '@carta/resilience';
import { defer, firstValueFrom, Observable } from 'rxjs';
import { work, type CaseSetup } from '../harness.js';

/**
 * The Nest layer: a decorated provider method against the same method undecorated, for a
 * Promise-returning method and an Observable-returning one (as `HttpService` methods are).
 */
export const subject = 'nest';

@Injectable()
class PlainClient {
  async fetch(): Promise<number> {
    return work();
  }

  stream(): Observable<number> {
    return defer(() => work());
  }
}

@Injectable()
class DecoratedClient {
  @CircuitBreaker('bench')
  @Retry('bench')
  @Timeout('bench')
  @Bulkhead('bench')
  async fetch(): Promise<number> {
    return work();
  }

  @CircuitBreaker('bench')
  @Retry('bench')
  @Timeout('bench')
  @Bulkhead('bench')
  stream(): Observable<number> {
    return defer(() => work());
  }
}

@Module({
  imports: [
    ResilienceModule.forRoot({
      policies: {
        bench: {
          circuitBreaker: { failureThreshold: 5, resetTimeoutMs: 60_000 },
          retry: { maxAttempts: 3 },
          timeoutMs: 1_000,
          bulkhead: { maxConcurrent: 2_000 },
        },
      },
    }),
  ],
  providers: [PlainClient, DecoratedClient],
})
class BenchModule {}

export async function setup(): Promise<CaseSetup> {
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  const plain = app.get(PlainClient);
  const decorated = app.get(DecoratedClient);
  return {
    cases: [
      { id: 'nest.plain', label: 'nest provider method, undecorated', call: () => plain.fetch() },
      {
        id: 'nest.decorated',
        label: 'nest provider method, full stack decorators',
        baseline: 'nest.plain',
        call: () => decorated.fetch(),
      },
      {
        id: 'nest.observable.plain',
        label: 'nest Observable method, undecorated',
        call: () => firstValueFrom(plain.stream()),
      },
      {
        id: 'nest.observable.decorated',
        label: 'nest Observable method, full stack decorators',
        baseline: 'nest.observable.plain',
        call: () => firstValueFrom(decorated.stream()),
      },
    ],
    teardown: () => app.close(),
  };
}
