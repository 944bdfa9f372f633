import { loadApiConfig } from '../config/load-api-config.js';
import { maxAdmitted, tierLimitsOf } from './rate-limit.settings.js';

describe('rate limit settings', () => {
  it('limits by default, anonymous clients to 100 at once and 20/s, keyed ones to 1000 and 200/s, synced every 100 ms', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({
      RATE_LIMIT_ENABLED: true,
      RATE_LIMIT_API_KEYS: [],
      RATE_LIMIT_SYNC_MS: 100,
      RATE_LIMIT_STORE: 'redis',
      TRUST_PROXY_HOPS: 0,
    });
    expect(tierLimitsOf(config)).toEqual({
      anonymous: { burst: 100, perSecond: 20 },
      keyed: { burst: 1_000, perSecond: 200 },
    });
  });

  it('reads RATE_LIMIT_API_KEYS as a comma-separated list, blanks dropped', () => {
    const keys = loadApiConfig({ RATE_LIMIT_API_KEYS: ' first-key-0123456789 , ,second-key-0123456789' });
    expect(keys.RATE_LIMIT_API_KEYS).toEqual(['first-key-0123456789', 'second-key-0123456789']);
  });

  it('takes a fractional refill rate and RATE_LIMIT_ENABLED=false', () => {
    expect(
      loadApiConfig({ RATE_LIMIT_ANONYMOUS_PER_SECOND: '0.5', RATE_LIMIT_ENABLED: 'false' }),
    ).toMatchObject({ RATE_LIMIT_ANONYMOUS_PER_SECOND: 0.5, RATE_LIMIT_ENABLED: false });
  });

  it.each([
    ['RATE_LIMIT_ENABLED', 'yes'],
    ['RATE_LIMIT_ANONYMOUS_BURST', '0'],
    ['RATE_LIMIT_ANONYMOUS_PER_SECOND', '0'],
    ['RATE_LIMIT_KEYED_BURST', '1.5'],
    ['RATE_LIMIT_KEYED_PER_SECOND', 'fast'],
    ['RATE_LIMIT_API_KEYS', 'short'],
    ['RATE_LIMIT_SYNC_MS', '5000'],
    ['RATE_LIMIT_STORE', 'postgres'],
    ['TRUST_PROXY_HOPS', '-1'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => loadApiConfig({ [name]: value })).toThrow(`${name}="${value}"`);
  });

  it('bounds what replicas admit by one exact bucket plus (N - 1) / N of one sync interval’s worth', () => {
    const limits = { burst: 100, perSecond: 20 };
    expect(maxAdmitted({ limits, replicas: 1, syncMs: 100, seconds: 10 })).toBe(300);
    expect(maxAdmitted({ limits, replicas: 2, syncMs: 100, seconds: 10 })).toBe(300 + 51);
    expect(maxAdmitted({ limits, replicas: 4, syncMs: 100, seconds: 10 })).toBe(300 + 76.5);
  });

  it('adds one token a replica beyond the burst when replicas outnumber it (each share holds one)', () => {
    const limits = { burst: 2, perSecond: 10 };
    // exact 2 + 10 x 1, the sync's (7 / 8) x (2 + 1), and 8 - 2 whole-token shares.
    expect(maxAdmitted({ limits, replicas: 8, syncMs: 100, seconds: 1 })).toBeCloseTo(12 + 2.625 + 6);
    expect(maxAdmitted({ limits, replicas: 2, syncMs: 100, seconds: 1 })).toBe(12 + 1.5);
  });
});
