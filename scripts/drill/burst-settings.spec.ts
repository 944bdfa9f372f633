import { ApiConfig } from '../../apps/api/src/config/api.config.js';
import { burstSettingsOf, DRILL_API_KEY } from './burst-settings.js';
import { drillLoadOf } from './drill-load.js';
import { totalConnections } from './lane-scaling.js';

describe('burstSettingsOf', () => {
  const load = drillLoadOf(800);
  const burst = load.burst ?? burstSettingsOf({ lanes: [], rate: 800 });
  const lanes = [...load.lanes, ...load.floodLanes, ...burst.anonymousLanes];

  it('sets the browse threshold above what every lane and probe can hold in flight, and the crowd above it', () => {
    expect(burst.browseMaxInFlight).toBeGreaterThan(totalConnections(lanes) + 2);
    expect(burst.crowd).toBeGreaterThan(burst.browseMaxInFlight);
    expect(burst.checkoutMaxInFlight).toBeGreaterThan(burst.crowd + totalConnections(lanes) + 2);
  });

  it('sends the anonymous lanes at ten times the api default anonymous rate, against those defaults', () => {
    const defaults = new ApiConfig();
    expect(burst.anonymousLimits).toEqual({
      burst: defaults.RATE_LIMIT_ANONYMOUS_BURST,
      perSecond: defaults.RATE_LIMIT_ANONYMOUS_PER_SECOND,
    });
    expect(burst.anonymousLanes.reduce((n, l) => n + l.rate, 0)).toBe(
      10 * defaults.RATE_LIMIT_ANONYMOUS_PER_SECOND,
    );
    expect(burst.anonymousLanes.every((lane) => lane.apiKey === undefined)).toBe(true);
  });

  it('keys every mixed and flood lane, with a keyed limit of at least twice what they send', () => {
    expect([...load.lanes, ...load.floodLanes].every((lane) => lane.apiKey === DRILL_API_KEY)).toBe(true);
    expect(load.apiEnv.RATE_LIMIT_API_KEYS).toBe(DRILL_API_KEY);
    expect(Number(load.apiEnv.RATE_LIMIT_KEYED_PER_SECOND)).toBeGreaterThanOrEqual(2 * 800);
    expect(load.apiEnv.SHED_BROWSE_MAX_IN_FLIGHT).toBe(String(burst.browseMaxInFlight));
  });

  it('leaves the drill without --rate as it was: no key, no burst, its own lanes', () => {
    const own = drillLoadOf(undefined);
    expect(own.burst).toBeNull();
    expect(own.apiEnv.RATE_LIMIT_API_KEYS).toBeUndefined();
    expect(own.lanes.every((lane) => lane.apiKey === undefined)).toBe(true);
  });
});
