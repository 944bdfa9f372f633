import { newKey, order, ShopFixture } from '../support/shop.fixture.js';

const EXPORTED = [
  'circuit_breaker_state',
  'circuit_breaker_transitions_total',
  'circuit_breaker_calls_total',
  'circuit_breaker_failure_rate',
  'bulkhead_active_count',
  'bulkhead_queue_depth',
  'bulkhead_max_concurrent',
  'bulkhead_rejected_total',
  'http_client_request_duration_seconds',
  'http_client_timeouts_total',
  'http_client_retries_total',
  'retry_budget_tokens',
  'retry_budget_denied_total',
  'fallback_invocations_total',
  'checkout_orders_total',
  'checkout_queue_jobs',
  'idempotency_replays_total',
  'idempotency_conflicts_total',
  'http_server_request_duration_seconds',
  'process_cpu_seconds_total',
  'nodejs_eventloop_lag_seconds',
];

/** The value of the sample `name{labels}` in a Prometheus exposition, if present. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  let shop: ShopFixture;
  const metrics = async (): Promise<string> =>
    (await shop.request('GET', '/metrics')).body as unknown as string;

  beforeAll(async () => {
    shop = await ShopFixture.start({ ADMIN_TOKEN: 'metrics-test-token-0123', CAPTURE_DELAY_MS: '600000' });
  });

  afterAll(() => shop?.stop());

  it('exports every documented metric, with Node process defaults', async () => {
    const text = await metrics();
    for (const name of EXPORTED) expect(text).toContain(`# TYPE ${name} `);
  });

  it('counts checkouts by status, replays and conflicts, and times client and server requests by template', async () => {
    const key = newKey('metrics');
    await shop.checkout(key, order());
    await shop.checkout(key, order());
    await shop.checkout(key, order('MUG-02', 5));
    const text = await metrics();
    expect(sample(text, 'checkout_orders_total', { status: 'confirmed' })).toBe(1);
    expect(sample(text, 'idempotency_replays_total')).toBe(1);
    expect(sample(text, 'idempotency_conflicts_total', { kind: 'mismatch' })).toBe(1);
    expect(
      sample(text, 'http_client_request_duration_seconds_count', {
        service: 'payments',
        endpoint: 'POST /charges',
        status: '201',
      }),
    ).toBe(1);
    expect(
      sample(text, 'http_server_request_duration_seconds_count', {
        method: 'POST',
        route: '/checkout',
        status: '201',
      }),
    ).toBe(2);
    expect(sample(text, 'bulkhead_max_concurrent', { service: 'inventory' })).toBe(5);
  });

  it('shows a failing dependency: retries, breaker calls and transitions, state, fallbacks and queued captures', async () => {
    await shop.setFaults('payments', { failRate: 1 });
    for (let i = 0; i < 5; i++) await shop.checkout(newKey('failing'), order());
    await shop.setFaults('catalog', { mode: 'down' });
    await shop.get('/catalog/products');
    const text = await metrics();
    expect(
      sample(text, 'http_client_retries_total', { service: 'payments', attempt: '2', result: 'scheduled' }),
    ).toBeGreaterThan(0);
    expect(sample(text, 'circuit_breaker_calls_total', { service: 'payments', outcome: 'failure' })).toBe(5);
    expect(
      sample(text, 'circuit_breaker_transitions_total', { service: 'payments', from: 'closed', to: 'open' }),
    ).toBe(1);
    expect(sample(text, 'circuit_breaker_state', { service: 'payments' })).toBe(1);
    expect(sample(text, 'checkout_orders_total', { status: 'pending_payment' })).toBe(5);
    expect(sample(text, 'checkout_queue_jobs', { state: 'delayed' })).toBe(5);
    expect(
      sample(text, 'fallback_invocations_total', { fallback_type: 'retries_exhausted' }),
    ).toBeGreaterThan(0);
    await shop.setFaults('catalog', { mode: 'up' });
    await shop.setFaults('payments', { mode: 'up' });
  });

  it('never labels a series with an order id, an idempotency key or a SKU', async () => {
    const text = await metrics();
    expect(text).not.toMatch(/ord_[0-9a-f]{6}/);
    expect(text).not.toContain('metrics-');
    expect(text).not.toContain('MUG-02');
  });
});
