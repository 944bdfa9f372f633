import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Bulkhead, CircuitBreaker, ResilienceModule, Retry, Timeout } from '@carta/resilience';
import { work, type CaseSetup } from '../harness.js';

/** The Nest layer: a decorated provider method against the same method undecorated. */
export const subject = 'nest';

@Injectable()
class PlainClient {
  async fetch(): Promise<number> {
    return work();
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
    ],
    teardown: () => app.close(),
  };
}
