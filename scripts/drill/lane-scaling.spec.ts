import { scaleLanes, totalConnections, totalRate } from './lane-scaling.js';
import type { Lane } from './load.js';
import { MAIN_LANES } from './phases.js';

describe('scaleLanes', () => {
  it('scales the mixed lanes to about 800 requests/s, each route keeping its share', () => {
    const scaled = scaleLanes(MAIN_LANES, 800);
    expect(Math.abs(totalRate(scaled) - 800)).toBeLessThanOrEqual(MAIN_LANES.length);
    for (const [i, lane] of scaled.entries())
      expect(lane.rate / 800).toBeCloseTo(MAIN_LANES[i].rate / totalRate(MAIN_LANES), 2);
  });

  it('adds connections so none sends more a second than the lane it scales', () => {
    for (const rate of [50, 300, 800, 5000])
      for (const [i, lane] of scaleLanes(MAIN_LANES, rate).entries())
        expect(lane.rate / lane.connections).toBeLessThanOrEqual(
          MAIN_LANES[i].rate / MAIN_LANES[i].connections + 1e-9,
        );
    expect(totalConnections(scaleLanes(MAIN_LANES, 800))).toBeGreaterThan(totalConnections(MAIN_LANES) * 7);
  });

  it('gives every lane of more than one connection an even count, so two apis split each route evenly', () => {
    for (const rate of [37, 300, 801, 4999])
      for (const lane of scaleLanes(MAIN_LANES, rate))
        if (lane.connections > 1) expect(lane.connections % 2).toBe(0);
  });

  it('keeps at least one request a second and one connection per lane at the lowest rate', () => {
    const scaled = scaleLanes(MAIN_LANES, 10);
    for (const lane of scaled) {
      expect(lane.rate).toBeGreaterThanOrEqual(1);
      expect(lane.connections).toBe(1);
    }
    expect(totalRate(scaled)).toBe(10);
  });

  it('keeps routes, labels and keys, and never gives a lane more connections than requests a second', () => {
    const lanes: Lane[] = [{ route: 'inventory', label: 'x', connections: 4, rate: 4, apiKey: 'k' }];
    const [lane] = scaleLanes(lanes, 3);
    expect(lane).toEqual({ route: 'inventory', label: 'x', connections: 3, rate: 3, apiKey: 'k' });
  });

  it('leaves the drill at its own rate as it is', () => {
    expect(scaleLanes(MAIN_LANES, totalRate(MAIN_LANES))).toEqual(MAIN_LANES);
  });
});
