// What load a run drives: the drill's own lanes, or with --rate the mixed lanes scaled and
// keyed, and the api settings the burst phase runs against.
import type { ApiEnv } from '../lib/stack.js';
import { burstSettingsOf, DRILL_API_KEY, type BurstSettings } from './burst-settings.js';
import { scaleLanes } from './lane-scaling.js';
import type { Lane } from './load.js';
import { DRILL_API_ENV, FLOOD_LANES, MAIN_LANES } from './phases.js';

/** The load a run drives: its lanes, and with --rate the burst's settings. */
export interface DrillLoad {
  lanes: readonly Lane[];
  floodLanes: readonly Lane[];
  /** Requests a second asked with --rate; null without. */
  rate: number | null;
  burst: BurstSettings | null;
  apiEnv: ApiEnv;
}

/** The drill's own load, or the one --rate asks for: the lanes keyed and the limits set for the burst. */
export function drillLoadOf(rate: number | undefined): DrillLoad {
  if (rate === undefined)
    return { lanes: MAIN_LANES, floodLanes: FLOOD_LANES, rate: null, burst: null, apiEnv: DRILL_API_ENV };
  const keyed = (lane: Lane): Lane => ({ ...lane, apiKey: DRILL_API_KEY });
  const lanes = scaleLanes(MAIN_LANES, rate).map(keyed);
  // The flood is sized against inventory's bulkhead, not the mix: it stays as it is, keyed.
  const floodLanes = FLOOD_LANES.map(keyed);
  const burst = burstSettingsOf({ lanes: [...lanes, ...floodLanes], rate });
  return { lanes, floodLanes, rate, burst, apiEnv: { ...DRILL_API_ENV, ...burst.apiEnv } };
}
