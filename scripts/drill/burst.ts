// The burst phase's load: the crowd of slow clients first, then, once the api counts them in
// flight (so the phase's window opens with the shedder refusing browsing), the anonymous lanes.
import { IN_FLIGHT_METRIC } from '../../apps/api/src/overload/overload.metrics.js';
import type { BurstSettings } from './burst-settings.js';
import { holdRequests } from './crowd.js';
import { startLoad, type LoadContext, type RunningLoad } from './load.js';
import { parsePrometheus } from './prometheus.js';

/** The api's requests in flight from one scrape, or null. */
async function inFlightOf(apiUrl: string): Promise<number | null> {
  try {
    const response = await fetch(`${apiUrl}/metrics`, { signal: AbortSignal.timeout(900) });
    const sample = parsePrometheus(await response.text()).find((s) => s.name === IN_FLIGHT_METRIC);
    return sample?.value ?? null;
  } catch {
    return null;
  }
}

// How long the burst waits for the api to count the crowd before it goes on anyway (and says so).
const COUNTED_WITHIN_MS = 3_000;

/**
 * Holds the crowd on the (one) api, waits until its in-flight count is beyond the browse
 * threshold (at most 3 s, polled), then starts the anonymous lanes for `durationS`. Both end
 * at `stop`, and on their own after `durationS`.
 */
export async function startBurst({
  settings,
  common,
  durationS,
  note,
}: {
  settings: BurstSettings;
  common: LoadContext;
  durationS: number;
  note: (text: string) => void;
}): Promise<RunningLoad> {
  const apiUrl = common.apiUrls[0];
  const crowd = await holdRequests({ apiUrl, count: settings.crowd, maxMs: durationS * 1000 });
  const started = Date.now();
  let inFlight: number | null = null;
  while (Date.now() - started < COUNTED_WITHIN_MS) {
    inFlight = await inFlightOf(apiUrl);
    if (inFlight !== null && inFlight > settings.browseMaxInFlight) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  note(
    `the crowd holds ${crowd.held} of ${settings.crowd} requests; ${IN_FLIGHT_METRIC} ${inFlight ?? 'n/a'} ` +
      `(SHED_BROWSE_MAX_IN_FLIGHT ${settings.browseMaxInFlight}) ${Date.now() - started} ms later`,
  );
  const anonymous = await startLoad({ ...common, lanes: settings.anonymousLanes, durationS });
  return {
    async stop() {
      await anonymous.stop();
      crowd.release();
    },
  };
}
