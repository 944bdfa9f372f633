import { connectionsFor } from './route-connections.js';

describe('connectionsFor', () => {
  it('loads the inventory route with no more connections than its bulkhead admits, and others with --connections', () => {
    expect(connectionsFor('inventory', 50, {})).toBe(5);
    expect(connectionsFor('inventory', 3, {})).toBe(3);
    expect(connectionsFor('products', 50, {})).toBe(50);
    expect(connectionsFor('checkout', 50, {})).toBe(50);
  });

  it('follows RESILIENCE_INVENTORY_BULKHEAD_* overrides, as the policies do', () => {
    const env = {
      RESILIENCE_INVENTORY_BULKHEAD_MAX_CONCURRENT: '20',
      RESILIENCE_INVENTORY_BULKHEAD_MAX_QUEUE: '10',
    };
    expect(connectionsFor('inventory', 50, env)).toBe(30);
  });
});
