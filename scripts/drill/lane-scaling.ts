// --rate: the mixed lanes scaled to another total rate, keeping each route's share of it.
import type { Lane } from './load.js';

/** Requests a second over `lanes`. */
export const totalRate = (lanes: readonly Lane[]): number => lanes.reduce((sum, lane) => sum + lane.rate, 0);

/** Connections over `lanes`: each holds at most one request in flight (autocannon, no pipelining). */
export const totalConnections = (lanes: readonly Lane[]): number =>
  lanes.reduce((sum, lane) => sum + lane.connections, 0);

/**
 * `lanes` scaled to about `rate` requests a second in all: each lane keeps its share of the
 * total, and as many connections as keep each one at the lane's own rate per connection or
 * below, so a connection paces as it does at the drill's own rate (a checkout held 2.5 s by a
 * slow payments holds back as few others). Connection counts above one are rounded up to even,
 * as each route's are in the drill's own lanes. A lane keeps at least one request a second.
 */
export function scaleLanes(lanes: readonly Lane[], rate: number): Lane[] {
  const factor = rate / totalRate(lanes);
  return lanes.map((lane) => {
    const scaledRate = Math.max(1, Math.round(lane.rate * factor));
    const perConnection = lane.rate / lane.connections;
    const needed = Math.max(1, Math.ceil(scaledRate / perConnection - 1e-9));
    const connections = Math.min(scaledRate, needed > 1 ? needed + (needed % 2) : 1);
    return { ...lane, rate: scaledRate, connections };
  });
}
