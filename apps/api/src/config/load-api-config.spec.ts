import { loadApiConfig } from './load-api-config.js';
import { InvalidConfigError } from './invalid-config.error.js';

describe('loadApiConfig', () => {
  it('applies the documented defaults when the environment is empty', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      ROLE: 'all',
      REDIS_URL: 'redis://127.0.0.1:6379',
      CATALOG_URL: 'http://127.0.0.1:4001',
      INVENTORY_URL: 'http://127.0.0.1:4002',
      PAYMENTS_URL: 'http://127.0.0.1:4003',
      REQUEST_TIMEOUT_MS: 3000,
      CATALOG_MAX_STALENESS_MS: 86_400_000,
      IDEMPOTENCY_TTL_MS: 86_400_000,
      HEAP_GROWING_PERCENT: 100,
    });
  });

  it('asks payments about answerless captures 10 s after the last attempt, then backs off from 1 s up to 60 s', () => {
    expect(loadApiConfig({})).toMatchObject({
      RECONCILE_DELAY_MS: 10_000,
      RECONCILE_BACKOFF_MS: 1_000,
      RECONCILE_MAX_BACKOFF_MS: 60_000,
    });
  });

  it("hands a dead worker's captures to another within 8 s: a 5 s lock, a stall check every 3 s, 5 stalls allowed", () => {
    expect(loadApiConfig({})).toMatchObject({
      CAPTURE_LOCK_MS: 5_000,
      CAPTURE_STALLED_INTERVAL_MS: 3_000,
      CAPTURE_MAX_STALLED_COUNT: 5,
    });
  });

  it.each([
    ['CAPTURE_LOCK_MS', '999'],
    ['HEAP_GROWING_PERCENT', '-1'],
    ['HEAP_GROWING_PERCENT', '1.5'],
    ['CAPTURE_STALLED_INTERVAL_MS', '0'],
    ['CAPTURE_MAX_STALLED_COUNT', '0'],
    ['RECONCILE_DELAY_MS', '-1'],
    ['RECONCILE_BACKOFF_MS', '0'],
    ['RECONCILE_MAX_BACKOFF_MS', 'soon'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadApiConfig({ [name]: value })).toThrow(`${name}="${value}"`);
  });

  it('converts numeric variables and keeps strings', () => {
    const config = loadApiConfig({ PORT: '0', ROLE: 'worker', PAYMENTS_URL: 'http://localhost:9000' });
    expect(config).toMatchObject({ PORT: 0, ROLE: 'worker', PAYMENTS_URL: 'http://localhost:9000' });
  });

  it('ignores variables that are not settings', () => {
    expect(loadApiConfig({ HOME: '/root' })).not.toHaveProperty('HOME');
  });

  it('names every invalid variable and its value', () => {
    let error: unknown;
    try {
      loadApiConfig({ PORT: 'eighty', ROLE: 'boss', REDIS_URL: 'localhost' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('ROLE="boss"');
    expect(message).toContain('REDIS_URL="localhost"');
  });
});
