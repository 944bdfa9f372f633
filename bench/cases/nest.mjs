import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Bulkhead,
  CircuitBreaker,
  ResilienceModule,
  Retry,
  Timeout,
} from '../../dist/libs/resilience/src/index.js';
import { work } from '../harness.mjs';

/** The Nest layer: a decorated provider method against the same method undecorated. */
export const subject = 'nest';

// Plain .mjs has no decorator syntax: apply them as TypeScript's legacy decorators would.
function decorate(target, method, decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, method);
  for (const decorator of decorators.reverse()) decorator(target.prototype, method, descriptor);
}

class PlainClient {
  async fetch() {
    return work();
  }
}
Injectable()(PlainClient);

class DecoratedClient {
  async fetch() {
    return work();
  }
}
decorate(DecoratedClient, 'fetch', [
  CircuitBreaker('bench'),
  Retry('bench'),
  Timeout('bench'),
  Bulkhead('bench'),
]);
Injectable()(DecoratedClient);

class BenchModule {}
Module({
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
})(BenchModule);

export async function setup() {
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
