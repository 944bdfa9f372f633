import { loadApiConfig } from '../config/load-api-config.js';
import { shedRetryAfterSeconds, shedThresholdsOf } from './shed-settings.js';

describe('load-shedding settings', () => {
  it('sheds browsing beyond 100 ms of event-loop delay or 200 requests in flight, checkout beyond 250 ms or 400, by default', () => {
    const config = loadApiConfig({});
    expect(config.SHED_ENABLED).toBe(true);
    expect(shedThresholdsOf(config)).toEqual({
      browse: { maxEventLoopDelayMs: 100, maxInFlight: 200 },
      checkout: { maxEventLoopDelayMs: 250, maxInFlight: 400 },
    });
    expect(shedRetryAfterSeconds(config)).toBe(1);
  });

  it('reads SHED_ENABLED=false as off and true as on', () => {
    expect(loadApiConfig({ SHED_ENABLED: 'false' }).SHED_ENABLED).toBe(false);
    expect(loadApiConfig({ SHED_ENABLED: 'true' }).SHED_ENABLED).toBe(true);
  });

  it.each([
    ['SHED_ENABLED', 'no'],
    ['SHED_BROWSE_MAX_IN_FLIGHT', '0'],
    ['SHED_CHECKOUT_MAX_IN_FLIGHT', 'many'],
    ['SHED_BROWSE_EVENT_LOOP_DELAY_MS', '-5'],
    ['SHED_CHECKOUT_EVENT_LOOP_DELAY_MS', '1.5'],
    ['SHED_EVENT_LOOP_WINDOW_MS', '50'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadApiConfig({ [name]: value })).toThrow(`${name}="${value}"`);
  });

  it('refuses checkout thresholds below browsing’s: browsing must be shed first', () => {
    expect(() => loadApiConfig({ SHED_BROWSE_MAX_IN_FLIGHT: '500' })).toThrow(
      'SHED_CHECKOUT_MAX_IN_FLIGHT must be at least SHED_BROWSE_MAX_IN_FLIGHT (500)',
    );
    expect(() =>
      loadApiConfig({ SHED_BROWSE_EVENT_LOOP_DELAY_MS: '100', SHED_CHECKOUT_EVENT_LOOP_DELAY_MS: '80' }),
    ).toThrow('SHED_CHECKOUT_EVENT_LOOP_DELAY_MS="80"');
  });

  it('accepts equal thresholds (both priorities shed at once) and rounds Retry-After up to whole seconds', () => {
    const config = loadApiConfig({
      SHED_BROWSE_MAX_IN_FLIGHT: '300',
      SHED_CHECKOUT_MAX_IN_FLIGHT: '300',
      SHED_EVENT_LOOP_WINDOW_MS: '1500',
    });
    expect(shedThresholdsOf(config).checkout.maxInFlight).toBe(300);
    expect(shedRetryAfterSeconds(config)).toBe(2);
  });
});
