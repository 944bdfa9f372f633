// --rate's settings: the mixed lanes keyed (limited per key, far above their load), anonymous
// clients held to the api's default limits, and the in-flight thresholds the burst phase goes
// beyond while the mixed traffic cannot.
import { ApiConfig } from '../../apps/api/src/config/api.config.js';
import type { ApiEnv } from '../lib/stack.js';
import { totalConnections } from './lane-scaling.js';
import type { Lane } from './load.js';

/** The key the mixed lanes send in X-Api-Key with --rate: 16 to 256 printable characters, no comma. */
export const DRILL_API_KEY = 'carta-drill-mixed-lanes-key';

// The api's own defaults: the anonymous tier in the burst is limited as in production.
const DEFAULTS = new ApiConfig();

/** `GET /health/dependencies` and `GET /metrics`: the probes' requests in flight at most, per api. */
const PROBES_IN_FLIGHT = 2;
/** Room between what the lanes can hold in flight and the browse threshold, and beyond it. */
const MARGIN = 16;

/** The burst phase's load and the api settings it runs against. */
export interface BurstSettings {
  /** Lanes sending anonymously (no X-Api-Key), well beyond the anonymous tier's limit. */
  anonymousLanes: Lane[];
  /** Requests the crowd of slow clients holds in flight, more than {@link browseMaxInFlight}. */
  crowd: number;
  /** SHED_BROWSE_MAX_IN_FLIGHT: more than every lane's connections can hold, less than the crowd. */
  browseMaxInFlight: number;
  /** SHED_CHECKOUT_MAX_IN_FLIGHT: more than the crowd and every lane together. */
  checkoutMaxInFlight: number;
  /** The anonymous tier's limits the lanes run into. */
  anonymousLimits: { burst: number; perSecond: number };
  /** The api's settings on top of the drill's. */
  apiEnv: ApiEnv;
}

/**
 * The burst's settings for keyed lanes `lanes` (the mixed ones and the flood's) sending
 * `rate` requests a second. Every autocannon connection holds at most one request in flight,
 * so the lanes and the probes together hold at most their connection count: the browse
 * threshold sits just above that (normal traffic is never shed by count), the crowd just
 * above the threshold (every browse request in the burst is), and the checkout threshold
 * above both (no checkout is).
 */
export function burstSettingsOf({ lanes, rate }: { lanes: readonly Lane[]; rate: number }): BurstSettings {
  const anonymousLimits = {
    burst: DEFAULTS.RATE_LIMIT_ANONYMOUS_BURST,
    perSecond: DEFAULTS.RATE_LIMIT_ANONYMOUS_PER_SECOND,
  };
  // Ten times the anonymous tier's sustained rate, from one address (127.0.0.1).
  const anonymousLanes: Lane[] = [
    { route: 'catalog', label: 'burst anonymous', connections: 4, rate: 10 * anonymousLimits.perSecond },
  ];
  const connections = totalConnections(lanes) + totalConnections(anonymousLanes) + PROBES_IN_FLIGHT;
  const browseMaxInFlight = connections + MARGIN;
  const crowd = browseMaxInFlight + MARGIN;
  const checkoutMaxInFlight = crowd + connections + MARGIN;
  // Twice what the keyed lanes send at once and a second: their paced bursts never run dry.
  const keyedLimit = String(Math.max(DEFAULTS.RATE_LIMIT_KEYED_BURST, 2 * (rate + 1000)));
  return {
    anonymousLanes,
    crowd,
    browseMaxInFlight,
    checkoutMaxInFlight,
    anonymousLimits,
    apiEnv: {
      RATE_LIMIT_API_KEYS: DRILL_API_KEY,
      RATE_LIMIT_KEYED_BURST: keyedLimit,
      RATE_LIMIT_KEYED_PER_SECOND: keyedLimit,
      RATE_LIMIT_ANONYMOUS_BURST: String(anonymousLimits.burst),
      RATE_LIMIT_ANONYMOUS_PER_SECOND: String(anonymousLimits.perSecond),
      SHED_BROWSE_MAX_IN_FLIGHT: String(browseMaxInFlight),
      SHED_CHECKOUT_MAX_IN_FLIGHT: String(checkoutMaxInFlight),
    },
  };
}
