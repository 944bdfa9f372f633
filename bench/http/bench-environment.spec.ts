import { benchEnvironment } from './bench-environment.js';
import { connectionsFor } from './route-connections.js';
import { peerPoliciesOf } from '../peers/shared/peer-policies.js';

describe('benchEnvironment', () => {
  it('raises every bulkhead that admits fewer calls than the connections to the connections', () => {
    // Inventory admits 5 (no queue), payments 40 (20 + 20), catalog 70 (20 + 50).
    const { env, set } = benchEnvironment({ PATH: '/bin' }, 50);
    expect(set).toEqual([
      'RESILIENCE_INVENTORY_BULKHEAD_MAX_CONCURRENT=50',
      'RESILIENCE_PAYMENTS_BULKHEAD_MAX_CONCURRENT=50',
    ]);
    expect(env.PATH).toBe('/bin');
    const policies = peerPoliciesOf(env);
    expect(policies.inventory.maxConcurrent).toBe(50);
    expect(policies.catalog.maxConcurrent).toBe(20);
    // No route is loaded with fewer connections than asked.
    expect(connectionsFor('inventory', 50, env)).toBe(50);
  });

  it('leaves a bulkhead the environment sets, and the defaults when they admit the load', () => {
    const env = { RESILIENCE_INVENTORY_BULKHEAD_MAX_QUEUE: '2' };
    expect(benchEnvironment(env, 50).set).toEqual(['RESILIENCE_PAYMENTS_BULKHEAD_MAX_CONCURRENT=50']);
    expect(connectionsFor('inventory', 50, benchEnvironment(env, 50).env)).toBe(7);
    expect(benchEnvironment({}, 5)).toEqual({ env: {}, set: [] });
  });
});
