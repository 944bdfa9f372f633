export type { AsyncMethod, AsyncMethodDecorator } from './async-method.js';
export * from './bulkhead.decorator.js';
export * from './circuit-breaker.decorator.js';
export * from './fallback.decorator.js';
export * from './resilient.decorator.js';
export * from './retry.decorator.js';
export * from './timeout.decorator.js';
