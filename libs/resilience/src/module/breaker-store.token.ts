/**
 * Token of the `BreakerStore` every breaker shares its state through; the module provides
 * the `breakerStore` option here, or a `MemoryBreakerStore` (local state) when none is given.
 * @example
 * Test.createTestingModule({ imports: [ResilienceModule.forRoot({ policies })] })
 *   .overrideProvider(BREAKER_STORE).useValue(new RedisBreakerStore(redis))
 */
export const BREAKER_STORE = Symbol('BREAKER_STORE');
