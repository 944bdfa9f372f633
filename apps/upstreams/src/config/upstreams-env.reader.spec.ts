import { readUpstreamsEnv } from './upstreams-env.reader.js';

describe('readUpstreamsEnv', () => {
  const healthy = { latencyMs: 0, jitterMs: 0, failRate: 0, mode: 'up' };

  it('sets nothing but healthy faults when the environment is empty, so every default applies', () => {
    expect(readUpstreamsEnv({})).toEqual({
      ports: {},
      faults: { catalog: healthy, inventory: healthy, payments: healthy },
    });
  });

  it('reads the host, the four ports (0 included) and the stock', () => {
    const options = readUpstreamsEnv({
      UPSTREAMS_HOST: '0.0.0.0',
      UPSTREAMS_ADMIN_PORT: '0',
      CATALOG_PORT: '5001',
      INVENTORY_PORT: '5002',
      PAYMENTS_PORT: '65535',
      INVENTORY_STOCK: '25',
    });
    expect(options).toMatchObject({
      host: '0.0.0.0',
      ports: { admin: 0, catalog: 5001, inventory: 5002, payments: 65535 },
      inventoryStock: 25,
    });
  });

  it("reads each dependency's faults from its own prefix", () => {
    const { faults } = readUpstreamsEnv({
      CATALOG_LATENCY_MS: '120',
      CATALOG_JITTER_MS: '30',
      INVENTORY_MODE: 'hang',
      PAYMENTS_FAIL_RATE: '.5',
      PAYMENTS_FAIL_NEXT: '2',
    });
    expect(faults).toEqual({
      catalog: { ...healthy, latencyMs: 120, jitterMs: 30 },
      inventory: { ...healthy, mode: 'hang' },
      payments: { ...healthy, failRate: 0.5, failNext: 2 },
    });
  });

  it('treats empty variables as unset', () => {
    expect(readUpstreamsEnv({ CATALOG_PORT: '', PAYMENTS_MODE: ' ' })).toEqual(readUpstreamsEnv({}));
  });

  it.each([
    [{ PAYMENTS_FAIL_RATE: '2' }, 'PAYMENTS_FAIL_RATE must be a number from 0 to 1, got "2"'],
    [{ CATALOG_LATENCY_MS: 'slow' }, 'CATALOG_LATENCY_MS must be a number from 0 to 3600000, got "slow"'],
    [{ CATALOG_JITTER_MS: '1e3' }, 'CATALOG_JITTER_MS must be a number from 0 to 3600000, got "1e3"'],
    [{ INVENTORY_MODE: 'broken' }, 'INVENTORY_MODE must be one of up, down, hang, reset, got "broken"'],
    [{ PAYMENTS_RESET_NEXT: '1.5' }, 'PAYMENTS_RESET_NEXT must be an integer from 0 to 1000000, got "1.5"'],
    [{ CATALOG_PORT: 'http' }, 'CATALOG_PORT must be an integer from 0 to 65535, got "http"'],
    [{ PAYMENTS_PORT: '4003.5' }, 'PAYMENTS_PORT must be an integer from 0 to 65535, got "4003.5"'],
    [
      { UPSTREAMS_ADMIN_PORT: '70000' },
      'UPSTREAMS_ADMIN_PORT must be an integer from 0 to 65535, got "70000"',
    ],
    [{ INVENTORY_PORT: '-1' }, 'INVENTORY_PORT must be an integer from 0 to 65535, got "-1"'],
    [
      { INVENTORY_STOCK: 'lots' },
      'INVENTORY_STOCK must be an integer from 0 to 9007199254740991, got "lots"',
    ],
  ])('rejects %j with "%s"', (env, message) => {
    expect(thrown(() => readUpstreamsEnv(env))).toEqual(
      expect.objectContaining({ name: 'InvalidEnvError', message }),
    );
  });
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
